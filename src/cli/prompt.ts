/**
 * The approval prompt for a permission policy of `ask` (docs/contract.md; issue #10, item 1): shown only when a
 * person is at an interactive terminal, on stderr so that stdout stays the script's. Anywhere else the call
 * raises `approval_required` (no approver is installed). Drawing and reading are src/terminal's
 * (askApproval); this wires it to the process.
 */
import type { ApprovalField, ApprovalRequest } from '../integration/approval';
import type { ApprovalRequest as SummaryApprovalRequest, Approver } from '../integration/invoke';
import { askApproval } from '../terminal';
import { terminal, writeErr } from './output';
import { EXIT_FAILED } from './usage-error';

/** True when a person can answer: standard input and standard error are both terminals. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/**
 * The integration's summary as a structured request, until the integration builds that itself from what
 * it will send (src/integration/approval.ts): `to` is a list (one `, `-joined string of normalised numbers),
 * `body` a text, anything else a value.
 */
export function structuredApproval(request: SummaryApprovalRequest): ApprovalRequest {
  const fields: ApprovalField[] = Object.entries(request.summary).map(([label, value]): ApprovalField => {
    if (label === 'to') return { kind: 'list', label, items: value.split(', ') };
    if (label === 'body') return { kind: 'text', label, text: value };
    return { kind: 'value', label, value };
  });
  const to = fields.find((f) => f.kind === 'list');
  const recipients = to?.kind === 'list' ? ` to ${to.items.length} recipient${to.items.length === 1 ? '' : 's'}` : '';
  return {
    integration: request.integration,
    function: request.function,
    account: request.account,
    operation: request.operation,
    title: `${request.function} (${request.operation})${recipients}`,
    fields,
  };
}

/** Ask one question at a time (scripts are sequential, but be safe). Ctrl-C at the prompt ends the process. */
export function terminalApprover(): Approver {
  let queue: Promise<unknown> = Promise.resolve();
  return (request) => {
    const answer = queue
      .then(() => askApproval(structuredApproval(request), { input: process.stdin, writer: terminal }))
      .then(async (reply) => {
        if (reply === 'interrupt') {
          // Until runs can be cancelled (issue #10): the worker dies with the process, so nothing is started.
          await writeErr(`kosmo-sinch: interrupted at the approval prompt: ${request.function} was not run, and the script was ended.\n`);
          process.exit(EXIT_FAILED);
        }
        return reply === 'allow';
      });
    queue = answer;
    return answer;
  };
}
