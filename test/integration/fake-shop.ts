/**
 * A fake integration for pipeline tests, with no Lua anywhere: a read (`get_item`) and a write
 * (`place_order`) whose plan, execute and reconcile are scripted by the test through the services object.
 */
import { z } from 'zod';
import { IntegrationError } from '../../src/errors';
import { defineFunction, type Account, type IntegrationBinding, type Permissions } from '../../src/integration/types';
import type { CallTarget } from '../../src/integration/target';

/** What the handlers do, set per test; the log says what ran. */
export class ShopServices {
  readonly log: string[] = [];
  /** What execute does: succeed (default), or fail with this error. */
  executeFails: IntegrationError | Error | undefined;
  /** Requests execute pretends to have sent. */
  executeAttempts = 1;
  /** Orders that exist (for reconcile). */
  readonly placed = new Map<string, string>();
  planFails: IntegrationError | undefined;
}

const getItem = defineFunction({
  name: 'shop_get_item',
  aliases: ['get_item'],
  description: 'Reads an item.',
  operation: 'read',
  params: z.object({ id: z.string().min(1).describe('Item id') }).strict(),
  handler: async (input, ctx) => {
    const services = ctx.services as ShopServices;
    services.log.push(`get ${input.id}`);
    ctx.countAttempt();
    return { id: input.id, account: ctx.account.name };
  },
});

const placeOrder = defineFunction({
  name: 'shop_place_order',
  aliases: ['place_order'],
  description: 'Places an order.',
  operation: 'write',
  params: z.object({ to: z.array(z.string()).min(1).describe('Recipients'), note: z.string().min(1).describe('Note'), ref: z.string().optional() }).strict(),
  plan: async (input, ctx) => {
    const services = ctx.services as ShopServices;
    services.log.push('plan');
    if (services.planFails) throw services.planFails;
    const reference = input.ref ?? `generated-${services.log.length}`;
    return {
      request: { to: input.to, note: input.note, reference },
      reference,
      facts: { recipients: input.to, messages: input.to.length, body: input.note },
      title: `Place an order for ${input.to.length}`,
      fields: [{ kind: 'list' as const, label: 'to', items: input.to }],
    };
  },
  execute: async (plan, ctx) => {
    const services = ctx.services as ShopServices;
    services.log.push(`execute ${plan.reference}`);
    for (let i = 0; i < services.executeAttempts; i++) ctx.countAttempt();
    if (services.executeFails) throw services.executeFails;
    const id = `order-${plan.reference}`;
    services.placed.set(plan.reference, id);
    return { value: { id, to: plan.request.to }, id };
  },
  reconcile: async (plan, ctx) => {
    const services = ctx.services as ShopServices;
    services.log.push(`reconcile ${plan.reference}`);
    const id = services.placed.get(plan.reference);
    return id !== undefined ? { sent: true, id } : { sent: false };
  },
});

export function shopBinding(permissions: Partial<Permissions> = {}, services = new ShopServices()): IntegrationBinding<null, ShopServices> {
  const accounts = new Map<string, Account<null>>([
    ['default', { name: 'default', permissions: { read: 'allow', write: 'allow', ...permissions }, config: null }],
    ['other', { name: 'other', permissions: { read: 'allow', write: 'allow' }, config: null }],
  ]);
  return {
    integration: { name: 'shop', description: 'A fake shop.', category: 'testing', docs: { reference: '# Shop' }, functions: [getItem, placeOrder] },
    accounts: { names: [...accounts.keys()], defaultName: 'default', get: (name) => accounts.get(name) },
    services,
  };
}

export function target(binding: IntegrationBinding, fn: 'get_item' | 'place_order', accountName?: string): CallTarget {
  const declaration = binding.integration.functions.find((f) => f.aliases.includes(fn))!;
  return { binding, fn: declaration, accountName, path: `shop.${accountName ? `${accountName}.` : ''}${fn}` };
}
