/**
 * The integration contract: the only thing the Lua host knows about an integration.
 *
 * An integration is a namespace (`app.integrations.<name>`), a description, its bundled docs, and a list of
 * function declarations. A function is declared once — published name, short aliases, description,
 * operation, zod parameter schema, handler — and everything else (Lua registration, runtime docs, the
 * manifest, CLI listings) is derived from that declaration.
 */
import type { z } from 'zod';
import type { IntegrationError } from '../errors';

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

/** What a handler receives besides its validated input. */
export interface CallContext<C = unknown> {
  readonly account: Account<C>;
  /** Published name of the function being called. */
  readonly functionName: string;
  /**
   * Aborted when the run that made the call ends early (deadline, kill). Reads should stop; a write that
   * has reached the network must finish (or be resolved) instead of being abandoned half-done.
   */
  readonly signal: AbortSignal;
}

/** Parameters are a zod object; its key order is the positional-argument order. */
export type ParamsSchema = z.ZodObject<z.ZodRawShape>;

export interface FunctionDeclaration<P extends ParamsSchema = ParamsSchema, C = any> {
  /** Published name, e.g. `sinch_send_sms`. */
  readonly name: string;
  /** Short names that reach the same function, e.g. `send_sms`. */
  readonly aliases: readonly string[];
  /** One or two sentences: what it does and what it returns. */
  readonly description: string;
  readonly operation: Operation;
  /** Input schema; `.describe()` on each field documents it. */
  readonly params: P;
  /**
   * A short, secret-free description of what a call would do, shown when a policy of `ask` prompts a
   * person (e.g. `{from, to, body}` for a send). Defaults to the validated input.
   */
  readonly summarize?: (input: z.output<P>) => Readonly<Record<string, string>>;
  readonly handler: (input: z.output<P>, ctx: CallContext<C>) => Promise<unknown>;
}

/** Identity helper that keeps the schema's types flowing into the handler. */
export function defineFunction<P extends ParamsSchema, C = any>(
  declaration: FunctionDeclaration<P, C>,
): FunctionDeclaration<P, C> {
  return declaration;
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

export interface IntegrationDeclaration<C = any> {
  /** Namespace: `app.integrations.<name>`. Lower-case, snake_case. */
  readonly name: string;
  readonly description: string;
  /** Manifest category, e.g. `communication`. */
  readonly category: string;
  readonly docs: IntegrationDocs;
  readonly functions: readonly FunctionDeclaration<any, C>[];
}

/** An integration together with the accounts a run may use. */
export interface IntegrationBinding<C = any> {
  readonly integration: IntegrationDeclaration<C>;
  readonly accounts: AccountDirectory<C>;
}
