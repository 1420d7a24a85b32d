/**
 * The integration contract: the only thing the hosts (Lua, MCP) know about an integration.
 *
 * An integration is a namespace (`app.integrations.<name>`), a description, its bundled docs, and a list of
 * function declarations. A function is declared once — published name, short aliases, description,
 * operation, zod parameter schema, and what running it means — and everything else (Lua registration,
 * runtime docs, the manifest, CLI listings, permissions, the client's retry rules) is derived from that
 * declaration. A read has a `handler`; a write is planned first (`plan`), then executed exactly as planned
 * (`execute`), and can be asked afterwards whether it happened (`reconcile`) — docs/pipeline.md.
 */
import type { z } from 'zod';
import type { IntegrationError } from '../errors';
import type { ApprovalField } from './approval';

export type Operation = 'read' | 'write';

/** Per-account policy for each operation (docs/contract.md, "Accounts configuration"). */
export type Policy = 'allow' | 'ask' | 'deny';

export interface Permissions {
  readonly read: Policy;
  readonly write: Policy;
}

/** A named, resolved account. `config` is integration-specific and may hold secrets: never print it. */
export interface Account<C = unknown> {
  readonly name: string;
  readonly permissions: Permissions;
  readonly config: C;
}

/** The accounts configured for one integration. */
export interface AccountDirectory<C = unknown> {
  /** Configured account names, in configuration order. */
  readonly names: readonly string[];
  /** The account used by `app.integrations.<ns>.<fn>`: the one named `default`, else the only one. */
  readonly defaultName: string | undefined;
  get(name: string): Account<C> | undefined;
  /** Shown in `not_configured` errors when there is no account at all (e.g. which variables to set). */
  readonly setupHint?: string;
  /**
   * The error a call under a configured but broken account raises (`not_configured`, saying everything that
   * is wrong with it), or undefined when the account is usable. Such an account stays in `names`, and `get`
   * does not return it: one broken account disables only itself (issue #16 item 5).
   */
  readonly unusable?: (name: string, functionName?: string) => IntegrationError | undefined;
}

/** What a handler (and a write's plan, execute and reconcile) receives besides its input. */
export interface CallContext<C = unknown, S = unknown> {
  readonly account: Account<C>;
  /** Published name of the function being called. */
  readonly functionName: string;
  /**
   * Aborted when the run that made the call ends early (deadline, cancellation, a limit). Reads should stop;
   * a write that has reached the network must finish (or be resolved) instead of being abandoned half-done.
   */
  readonly signal: AbortSignal;
  /**
   * The integration's per-host services (its binding's `services`): clients and their caches belong to the
   * host that built them, never to the process (issue #15).
   */
  readonly services: S;
  /** The id of the run that made the call. */
  readonly runId: string;
  /**
   * Call once for every request sent on this call's behalf (retries, lookups and repeats included): the
   * record's `attempts`. The context is itself a valid request-options object for clients that take
   * `{signal, countAttempt}`, so handlers pass `ctx` on without allocating.
   */
  countAttempt(): void;
}

/** Parameters are a zod object; its key order is the positional-argument order. */
export type ParamsSchema = z.ZodObject<z.ZodRawShape>;

interface FunctionBase<P extends ParamsSchema> {
  /** Published name, e.g. `sinch_send_sms`. */
  readonly name: string;
  /** Short names that reach the same function, e.g. `send_sms`. */
  readonly aliases: readonly string[];
  /** One or two sentences: what it does and what it returns. */
  readonly description: string;
  /** Input schema; `.describe()` on each field documents it. */
  readonly params: P;
}

/** A function that changes nothing: safe to retry, allowed by default. */
export interface ReadFunction<P extends ParamsSchema = ParamsSchema, C = any, S = any> extends FunctionBase<P> {
  readonly operation: 'read';
  readonly handler: (input: z.output<P>, ctx: CallContext<C, S>) => Promise<unknown>;
}

/** What guardrails need to know about a write, whatever the integration (docs/pipeline.md, "Plan"). */
export interface WriteFacts {
  /** Who the write reaches, as it will be sent (normalised numbers, group ids). */
  readonly recipients: readonly string[];
  /** Messages the write creates (what it costs); for an SMS, recipients × parts. */
  readonly messages: number;
  /** The text sent, when there is one (for a personalised SMS, the template as sent). */
  readonly body?: string;
  /**
   * The caller said it means to send the same body to the same recipients again (Sinch: `allow_duplicate`):
   * the duplicate guardrail lets it through (src/guardrails/).
   */
  readonly allow_duplicate?: boolean;
}

/**
 * A write as it will be sent, made before anything is sent: what checks and a person decide on, what the
 * handler executes, and what reconciliation looks up. Plain, structured-clone-safe data: it crosses from a
 * sandbox worker to the main thread when a worker is terminated with the write in flight.
 */
