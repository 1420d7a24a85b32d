import { z } from 'zod';
import { IntegrationError } from '../../src/errors';
import { defineFunction, type Account, type AccountDirectory, type IntegrationBinding, type IntegrationDeclaration, type Permissions } from '../../src/integration/types';

export interface FakeConfig { readonly label: string }

const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(new IntegrationError('timeout', 'aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, ms);
    signal.addEventListener('abort', abort, { once: true });
  });

export const echo = defineFunction({
  name: 'fake_echo',
  aliases: ['echo'],
  description: 'Returns its input after an asynchronous hop.',
  operation: 'read',
  params: z.object({
    value: z.unknown().describe('Anything'),
    delay_ms: z.number().int().min(0).max(10000).optional().describe('Milliseconds to wait'),
  }),
  handler: async (input, ctx) => {
    if (input.delay_ms) await delay(input.delay_ms, ctx.signal);
    else await Promise.resolve();
    return { value: input.value, account: (ctx.account.config as FakeConfig).label };
  },
});

export const fail = defineFunction({
  name: 'fake_fail',
  aliases: ['fail'],
  description: 'Fails with the given code.',
  operation: 'read',
  params: z.object({ code: z.enum(['not_found', 'rate_limited']).describe('Error code'), crash: z.boolean().optional().describe('Throw a plain JS error') }),
  handler: async (input) => {
    await Promise.resolve();
    if (input.crash) throw new Error('secret internal detail');
    throw new IntegrationError(input.code, `failed with ${input.code}`, { status: 404, retryable: false });
  },
});

/** How many times the fake send's handler ran (to prove that something was not sent). */
export const sendsMade = { count: 0 };

/** References the fake send has sent, for its reconcile. */
const sentReferences = new Set<string>();

export const send = defineFunction({
  name: 'fake_send_message',
  aliases: ['send_message'],
  description: 'Pretends to send a message.',
  operation: 'write',
  params: z.object({
    to: z.array(z.string()).min(1).max(3).describe('Recipients'),
    body: z.string().min(1).max(20).describe('Text'),
    page: z.number().int().min(0).optional().describe('Page'),
    hang_ms: z.number().int().min(0).optional().describe('Busy-wait this long while sending (a send stuck in flight)'),
  }),
  plan: (input) => {
    const reference = `fake-${sendsMade.count + 1}-${input.to.length}`;
    return {
      request: { to: input.to, body: input.body, hang_ms: input.hang_ms ?? 0 },
      reference,
      facts: { recipients: input.to, messages: input.to.length, body: input.body },
      title: `Send a message to ${input.to.length} recipients`,
      fields: [
        { kind: 'list', label: 'to', items: input.to },
        { kind: 'text', label: 'body', text: input.body },
      ],
    };
  },
  execute: async (plan, ctx) => {
    const until = Date.now() + plan.request.hang_ms;
    while (Date.now() < until) {
      /* a send stuck in flight: nothing in its worker runs meanwhile */
    }
    sendsMade.count++;
    ctx.countAttempt();
    sentReferences.add(plan.reference);
    return { value: { sent: true, to: plan.request.to, body: plan.request.body, account: ctx.account.name }, id: `id-${plan.reference}` };
  },
  reconcile: async (plan) => (sentReferences.has(plan.reference) ? { sent: true, id: `id-${plan.reference}` } : { sent: false }),
});

/** How many times the fake block's handler started (to prove that a call was never started). */
export const blocksStarted = { count: 0 };

/** Blocks its thread synchronously: a defect no Lua hook can interrupt (for the pool's watchdog). */
export const block = defineFunction({
  name: 'fake_block',
  aliases: ['block'],
  description: 'Busy-waits synchronously.',
  operation: 'read',
  params: z.object({ ms: z.number().int().min(0).describe('Milliseconds to block') }),
  handler: async (input) => {
    blocksStarted.count++;
    const until = Date.now() + input.ms;
    while (Date.now() < until) {
      /* spin */
    }
    return true;
  },
});

export const fakeIntegration: IntegrationDeclaration<FakeConfig> = {
  name: 'fake',
  description: 'A fake integration for host tests.',
  category: 'testing',
  docs: { reference: '# Fake\n\nReference text.' },
  functions: [echo, fail, send, block],
};

export function directory(accounts: Record<string, { label: string; permissions?: Partial<Permissions> }>): AccountDirectory<FakeConfig> {
  const map = new Map<string, Account<FakeConfig>>();
  for (const [name, a] of Object.entries(accounts)) {
    map.set(name, { name, permissions: { read: 'allow', write: 'ask', ...a.permissions }, config: { label: a.label } });
  }
  const names = [...map.keys()];
  return { names, defaultName: map.has('default') ? 'default' : names.length === 1 ? names[0] : undefined, get: (n) => map.get(n) };
}

export function fakeBinding(accounts: Record<string, { label: string; permissions?: Partial<Permissions> }> = { default: { label: 'main' } }): IntegrationBinding<FakeConfig> {
  return { integration: fakeIntegration, accounts: directory(accounts), services: undefined };
}
