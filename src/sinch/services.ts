/**
 * The Sinch integration's per-host services, handed to every handler as `ctx.services`: one SinchClient per
 * account configuration (a WeakMap: a config dropped by the host drops its client, its token cache and its
 * page tokens). They belong to the host that built them — no module-level cache, no process-wide defaults
 * (issue #15): tests and embedders build their own, with their own client options (a fake sleep, a clock,
 * an HTTP layer). The keep-alive agent is shared by all clients (src/sinch/http/transport.ts).
 */
import type { Account, CallContext } from '../integration/types';
import { SinchClient, type SinchClientOptions } from './client/sinch-client';
import type { SinchAccountConfig } from './config/account-config';

export class SinchServices {
  private readonly clients = new WeakMap<SinchAccountConfig, SinchClient>();

  constructor(private readonly options: SinchClientOptions = {}) {}

  /** The client for an account's configuration, created on first use (one per configuration). */
  client(account: Account<SinchAccountConfig>): SinchClient {
    let client = this.clients.get(account.config);
    if (client === undefined) {
      client = new SinchClient(account.config, { ...this.options, accountName: account.name });
      this.clients.set(account.config, client);
    }
    return client;
  }
}

/** What a Sinch handler receives. */
export type SinchContext = CallContext<SinchAccountConfig, SinchServices>;