export interface WritePlan<R = unknown> {
  /** The exact request `execute` sends (integration-specific). */
  readonly request: R;
  /** The idempotency reference the write carries (for an SMS, `client_reference`; generated when not given). */
  readonly reference: string;
  readonly facts: WriteFacts;
  /**
   * For the approval request (src/integration/approval.ts): one sentence built from trusted values only,
   * and the request field by field, values exactly as they will be sent.
   */
  readonly title: string;
  readonly fields: readonly ApprovalField[];
}

/** What `execute` returns: the script's value, and the id of what was created when there is one. */
export interface WriteResult {
  readonly value: unknown;
  readonly id?: string;
}

/** Whether a planned write happened, found out after the fact (docs/pipeline.md, "Reconcile"). */
export type Reconciliation =
  | { readonly sent: true; readonly id?: string }
  | { readonly sent: false }
  | { readonly sent: 'unknown'; readonly reason: string };

/** A function that changes something outside (sends an SMS): planned, checked, executed once, reconcilable. */
export interface WriteFunction<P extends ParamsSchema = ParamsSchema, C = any, S = any, R = any> extends FunctionBase<P> {
  readonly operation: 'write';
  /**
   * The exact request, its approval view, its facts and its reference — before any check runs and before
   * anything is sent. May validate further (cross-field rules) and throw IntegrationError.
   */
  readonly plan: (input: z.output<P>, ctx: CallContext<C, S>) => WritePlan<R> | Promise<WritePlan<R>>;
  /** Send exactly the plan. Never retries blindly: a write's retries are its own exactly-once logic. */
  readonly execute: (plan: WritePlan<R>, ctx: CallContext<C, S>) => Promise<WriteResult>;
  /** After the fact: did this planned write happen? Never throws for "could not find out": `sent: "unknown"`. */
  readonly reconcile: (plan: WritePlan<R>, ctx: CallContext<C, S>) => Promise<Reconciliation>;
}

export type FunctionDeclaration<P extends ParamsSchema = ParamsSchema, C = any, S = any> =
  | ReadFunction<P, C, S>
  | WriteFunction<P, C, S>;

/**
 * A declaration as written: its `params` either the schema or a function that builds it. Built on first use
 * (validation, docs, the manifest) and kept: a sandbox whose script calls one function builds that one's
 * schema only, and one that calls none builds none — zod schemas took ~5 ms of a worker's start-up, before
 * the first instruction ran (issue #14, cold start).
 */
export type Declared<F extends { readonly params: ParamsSchema }> = Omit<F, 'params'> & { readonly params: F['params'] | (() => F['params']) };

/** Identity helpers that keep the schema's types flowing into the handler (and build a lazy schema once). */
export function defineFunction<P extends ParamsSchema, C = any, S = any>(declaration: Declared<ReadFunction<P, C, S>>): ReadFunction<P, C, S>;
export function defineFunction<P extends ParamsSchema, C = any, S = any, R = any>(
  declaration: Declared<WriteFunction<P, C, S, R>>,
): WriteFunction<P, C, S, R>;
export function defineFunction(declaration: Declared<FunctionDeclaration>): FunctionDeclaration {
  const build = declaration.params;
  if (typeof build !== 'function') return declaration as FunctionDeclaration;
  let params: ParamsSchema | undefined;
  // The declaration's own object, its `params` now a getter (still enumerable, read like the field it was).
  return Object.defineProperty(declaration, 'params', { enumerable: true, get: () => (params ??= build()) }) as FunctionDeclaration;
}

export interface IntegrationDocs {
  /** The namespace reference (markdown), served as `integrations.<name>`. */
  readonly reference: string;
  /**
   * Per-function sections of the reference, keyed by published name (served as `integrations.<name>.<fn>`).
   * Functions without a section get a page generated from their declaration.
   */
  readonly functionPages?: Readonly<Record<string, string>>;
}

export interface IntegrationDeclaration<C = any, S = any> {
  /** Namespace: `app.integrations.<name>`. Lower-case, snake_case. */
  readonly name: string;
  readonly description: string;
  /** Manifest category, e.g. `communication`. */
  readonly category: string;
  readonly docs: IntegrationDocs;
  readonly functions: readonly FunctionDeclaration<any, C, S>[];
}

/**
 * An integration together with the accounts a run may use and the services its handlers get (as
 * `ctx.services`). Built by the host (src/host/): one binding, one set of services, per host.
 */
export interface IntegrationBinding<C = any, S = any> {
  readonly integration: IntegrationDeclaration<C, S>;
  readonly accounts: AccountDirectory<C>;
  readonly services: S;
}
