/**
 * The y/N approval prompt for a permission policy of `ask` (docs/contract.md): shown only when a person is at
 * an interactive terminal, on stderr so that stdout stays the script's. Anywhere else the call raises
 * `approval_required` (no approver is installed). Ctrl-C at the prompt cancels the run (`onCancel`).
 */
import { createInterface } from 'node:readline';
import type { ApprovalField, ApprovalRequest, Approver } from '../integration/approval';

/** True when a person can answer: standard input and standard error are both terminals. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

function fieldLine(field: ApprovalField): string {
  if (field.kind === 'list') return `  ${field.label}: ${field.items.join(', ')}`;
  if (field.kind === 'text') return `  ${field.label}: ${field.text}`;
  return `  ${field.label}: ${field.value}`;
}

export function formatApproval(request: ApprovalRequest): string {
  const lines = [
    `${request.function} wants to run (${request.operation}) on ${request.integration} account '${request.account}':`,
    `  ${request.title}`,
  ];
  for (const field of request.fields) lines.push(fieldLine(field));
  return lines.join('\n');
}

/**
 * Ask one question at a time (scripts are sequential, but be safe). `onCancel` is called on Ctrl-C: the run
 * is cancelled, not merely answered "no".
 */
export function terminalApprover(onCancel: () => void = () => undefined): Approver {
  let queue: Promise<unknown> = Promise.resolve();
  return (request, signal) => {
    const answer = queue.then(
      () =>
        new Promise<boolean>((resolve) => {
          if (signal.aborted) return resolve(false);
          const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
          const ended = () => {
            rl.close();
            resolve(false);
          };
          signal.addEventListener('abort', ended, { once: true });
          rl.question(`${formatApproval(request)}\nAllow? [y/N] `, (reply) => {
            signal.removeEventListener('abort', ended);
            rl.close();
            resolve(/^\s*y(es)?\s*$/i.test(reply));
          });
          rl.on('SIGINT', () => {
            signal.removeEventListener('abort', ended);
            rl.close();
            onCancel();
            resolve(false);
          });
        }),
    );
    queue = answer;
    return answer;
  };
}
