/** What a call is aimed at — a function of a binding, under an account — and how the account is resolved. */
import { IntegrationError } from '../errors';
import { didYouMean } from './suggest';
import type { Account, FunctionDeclaration, IntegrationBinding } from './types';

/** A function reached through a path (a Lua namespace, an MCP tool name), with the account it runs under. */
export interface CallTarget {
  readonly binding: IntegrationBinding;
  readonly fn: FunctionDeclaration;
  /** Explicit account name, or undefined for the default account. */
  readonly accountName: string | undefined;
  /** The path as the caller wrote it, e.g. `app.integrations.sinch.work.send_sms`. */
  readonly path: string;
}

/** The account a target runs under, or `not_configured` / `unknown_function`. */
export function resolveAccount(target: CallTarget): Account {
  const { binding } = target;
  const directory = binding.accounts;
  const ns = binding.integration.name;
  if (directory.names.length === 0) {
    const hint = directory.setupHint ? ` ${directory.setupHint}` : '';
    throw new IntegrationError('not_configured', `No ${ns} account is configured.${hint}`, {
      function: target.fn.name,
    });
  }
  const name = target.accountName ?? directory.defaultName;
  if (name === undefined) {
    throw new IntegrationError(
      'not_configured',
      `No default ${ns} account: ${directory.names.length} accounts are configured (${directory.names.join(', ')}) ` +
        `and none is named "default". Call app.integrations.${ns}.<account>.${target.fn.name}(...) instead.`,
      { function: target.fn.name, accounts: directory.names },
    );
  }
  const broken = directory.unusable?.(name, target.fn.name);
  if (broken !== undefined) throw broken;
  const account = directory.get(name);
  if (account === undefined) {
    throw new IntegrationError('unknown_function', `Unknown account '${name}' for app.integrations.${ns}.`, {
      function: target.fn.name,
      accounts: directory.names,
    });
  }
  return account;
}

/** The account name a record shows for a target whose account could not be resolved (or was not yet). */
export function accountNameOf(target: CallTarget): string | null {
  return target.accountName ?? target.binding.accounts.defaultName ?? null;
}

/** A function named directly (an MCP tool call, an embedder): integration, function (name or alias), account. */
export interface NamedCall {
  readonly integration: string;
  /** Published name or alias, e.g. `sinch_send_sms` or `send_sms`. */
  readonly function: string;
  /** Absent: the integration's default account. */
  readonly account?: string;
}

/** The target a named call reaches, or `unknown_function` with suggestions. */
export function findTarget(bindings: readonly IntegrationBinding[], call: NamedCall): CallTarget {
  const binding = bindings.find((b) => b.integration.name === call.integration);
  if (binding === undefined) {
    const names = bindings.map((b) => b.integration.name);
    throw new IntegrationError('unknown_function', `Unknown integration: ${call.integration}${didYouMean(call.integration, names)}`, {
      available: names,
    });
  }
  const functions = binding.integration.functions;
  const fn = functions.find((f) => f.name === call.function || f.aliases.includes(call.function));
  if (fn === undefined) {
    const names = functions.flatMap((f) => [f.name, ...f.aliases]);
    throw new IntegrationError(
      'unknown_function',
      `Unknown function: ${call.integration}.${call.function}${didYouMean(call.function, names)}`,
      { available: names },
    );
  }
  const account = call.account === 'default' ? undefined : call.account;
  return {
    binding,
    fn,
    accountName: account,
    path: `${call.integration}.${account !== undefined ? `${account}.` : ''}${call.function}`,
  };
}
