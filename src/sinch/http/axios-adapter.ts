/**
 * axios over our transports: an axios instance fits the client's `http` option (issue #3: keep axios's
 * API), and `sinchHttp()` is one over the default transport, for embedders who want axios's interceptors.
 * axios is loaded on first use only.
 */
import type { AxiosAdapter, AxiosInstance, AxiosResponse } from 'axios';
import type { HttpRequest, HttpResponse } from './http-client';
import { send as socketSend } from './socket-transport';
import { MAX_RESPONSE_BYTES } from './transport-error';

/** An axios adapter that performs each request with `send`. */
export function axiosAdapter(send: (request: HttpRequest) => Promise<HttpResponse>): AxiosAdapter {
  return (config) =>
    send({
      url: config.url as string,
      method: (config.method ?? 'get').toUpperCase() as HttpRequest['method'],
      headers: config.headers.toJSON() as Record<string, string>,
      data: config.data as string | undefined,
      timeout: config.timeout,
      signal: config.signal as AbortSignal | undefined,
      maxContentLength: config.maxContentLength,
    }).then((response) => ({ ...response, headers: response.headers as AxiosResponse['headers'], config }));
}

let instance: AxiosInstance | undefined;

/**
 * A process-wide axios instance over the default transport (socket-transport.ts).
 *
 * Its defaults are cut down to what the adapter reads: axios deep-merges the instance defaults into every
 * request. Statuses never reject here (the adapter resolves every answer) and nothing is transformed.
 */
export function sinchHttp(): AxiosInstance {
  if (!instance) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const axios = require('axios') as typeof import('axios');
    instance = axios.default.create();
    const defaults = instance.defaults as unknown as Record<string, unknown>;
    for (const key of Object.keys(defaults)) delete defaults[key];
    Object.assign(defaults, {
      adapter: axiosAdapter(socketSend),
      transformRequest: [],
      transformResponse: [],
      maxContentLength: MAX_RESPONSE_BYTES,
      headers: {},
    });
  }
  return instance;
}
