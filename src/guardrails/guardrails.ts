/**
 * One host's guardrails: the accounts' policies, the store (opened on first use, so that a host whose runs
 * only read never opens it), the check every write passes (check.ts), and the write listener that keeps the
 * audit ledger (ledger.ts) — also for writes reconciled in the main thread after their sandbox was
 * terminated, whose reservations it settles as a last resort (docs/pipeline.md, "Adding a guardrail").
 */
import type { CallCheck } from '../integration/checks';
import type { WriteEvent } from '../integration/events';
import { toPolicy, type GuardrailPolicy, type GuardrailsConfig, type StoreConfig } from './config';
import { duplicateKeys, guardrailCheck, type Sleep } from './check';
import { ledgerEntry } from './ledger';
import { openStore } from './open-store';
import type { GuardrailStore } from './store';

export interface GuardrailsOptions {
  /** Guarded accounts by name; accounts not listed have no guardrails (and no ledger). */
  readonly accounts: ReadonlyMap<string, GuardrailsConfig>;
  /** A resolved store configuration (open-store.ts, resolveStore), or a store already open (tests). */
  readonly store: StoreConfig | GuardrailStore;
  /** Time for the store's windows (tests); default the store's own clock. */
  readonly now?: () => number;
  readonly sleep?: Sleep;
}

function isStore(value: StoreConfig | GuardrailStore): value is GuardrailStore {
  return typeof (value as GuardrailStore).reserve === 'function';
}

export class Guardrails {
  readonly check: CallCheck;
  private readonly policies = new Map<string, GuardrailPolicy>();
  private opened: GuardrailStore | undefined;
  /** Which guardrail refused a call (`${run_id}:${call_id}`), until its outcome is in the ledger. */
  private readonly refusals = new Map<string, string>();

  constructor(private readonly options: GuardrailsOptions) {
    for (const [name, config] of options.accounts) this.policies.set(name, toPolicy(config));
    if (isStore(options.store)) this.opened = options.store;
    this.check = guardrailCheck({
      policyOf: (account) => this.policies.get(account),
      store: () => this.store(),
      now: options.now,
      sleep: options.sleep,
      onRefused: (id, guardrail) => this.refusals.set(id, guardrail),
    });
  }

  /** The store, opened now if it is not yet (throws StoreUnavailable; tried again on the next write). */
  store(): GuardrailStore {
    if (this.opened === undefined) this.opened = openStore(this.options.store as StoreConfig);
    return this.opened;
  }

  guards(account: string): boolean {
    return this.policies.has(account);
  }

  /**
   * The ledger's write listener: an attempt is entered as pending, an outcome completes it. A reconciled
   * outcome (the worker that ran the write was terminated, so its settle hooks never ran) also gives back
   * what the write reserved when it provably did not happen. Never rejects: a ledger the store cannot take
   * loses the entry, not the write's outcome.
   */
  readonly onWrite = (event: WriteEvent): Promise<void> | undefined => {
    const policy = this.policies.get(event.account);
    if (policy === undefined) return undefined;
    const id = `${event.run_id}:${event.call_id}`;
    const guardrail = event.phase === 'outcome' ? this.refusals.get(id) : undefined;
    if (event.phase === 'outcome') this.refusals.delete(id);
    const entry = ledgerEntry(event, policy.ledgerBody, guardrail);
    const work = async () => {
      const store = this.store();
      if (event.phase === 'outcome' && event.reconciled === true && event.record.sent === false) {
        const { facts } = event.plan;
        const keys = policy.duplicateWindowMs !== undefined && facts.body !== undefined ? duplicateKeys(facts.recipients, facts.body) : undefined;
        await store.release({ account: event.account, id, duplicateKeys: keys }).catch(() => undefined);
      }
      await store.record(entry);
    };
    return work().catch(() => undefined);
  };

  async close(): Promise<void> {
    const store = this.opened;
    this.opened = undefined;
    await store?.close();
  }
}
