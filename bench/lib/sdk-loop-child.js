'use strict';
/**
 * The SDK side of the independent-harness shape (bench/lib/cli-loop.js): a fresh process that makes n sequential
 * `get_group` calls with @sinch/sdk-core and prints `{elapsedMs}` from just before the first to just after the
 * last.
 *
 *   node sdk-loop-child.js URL GROUP_ID N
 */
const { SinchClient } = require('@sinch/sdk-core');

const [url, groupId, n] = process.argv.slice(2);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const sinch = new SinchClient({ servicePlanId: 'emulator-plan', apiToken: 'emulator-token', smsHostname: url, logger: quiet });

(async () => {
  const t0 = performance.now();
  for (let i = 0; i < Number(n); i++) {
    const group = await sinch.sms.groups.get({ group_id: groupId });
    if (group.id !== groupId) throw new Error('unexpected group');
  }
  const elapsedMs = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ elapsedMs })}\n`);
})().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
