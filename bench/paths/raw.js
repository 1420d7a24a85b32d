'use strict';
/**
 * The floor: `node:http` with a keep-alive agent, reading the whole body and parsing it (a user needs the
 * data). No validation, no retries, no error mapping: nothing a client could do with less work.
 */
const http = require('node:http');

function rawPath(url, ids) {
  const agent = new http.Agent({ keepAlive: true });
  const { hostname, port } = new URL(url);
  const auth = 'Bearer emulator-token';

  // A keep-alive socket that the server closes just as it is reused fails with ECONNRESET; Node's docs
  // recommend repeating such a request once (`req.reusedSocket`), as any real client would (reads only).
  const call = (method, path, body, retried = false) =>
    new Promise((resolve, reject) => {
      const headers = { authorization: auth, accept: 'application/json' };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = http.request({ hostname, port, path, method, headers, agent });
      req.on('error', (error) => {
        if (!retried && method === 'GET' && req.reusedSocket && error.code === 'ECONNRESET') resolve(call(method, path, body, true));
        else reject(error);
      });
      req.on('response', (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (res.statusCode >= 300) reject(new Error(`raw: ${method} ${path} -> ${res.statusCode}`));
          else resolve(parsed);
        });
      });
      req.end(body);
    });

  const listPath = `/xms/v1/emulator-plan/batches?page_size=30&start_date=${encodeURIComponent(ids.startDate)}`;
  return {
    name: 'raw node:http (floor)',
    key: 'raw',
    /** One request on the same keep-alive agent (the SMS job functions' floor: bench/lib/job-functions.js). */
    request: call,
    getGroup: () => call('GET', `/xms/v1/emulator-plan/groups/${ids.groupId}`),
    listBatches: () => call('GET', listPath),
    sendSms: () =>
      call(
        'POST',
        '/xms/v1/emulator-plan/batches',
        JSON.stringify({ to: ['+12025550111'], from: '+12025550142', body: ids.smsBody, type: 'mt_text', client_reference: `raw-${ids.next()}` }),
      ),
    close: () => agent.destroy(),
  };
}

module.exports = { rawPath };
