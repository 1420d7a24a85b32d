import { DocsCatalogue } from '../../src/docs/catalogue';
import { createHost, type Host, type HostOptions } from '../../src/host/host';
import type { Approver } from '../../src/integration/approval';
import type { Permissions } from '../../src/integration/types';
import type { RunOptions, RunResult } from '../../src/lua/run-options';
import { fakeBinding, fakeIntegration } from './fake-integration';

export type AccountSpec = Record<string, { label: string; permissions?: Partial<Permissions> }>;

export function makeHost(accounts: AccountSpec = { default: { label: 'main' } }, checks?: HostOptions['checks']): Host {
  const binding = fakeBinding(accounts);
  const docs = new DocsCatalogue(
    [{ integration: fakeIntegration, accounts: binding.accounts.names }],
    [{ name: 'overview', title: 'Overview', text: '# Overview\nguide text' }],
  );
  return createHost({ bindings: [binding], docs, checks });
}

const shared = makeHost({ default: { label: 'main' }, work: { label: 'work-label', permissions: { write: 'allow' } } });

/** Run a script on a host with a `default` and a `work` account. */
export function run(code: string, options: RunOptions = {}, host: Host = shared): Promise<RunResult> {
  return host.run(code, options);
}

/** Run and return the script's result, failing the test with the error if the run failed. */
export async function value(code: string, options: RunOptions = {}, host?: Host): Promise<unknown> {
  const result = await run(code, options, host);
  if (!result.success) throw new Error(`script failed: ${JSON.stringify(result.error)}`);
  return result.result;
}

export const allowAll: Approver = async () => true;
