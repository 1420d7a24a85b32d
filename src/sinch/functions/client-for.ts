/**
 * One SinchClient per account configuration (a WeakMap: a config dropped by the host drops its client, its
 * token cache and its page tokens). The keep-alive agent is shared by all of them (src/sinch/http/transport.ts).
 */
import type { Account } from '../../integration/types';
import { SinchClient, type SinchClientOptions } from '../client/sinch-client';
import type { SinchAccountConfig } from '../config/account-config';

let clients = new WeakMap<SinchAccountConfig, SinchClient>();
let defaults: SinchClientOptions = {};

export function clientFor(account: Account<SinchAccountConfig>): SinchClient {
  let client = clients.get(account.config);
  if (!client) {
    client = new SinchClient(account.config, { ...defaults, accountName: account.name });
    clients.set(account.config, client);
  }
  return client;
}

/** For tests: options (fake sleep, clock) used by clients created from now on; forgets existing clients. */
export function setClientDefaults(options: SinchClientOptions): void {
  defaults = options;
  clients = new WeakMap();
}
