'use strict';
/**
 * Sinch's official Node SDK (`@sinch/sdk-core`), configured as its docs say for a service plan and API token,
 * with its own defaults (node-fetch over Node's global agent). Only its logger is silenced.
 */
const { SinchClient } = require('@sinch/sdk-core');

function sdkPath(url, ids) {
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const sinch = new SinchClient({ servicePlanId: 'emulator-plan', apiToken: 'emulator-token', smsHostname: url, logger: quiet });
  const startDate = new Date(ids.startDate);
  return {
    name: '@sinch/sdk-core 1.4.0',
    key: 'sdk',
    getGroup: () => sinch.sms.groups.get({ group_id: ids.groupId }),
    listBatches: async () => (await sinch.sms.batches.list({ page_size: 30, start_date: startDate })).data,
    sendSms: () =>
      sinch.sms.batches.send({
        sendSMSRequestBody: { to: ['+12025550111'], from: '+12025550142', body: ids.smsBody, client_reference: `sdk-${ids.next()}` },
      }),
    close() {},
  };
}

module.exports = { sdkPath };
