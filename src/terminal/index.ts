/**
 * src/terminal/ knows terminals: which characters they act on (escape sequences, controls, invisible
 * characters), whether a stream is a tty, raw-mode key input, and how to draw the approval prompt so that
 * nothing untrusted can pass for it (issue #10, items 1 and 2; issue #16, item 2).
 * It must not import src/lua, src/sinch, src/emulator or src/host; of the integration it knows only the
 * structured ApprovalRequest (src/integration/approval.ts).
 */
export { escapeCodePoint, makeVisible, type VisibleMode } from './visible';
export { TerminalWriter, type OutputStream, type StreamName, type TerminalWriterOptions } from './writer';
export { renderApproval, VIEW_LIMITS, type ApprovalView, type ApprovalViewOptions } from './approval-view';
export { AnswerKeys, type ApprovalAnswer, type KeyEvent } from './answer-keys';
export { askApproval, discardPendingInput, type ApprovalPromptIO, type KeyInput } from './approval-prompt';
