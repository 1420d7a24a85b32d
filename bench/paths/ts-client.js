'use strict';
/** Our TypeScript client (src/sinch/client), called directly: what a TypeScript user of this package writes. */
const { SinchClient, emulatorAccounts, sinchHttp } = require('../../dist/sinch');

/**
 * @param viaAxios route requests through an axios instance over the same keep-alive adapter
 *   (`http: sinchHttp()`) instead of the client's default, the transport itself: what axios's request
 *   pipeline costs per call, measured rather than assumed.
 */
function tsClientPath(url, ids, viaAxios = false) {
  const config = emulatorAccounts(url).get('default').config;
  const client = new SinchClient(config, viaAxios ? { http: sinchHttp() } : {});
  return {
    name: viaAxios ? 'our TS client through axios' : 'our TS client',
    key: viaAxios ? 'ts-axios' : 'ts',
    getGroup: () => client.getGroup(ids.groupId),
    listBatches: () => client.listBatches({ page_size: 30, start_date: ids.startDate }),
    sendSms: () => client.sendBatch({ to: ['+12025550111'], from: '+12025550142', body: ids.smsBody }),
    close() {},
  };
}

module.exports = { tsClientPath };
