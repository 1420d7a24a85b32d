/**
 * The permission policy as a pipeline check (docs/pipeline.md, "The permission check"): per account and
 * operation `allow`, `ask` or `deny`; `--force` approves what `ask` would ask about. Built by the host for
 * each run from the run's options; the first check of every host's list.
 *
 * Under `ask` the run's deadline is paused while the person decides (issue #16 item 2). After a person
 * answers "no", every later call of the run that would need approval is refused without asking again
 * (issue #10: a script must not ask and ask until the person gives in).
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

interface Refusal {
  /** Set once a person refused a call in this run: `fn` on account `a`. */
  refused?: string;
}

export function permissionCheck(options: PermissionOptions): CallCheck {
  const check: CallCheck = {
    name: 'permission',
    check(call: CheckedCall) {
      const { account, operation } = call;
      const policy = account.permissions[operation];
      if (options.force || policy === 'allow') return undefined;
      const fn = call.fn.name;
      const details = { function: fn, account: account.name, operation };
      const what = `${fn} is a ${operation} operation`;
      const setting = `permissions.${operation} = "${policy}" for account '${account.name}'`;
      if (policy === 'deny') throw new IntegrationError('permission_denied', `${what} and ${setting} forbids it.`, details);

      const state = call.run.stateOf<Refusal>(check, () => ({}));
      if (state.refused !== undefined) {
        throw new IntegrationError(
          'approval_denied',
          `${fn} was not asked about: a person refused ${state.refused} earlier in this run, so every further call ` +
            'that needs approval is refused without asking again. End the script here and tell the user.',
          details,
        );
      }
      const approve = options.approve;
      if (approve === undefined) {
        throw new IntegrationError(
          'approval_required',
          `${what} and ${setting}: it needs approval, and nobody can be asked in this run. ` +
            `Re-run with --force to approve all calls, or set permissions.${operation} to "allow".`,
          details,
        );
      }
      return call.run.whilePaused(() => approve(call.approval, call.run.signal)).then((approved) => {
        if (approved) return;
        state.refused = `${fn} on account '${account.name}'`;
        throw new IntegrationError(
          'approval_denied',
          `${fn} was not approved: the person asked for account '${account.name}' answered no. Nothing was done; ` +
            'further calls in this run that need approval are refused without asking.',
          details,
        );
      });
    },
  };
  return check;
}
