'use strict';
/** Our TypeScript client (src/sinch/client), called directly: what a TypeScript user of this package writes. */
const { SinchClient, emulatorAccounts } = require('../../dist/sinch');

function tsClientPath(url, ids) {
  const config = emulatorAccounts(url).get('default').config;
  const client = new SinchClient(config);
  return {
    name: 'our TS client',
    key: 'ts',
    getGroup: () => client.getGroup(ids.groupId),
    listBatches: () => client.listBatches({ page_size: 30, start_date: ids.startDate }),
    sendSms: () => client.sendBatch({ to: ['+12025550111'], from: '+12025550142', body: ids.smsBody }),
    close() {},
  };
}

module.exports = { tsClientPath };
