/**
 * A fake integration with one write (`notify_send`: recipients, a body, `allow_duplicate`) whose outcome the
 * test scripts — done, provably not done, or unknown — and a read, for the guardrail tests without Sinch or
 * Lua. Its facts are what any integration's plan gives a guardrail: recipients, messages, body.
 */
import { z } from 'zod';
import { DocsCatalogue } from '../../src/docs/catalogue';
import { IntegrationError } from '../../src/errors';
import { createHost, type Host } from '../../src/host/host';
import type { Guardrails } from '../../src/guardrails';
import type { WriteEvent } from '../../src/integration/events';
import { defineFunction, type Account, type IntegrationBinding, type Permissions } from '../../src/integration/types';

export class NotifyServices {
  /** What the next sends do: `sent` (default), `not_sent` (fails before sending), `unknown` (ambiguous). */
  outcome: 'sent' | 'not_sent' | 'unknown' = 'sent';
  readonly sent: string[][] = [];
}

const send = defineFunction({
  name: 'notify_send',
  aliases: ['send'],
  description: 'Sends a text.',
  operation: 'write',
  params: z
    .object({
      to: z.array(z.string()).min(1).describe('Recipients'),
      body: z.string().min(1).describe('Text'),
      parts: z.number().int().min(1).optional().describe('Messages per recipient'),
      allow_duplicate: z.boolean().optional().describe('Send a repeat on purpose'),
    })
    .strict(),
  plan: (input) => ({
    request: input,
    reference: `ref-${Math.random().toString(36).slice(2)}`,
    facts: { recipients: input.to, messages: input.to.length * (input.parts ?? 1), body: input.body, ...(input.allow_duplicate ? { allow_duplicate: true } : {}) },
    title: 'Send',
    fields: [],
  }),
  execute: async (plan, ctx) => {
    const services = ctx.services as NotifyServices;
    ctx.countAttempt();
    if (services.outcome === 'not_sent') throw new IntegrationError('rate_limited', 'busy', { sent: false });
    if (services.outcome === 'unknown') throw new IntegrationError('network_error', 'lost', { sent: 'unknown' });
    services.sent.push([...(plan.request as { to: string[] }).to]);
    return { value: { id: `id-${services.sent.length}` }, id: `id-${services.sent.length}` };
  },
  reconcile: async () => ({ sent: false }),
});

const read = defineFunction({
  name: 'notify_status',
  aliases: ['status'],
  description: 'Reads.',
  operation: 'read',
  params: z.object({}).strict(),
  handler: async () => 'fine',
});

export const notifyIntegration = { name: 'notify', description: 'Fake.', category: 'testing', docs: { reference: '# Notify' }, functions: [send, read] };

export function notifyHost(guardrails: Guardrails, services = new NotifyServices(), permissions: Partial<Permissions> = {}): { host: Host; services: NotifyServices } {
  const accounts = new Map<string, Account<null>>(
    ['default', 'open'].map((name) => [name, { name, permissions: { read: 'allow', write: 'allow', ...permissions }, config: null }]),
  );
  const binding: IntegrationBinding<null, NotifyServices> = {
    integration: notifyIntegration,
    accounts: { names: [...accounts.keys()], defaultName: 'default', get: (name) => accounts.get(name) },
    services,
  };
  const docs = new DocsCatalogue([{ integration: notifyIntegration, accounts: binding.accounts.names }], []);
  const host = createHost({ bindings: [binding], docs, checks: () => [guardrails.check], onWrite: guardrails.onWrite, close: () => guardrails.close() });
  return { host, services };
}

/** `notify_send` as a direct call's arguments. */
export const sendCall = (args: Record<string, unknown>, account?: string) => ({
  integration: 'notify',
  function: 'send',
  ...(account ? { account } : {}),
  arguments: args,
});

export type { WriteEvent };
