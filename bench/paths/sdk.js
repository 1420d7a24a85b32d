'use strict';
/**
 * Sinch's official Node SDK (`@sinch/sdk-core`), configured as its docs say for a service plan and API token,
 * with its own defaults (node-fetch over Node's global agent). Only its logger is silenced.
 */
const { SinchClient } = require('@sinch/sdk-core');

/**
 * Repeat a call once when its keep-alive connection was reset as it was reused (the server closes idle
 * sockets after 5 s; the benchmark leaves a path idle while the others run). The SDK does not do it itself.
 */
async function onceMoreOnReset(call) {
  try {
    return await call();
  } catch (error) {
    const code = error?.code ?? error?.cause?.code ?? error?.errno;
    if (code !== 'ECONNRESET' && !/socket hang up|ECONNRESET/.test(String(error?.message))) throw error;
    return call();
  }
}

function sdkPath(url, ids) {
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const sinch = new SinchClient({ servicePlanId: 'emulator-plan', apiToken: 'emulator-token', smsHostname: url, logger: quiet });
  const startDate = new Date(ids.startDate);
  return {
    name: '@sinch/sdk-core 1.4.0',
    key: 'sdk',
    getGroup: () => onceMoreOnReset(() => sinch.sms.groups.get({ group_id: ids.groupId })),
    listBatches: () => onceMoreOnReset(async () => (await sinch.sms.batches.list({ page_size: 30, start_date: startDate })).data),
    // A send is not repeated (it could send twice): a reset there fails the benchmark loudly.
    sendSms: () =>
      sinch.sms.batches.send({
        sendSMSRequestBody: { to: ['+12025550111'], from: '+12025550142', body: ids.smsBody, client_reference: `sdk-${ids.next()}` },
      }),
    close() {},
  };
}

module.exports = { sdkPath };
