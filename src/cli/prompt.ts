/**
 * The y/N approval prompt for a permission policy of `ask` (docs/contract.md): shown only when a person is at
 * an interactive terminal, on stderr so that stdout stays the script's. Anywhere else the call raises
 * `approval_required` (no approver is installed).
 */
import { createInterface } from 'node:readline';
import type { ApprovalRequest, Approver } from '../integration/invoke';

/** True when a person can answer: standard input and standard error are both terminals. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

export function formatApproval(request: ApprovalRequest): string {
  const lines = [
    `${request.function} wants to run (${request.operation}) on ${request.integration} account '${request.account}':`,
  ];
  for (const [key, value] of Object.entries(request.summary)) {
    const shown = value.length > 500 ? `${value.slice(0, 497)}...` : value;
    lines.push(`  ${key}: ${shown}`);
  }
  return lines.join('\n');
}

/** Ask one question at a time (scripts are sequential, but be safe). */
export function terminalApprover(): Approver {
  let queue: Promise<unknown> = Promise.resolve();
  return (request) => {
    const answer = queue.then(
      () =>
        new Promise<boolean>((resolve) => {
          const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
          rl.question(`${formatApproval(request)}\nAllow? [y/N] `, (reply) => {
            rl.close();
            resolve(/^\s*y(es)?\s*$/i.test(reply));
          });
          rl.on('SIGINT', () => {
            rl.close();
            resolve(false);
          });
        }),
    );
    queue = answer;
    return answer;
  };
}
