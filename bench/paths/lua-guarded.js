'use strict';
/**
 * Our Lua path with guardrails on the account (docs/guardrails.md): the same timed `send_sms` script as
 * paths/lua.js, on a host whose `default` account has message budgets per hour and day, an allow-list and
 * the audit ledger — so every send reserves in the store (one SQLite transaction or one Redis script) before
 * the request, and writes two ledger entries (attempt, outcome). The budgets are far above what the
 * benchmark sends, so nothing is refused.
 */
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
const { sinchHostFor } = require('../../dist/host/sinch-host');
const { Guardrails } = require('../../dist/guardrails');
const { emulatorAccounts } = require('../../dist/sinch/config/emulator-accounts');
const { timedScript, LIMITS } = require('./lua');

const GUARDRAILS = { budget: { per_hour: 100_000_000, per_day: 1_000_000_000 }, recipients: { allow: ['+1*'] } };

/** The emulator's accounts, `default` with guardrails. */
function guardedAccounts(url) {
  const plain = emulatorAccounts(url);
  return {
    ...plain,
    names: plain.names,
    defaultName: plain.defaultName,
    get(name) {
      const account = plain.get(name);
      return account && name === 'default' ? { ...account, config: { ...account.config, guardrails: GUARDRAILS } } : account;
    },
  };
}

/** `store`: 'sqlite' (a fresh file in a temporary directory) or a Redis URL. */
function luaGuardedPath(url, ids, store) {
  let dir;
  let config;
  if (store === 'sqlite') {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kosmo-bench-guard-'));
    config = { type: 'sqlite', path: path.join(dir, 'guardrails.sqlite') };
  } else {
    config = { type: 'redis', url: store, prefix: `bench-${process.pid}:` };
  }
  const guardrails = new Guardrails({ accounts: new Map([['default', GUARDRAILS]]), store: config });
  const host = sinchHostFor(guardedAccounts(url), {}, undefined, guardrails);
  const kind = store === 'sqlite' ? 'SQLite' : 'Redis';
  return {
    name: `our Lua function, guarded (${kind} store)`,
    key: `lua-guarded-${store === 'sqlite' ? 'sqlite' : 'redis'}`,
    async round(op, n) {
      const result = await host.run(timedScript(op, n, ids), { limits: LIMITS });
      if (!result.success) throw new Error(`lua: ${result.error.code}: ${result.error.message}`);
      return Float64Array.from(result.result);
    },
    async close() {
      await host.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { luaGuardedPath, GUARDRAILS };
