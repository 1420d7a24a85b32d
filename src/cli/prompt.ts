/**
 * The approval prompt for a permission policy of `ask` (docs/contract.md; issue #10, item 1): shown only when a
 * person is at an interactive terminal, on stderr so that stdout stays the script's. Anywhere else the call
 * raises `approval_required` (no approver is installed). Drawing and reading are src/terminal's
 * (askApproval); this wires it to the process. Ctrl-C at the prompt cancels the run (`onCancel`).
 */
import type { Approver } from '../integration/approval';
import { askApproval } from '../terminal';
import { terminal } from './output';

/** True when a person can answer: standard input and standard error are both terminals. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/**
 * Ask one question at a time (scripts are sequential, but be safe). `onCancel` is called on Ctrl-C: the run
 * is cancelled, not merely answered "no".
 */
export function terminalApprover(onCancel: () => void = () => undefined): Approver {
  let queue: Promise<unknown> = Promise.resolve();
  return (request, signal) => {
    const answer = queue
      .then(() => askApproval(request, { input: process.stdin, writer: terminal, signal }))
      .then((reply) => {
        if (reply === 'interrupt') onCancel();
        return reply === 'allow';
      });
    queue = answer.catch(() => undefined);
    return answer;
  };
}
