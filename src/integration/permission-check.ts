/**
 * The permission policy as two pipeline checks (docs/pipeline.md, "The permission checks"): per account and
 * operation `allow`, `ask` or `deny`; `--force` approves what `ask` would ask about. Built by the host for
 * each run from the run's options:
 *
 * - `policy` (named `permission`), first of every host's list: lets `allow` through, refuses `deny`, and under
 *   `ask` refuses at once when nobody can be asked or a person already said no in this run — all synchronous;
 * - `approval` (named `approval`), last: asks the person, with the run's deadline paused meanwhile (issue #16
 *   item 2). Guardrails go between the two, so that nobody is asked about a call a guardrail would refuse.
 *
 * After a person answers "no", every later call of the run that would need approval is refused without
 * asking again (issue #10: a script must not ask and ask until the person gives in).
 */
import { IntegrationError } from '../errors';
import type { Approver } from './approval';
import type { CallCheck, CheckedCall } from './checks';

export interface PermissionOptions {
  /** Approve every call a policy of `ask` would ask about (bypasses only the policy). */
  readonly force?: boolean;
  /** Asks a person; absent when nobody can be asked (then `ask` raises approval_required). */
  readonly approve?: Approver;
}

export interface PermissionChecks {
  readonly policy: CallCheck;
  readonly approval: CallCheck;
}

interface Refusal {
  /** Set once a person refused a call in this run: `fn on account 'a'`. */
  refused?: string;
}

function detailsOf(call: CheckedCall) {
  return { function: call.fn.name, account: call.account.name, operation: call.operation };
}

export function permissionChecks(options: PermissionOptions): PermissionChecks {
  /** Keys the run's state shared by the two checks (`RunContext.stateOf`). */
  const key = {};
  const refusal = (call: CheckedCall) => call.run.stateOf<Refusal>(key, () => ({}));

  const policy: CallCheck = {
    name: 'permission',
    check(call) {
      const { account, operation } = call;
      const setting = account.permissions[operation];
      if (options.force || setting === 'allow') return undefined;
      const fn = call.fn.name;
      const what = `${fn} is a ${operation} operation`;
      const where = `permissions.${operation} = "${setting}" for account '${account.name}'`;
      if (setting === 'deny') throw new IntegrationError('permission_denied', `${what} and ${where} forbids it.`, detailsOf(call));
      const refused = refusal(call).refused;
      if (refused !== undefined) {
        throw new IntegrationError(
          'approval_denied',
          `${fn} was not asked about: a person refused ${refused} earlier in this run, so every further call ` +
            'that needs approval is refused without asking again. End the script here and tell the user.',
          detailsOf(call),
        );
      }
      if (options.approve === undefined) {
        throw new IntegrationError(
          'approval_required',
          `${what} and ${where}: it needs approval, and nobody can be asked in this run. ` +
            `Re-run with --force to approve all calls, or set permissions.${operation} to "allow".`,
          detailsOf(call),
        );
      }
      return undefined;
    },
  };

  const approval: CallCheck = {
    name: 'approval',
    check(call) {
      const approve = options.approve;
      if (options.force || approve === undefined || call.account.permissions[call.operation] !== 'ask') return undefined;
      return call.run.whilePaused(() => approve(call.approval, call.run.signal)).then((approved) => {
        if (approved) return;
        refusal(call).refused = `${call.fn.name} on account '${call.account.name}'`;
        throw new IntegrationError(
          'approval_denied',
          `${call.fn.name} was not approved: the person asked for account '${call.account.name}' answered no. Nothing was ` +
            'done; further calls in this run that need approval are refused without asking.',
          detailsOf(call),
        );
      });
    },
  };

  return { policy, approval };
}
