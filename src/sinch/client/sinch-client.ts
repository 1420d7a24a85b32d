/**
 * The Sinch client: typed methods over the SMS (xms v1) and Numbers APIs, usable directly from TypeScript
 * (the benchmark calls it) and by the Lua functions. Every public method is a boundary: whatever it
 * throws has passed through the account's Redactor (src/sinch/redact.ts).
 */
import type { ActiveNumber, ActiveNumberList, ActiveNumberQuery } from '../../wire/numbers';
import type { TokenResponse } from '../../wire/oauth';
import type {
  BatchDeliveryReport,
  BatchList,
  DeliveryReportList,
  DryRunResponse,
  Group,
  GroupList,
  InboundList,
  InboundText,
  RecipientDeliveryReport,
  SendTextBatchRequest,
  TextBatch,
} from '../../wire/sms';
import { TokenCache } from '../auth/token-cache';
import type { SinchAccountConfig } from '../config/account-config';
import { projectKeysOf, smsAuthOf, type ProjectKeys, type SmsAuth } from '../config/credentials';
import { MAX_RETRIES } from '../http/retry';
import type { HttpClient } from '../http/http-client';
import { socketHttp } from '../http/socket-transport';
import { PageTokenCache } from '../numbers/page-tokens';
import { Redactor } from '../redact';
import { ApiCaller, read, write, type AttemptCounter, type Authorization, type ReadRequest } from './api-caller';
import { numbersBaseUrl, queryString, smsBaseUrl, tokenUrl } from './endpoints';
import { authHint, RETENTION_HINT } from './hints';
import { withList, withNumber, withString, withStrings } from './response-shape';
import { findSentBatch, generateClientReference, LOOKUP_SKEW_MS, sendExactlyOnce, type SendDependencies } from './send-once';
import { sleep } from './sleep';
import { digitsOf } from '../params/phone';

function batchNotFound(batchId: string): string {
  return `No batch with id "${batchId}" in this service plan. ${RETENTION_HINT} list_batches shows the ids.`;
}

export interface SinchClientOptions {
  /** Account name, for messages. @default 'default' */
  readonly accountName?: string;
  /** Between retries and before a send is looked up again. Tests pass a fake. @default real timers */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Clock for token expiry, Retry-After dates and send lookups. @default Date.now */
  readonly now?: () => number;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Repeats of a failed read. @default 2 */
  readonly maxRetries?: number;
  /** Generates a send's client_reference when the caller gives none. */
  readonly newClientReference?: () => string;
  /** Pause before the second lookup of an ambiguous send. @default 1000 */
  readonly sendLookupSettleMs?: number;
  /**
   * The HTTP layer: anything with axios's `request(config)` (src/sinch/http/http-client.ts), e.g.
   * `sinchHttp()`, an axios instance over the default transport, or `nodeHttp` (Node's http stack).
   * @default `socketHttp`: HTTP/1.1 on keep-alive sockets (src/sinch/http/socket-transport.ts), without
   * axios's request pipeline (~9 µs of CPU a call) or `node:http`'s client machinery (docs/performance.md,
   * "axios on the call path", "A transport of our own").
   */
  readonly http?: HttpClient;
}

/**
 * Per-request options. The pipeline's call context (src/integration/types.ts, CallContext) is one: handlers
 * pass `ctx` as it is.
 */
export interface RequestOptions {
  /** Aborts a read (the run ended). Sends ignore it once they are under way. */
  readonly signal?: AbortSignal;
  /** Told of every request sent (retries and lookups included): the call record's `attempts`. */
  countAttempt?(): void;
}

export interface SendOptions {
  /** Told of every request the send makes: POSTs and lookups. */
  countAttempt?(): void;
  /**
   * The request's client_reference was generated for this send (by the function's plan): it identifies the
   * batch alone. A caller's own reference may have been used before, so a lookup also checks recipients and
   * time. @default true when the request has no client_reference (one is generated here)
   */
  readonly referenceGenerated?: boolean;
}

export interface PageQuery {
  readonly page?: number;
  readonly page_size?: number;
}

/** `GET /batches` filters (docs/sinch-wire.md): `from` is a list; dates are ISO 8601. */
export interface BatchListQuery extends PageQuery {
  readonly from?: readonly string[];
  readonly start_date?: string;
  readonly end_date?: string;
  readonly client_reference?: string;
}

/** `GET /batches/{id}/delivery_report` (docs/sinch-wire.md, "SMS: delivery reports"). */
export interface DeliveryReportQuery {
  readonly type?: 'summary' | 'full';
  readonly status?: readonly string[];
  readonly code?: readonly string[];
}

/** `GET /delivery_reports`: windowed like `/batches`, filtered by status, code and client_reference. */
export interface DeliveryReportListQuery extends PageQuery {
  readonly start_date?: string;
  readonly end_date?: string;
  readonly status?: readonly string[];
  readonly code?: readonly string[];
  readonly client_reference?: string;
}

/** `GET /inbounds` filters: `to` is a list. */
export interface InboundListQuery extends PageQuery {
  readonly to?: readonly string[];
  readonly start_date?: string;
  readonly end_date?: string;
  readonly client_reference?: string;
}

interface SmsTarget {
  readonly base: string;
  readonly auth: Authorization;
  readonly authHint: string;
}

interface NumbersTarget {
  readonly base: string;
  readonly auth: Authorization;
}

export class SinchClient {
  /** Numbers API page tokens, per page size (src/sinch/numbers/list-page.ts). */
  readonly numberPageTokens = new PageTokenCache();

  private readonly redactor: Redactor;
  private readonly caller: ApiCaller;
  private readonly accountName: string;
  /** The clock the client uses (list windows are computed from it too). */
  readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly newReference: () => string;
  private readonly settleMs: number;
  private sms: SmsTarget | undefined;
  private numbers: NumbersTarget | undefined;
  private tokens: TokenCache | undefined;

  constructor(
    private readonly config: SinchAccountConfig,
    options: SinchClientOptions = {},
  ) {
    this.accountName = options.accountName ?? 'default';
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? sleep;
    this.newReference = options.newClientReference ?? generateClientReference;
    this.settleMs = options.sendLookupSettleMs ?? 1000;
    this.redactor = new Redactor([config.api_token, config.key_secret, this.basicCredential()]);
    this.caller = new ApiCaller({
      http: options.http ?? socketHttp,
      timeoutMs: config.timeout_ms,
      maxRetries: options.maxRetries ?? MAX_RETRIES,
      now: this.now,
      random: this.random,
      sleep: this.sleep,
    });
  }

  // ---- SMS: batches ----

  listBatches(query: BatchListQuery = {}, options: RequestOptions = {}): Promise<BatchList> {
    return this.guard(() => {
      const { page, page_size, from, start_date, end_date, client_reference } = query;
      const qs = queryString({ page, page_size, from, start_date, end_date, client_reference });
      return this.smsGet(`/batches${qs}`, options).then((body) => withList<BatchList>('sms', body, 'batches'));
    });
  }

  getBatch(batchId: string, options: RequestOptions = {}): Promise<TextBatch> {
    return this.guard(() =>
      this.smsGet(`/batches/${encodeURIComponent(batchId)}`, options, batchNotFound(batchId)).then((body) =>
        withString<TextBatch>('sms', body, 'id'),
      ),
    );
  }

  /**
   * `DELETE /batches/{id}`: a write, sent once and never repeated (a batch already dispatched answers 403
   * `batch_already_dispatched`). Not abortable once started.
   */
  cancelBatch(batchId: string, options: SendOptions = {}): Promise<TextBatch> {
    return this.guard(() => {
      const target = this.smsTarget();
      const attempts: AttemptCounter | undefined = options.countAttempt ? (options as AttemptCounter) : undefined;
      return this.caller
        .writeOnce(
          write({
            api: 'sms',
            method: 'DELETE',
            url: `${target.base}/batches/${encodeURIComponent(batchId)}`,
            auth: target.auth,
            authHint: target.authHint,
            notFoundHint: batchNotFound(batchId),
            attempts,
          }),
        )
        .then((body) => withString<TextBatch>('sms', body, 'id'));
    });
  }

  /**
   * `POST /batches/dry_run?per_recipient=true&number_of_recipients=N`: what a send would cost, computed by
   * Sinch; it creates nothing, so it is a read (retried like one).
   */
  dryRun(request: SendTextBatchRequest, perRecipient: number, options: RequestOptions = {}): Promise<DryRunResponse> {
    return this.guard(() => {
      const target = this.smsTarget();
      const qs = queryString({ per_recipient: perRecipient > 0, number_of_recipients: perRecipient > 0 ? perRecipient : undefined });
      return this.caller
        .read(
          read({
            api: 'sms',
            method: 'POST',
            url: `${target.base}/batches/dry_run${qs}`,
            auth: target.auth,
            body: JSON.stringify({ ...request, type: 'mt_text' }),
            authHint: target.authHint,
            signal: options.signal,
            attempts: options.countAttempt ? (options as AttemptCounter) : undefined,
          }),
        )
        .then((body) => withNumber<DryRunResponse>('sms', body, 'number_of_messages'));
    });
  }

  // ---- SMS: delivery reports ----

  getDeliveryReport(batchId: string, query: DeliveryReportQuery = {}, options: RequestOptions = {}): Promise<BatchDeliveryReport> {
    return this.guard(() => {
      const qs = queryString({ type: query.type, status: query.status, code: query.code });
      return this.smsGet(`/batches/${encodeURIComponent(batchId)}/delivery_report${qs}`, options, batchNotFound(batchId)).then((body) =>
        withList<BatchDeliveryReport>('sms', body, 'statuses'),
      );
    });
  }

  /** `recipient` as digits (with or without `+`); sent as digits, the form Sinch's reports use. */
  getRecipientDeliveryReport(batchId: string, recipient: string, options: RequestOptions = {}): Promise<RecipientDeliveryReport> {
    return this.guard(() => {
      const msisdn = digitsOf(recipient);
      const hint =
        `No delivery report for ${recipient} in batch "${batchId}": the number is not a recipient of that batch, or the batch ` +
        'is older than 14 days. get_delivery_report({batch_id = ..., type = "full"}) lists its recipients.';
      return this.smsGet(`/batches/${encodeURIComponent(batchId)}/delivery_report/${msisdn}`, options, hint).then((body) =>
        withString<RecipientDeliveryReport>('sms', body, 'status'),
      );
    });
  }

  listDeliveryReports(query: DeliveryReportListQuery = {}, options: RequestOptions = {}): Promise<DeliveryReportList> {
    return this.guard(() => {
      const { page, page_size, start_date, end_date, status, code, client_reference } = query;
      const qs = queryString({ page, page_size, start_date, end_date, status, code, client_reference });
      return this.smsGet(`/delivery_reports${qs}`, options).then((body) => withList<DeliveryReportList>('sms', body, 'delivery_reports'));
    });
  }

  /** Send a text batch exactly once (src/sinch/client/send-once.ts). Not abortable once started. */
  sendBatch(request: SendTextBatchRequest, options: SendOptions = {}): Promise<TextBatch> {
    return this.guard(() => sendExactlyOnce(this.sendDependencies(options), request, options.referenceGenerated));
  }

  /**
   * After the fact: the batch a send of `request` (which carries its client_reference) created, if Sinch has
   * it — looked up as an ambiguous send is, twice, in case Sinch lists it late. `sentAt`: when the send was
   * planned (epoch ms). A failed lookup rejects.
   */
  findSentBatch(request: SendTextBatchRequest, referenceGenerated: boolean, sentAt: number, options: RequestOptions = {}): Promise<TextBatch | undefined> {
    const reference = request.client_reference ?? '';
    return this.guard(() =>
      findSentBatch(this.sendDependencies(options), request, reference, referenceGenerated, sentAt - LOOKUP_SKEW_MS),
    );
  }

  /** `options.signal`, when given (a reconciliation, never a send: a send is not abortable once started), stops the lookups. */
  private sendDependencies(options: SendOptions & RequestOptions): SendDependencies {
    const target = this.smsTarget();
    const attempts: AttemptCounter | undefined = options.countAttempt ? (options as AttemptCounter) : undefined;
    return {
      // A write (the other is cancelBatch): `write()` makes it a request that nothing below repeats.
      post: (body) =>
        this.caller
          .writeOnce(write({ api: 'sms', method: 'POST', url: `${target.base}/batches`, auth: target.auth, body, authHint: target.authHint, attempts }))
          .then((sent) => withString<TextBatch>('sms', sent, 'id')),
      find: async (clientReference, startDate) =>
        (await this.listBatches({ client_reference: clientReference, start_date: startDate, page_size: 100 }, options)).batches,
      sleep: (ms) => this.sleep(ms, options.signal),
      now: this.now,
      random: this.random,
      newReference: this.newReference,
      settleMs: this.settleMs,
    };
  }

  /** A new client_reference for a send (`kosmo-` + random), as sendBatch would generate. */
  newClientReference(): string {
    return this.newReference();
  }

  // ---- SMS: inbounds ----

  listInbounds(query: InboundListQuery = {}, options: RequestOptions = {}): Promise<InboundList> {
    return this.guard(() => {
      const { page, page_size, to, start_date, end_date, client_reference } = query;
      const qs = queryString({ page, page_size, to, start_date, end_date, client_reference });
      return this.smsGet(`/inbounds${qs}`, options).then((body) => withList<InboundList>('sms', body, 'inbounds'));
    });
  }

  getInbound(inboundId: string, options: RequestOptions = {}): Promise<InboundText> {
    return this.guard(() =>
      this.smsGet(`/inbounds/${encodeURIComponent(inboundId)}`, options, `No inbound message with id "${inboundId}". ${RETENTION_HINT}`).then(
        (body) => withString<InboundText>('sms', body, 'id'),
      ),
    );
  }

  // ---- SMS: groups ----

  listGroups(query: PageQuery = {}, options: RequestOptions = {}): Promise<GroupList> {
    return this.guard(() => {
      const qs = queryString({ page: query.page, page_size: query.page_size });
      return this.smsGet(`/groups${qs}`, options).then((body) => withList<GroupList>('sms', body, 'groups'));
    });
  }

  getGroup(groupId: string, options: RequestOptions = {}): Promise<Group> {
    return this.guard(() => {
      const hint = `No group with id "${groupId}" in this service plan: list_groups shows the ids.`;
      return this.smsGet(`/groups/${encodeURIComponent(groupId)}`, options, hint).then((body) => withString<Group>('sms', body, 'id'));
    });
  }

  /** `GET /groups/{id}/members`: the group's own members, numbers without `+` as Sinch sends them. */
  listGroupMembers(groupId: string, options: RequestOptions = {}): Promise<string[]> {
    return this.guard(() => {
      const hint = `No group with id "${groupId}" in this service plan: list_groups shows the ids.`;
      return this.smsGet(`/groups/${encodeURIComponent(groupId)}/members`, options, hint).then((body) => withStrings('sms', body));
    });
  }

  // ---- Numbers API ----

  listActiveNumbers(query: ActiveNumberQuery = {}, options: RequestOptions = {}): Promise<ActiveNumberList> {
    return this.guard(async () => {
      const target = this.numbersTarget('list_phone_numbers');
      const body = await this.numbersGet(target, `/activeNumbers${queryString(query as Record<string, string | number | undefined>)}`, options);
      return withList<ActiveNumberList>('numbers', body, 'activeNumbers');
    });
  }

  /** `phoneNumber` in E.164 with `+`. */
  getActiveNumber(phoneNumber: string, options: RequestOptions = {}): Promise<ActiveNumber> {
    return this.guard(async () => {
      const target = this.numbersTarget('get_phone_number');
      // The path keeps a literal `+` (docs/sinch-wire.md: `GET /activeNumbers/{+E164}`); a path `+` is not a space.
      const body = await this.numbersGet(
        target,
        `/activeNumbers/${phoneNumber.replace(/[^+\d]/g, '')}`,
        options,
        `${phoneNumber} is not an active (rented) number of project ${this.config.project_id}: list_phone_numbers shows them.`,
      );
      return withString<ActiveNumber>('numbers', body, 'phoneNumber');
    });
  }

  // ---- internals ----

  /** Run `work` so that whatever it throws or rejects with leaves through the redactor. */
  private guard<T>(work: () => Promise<T>): Promise<T> {
    let promise: Promise<T>;
    try {
      promise = work();
    } catch (error) {
      return Promise.reject(this.redactor.error(error));
    }
    return promise.catch((error: unknown) => {
      throw this.redactor.error(error);
    });
  }

  /**
   * A GET on the SMS API: a read. One object literal, always with the same fields (no spreads on the per-call
   * path); `options` (often the pipeline's call context) counts the attempts.
   */
  private smsGet(path: string, options: RequestOptions, notFoundHint: string = RETENTION_HINT): Promise<unknown> {
    const target = this.smsTarget();
    const spec: ReadRequest = {
      kind: 'read',
      api: 'sms',
      method: 'GET',
      url: target.base + path,
      auth: target.auth,
      body: undefined,
      authHint: target.authHint,
      signal: options.signal,
      notFoundHint,
      attempts: options.countAttempt ? (options as AttemptCounter) : undefined,
    };
    return this.caller.read(spec);
  }

  private numbersGet(target: NumbersTarget, path: string, options: RequestOptions, notFoundHint?: string): Promise<unknown> {
    return this.caller.read(
      read({
        api: 'numbers',
        method: 'GET',
        url: target.base + path,
        auth: target.auth,
        signal: options.signal,
        authHint: authHint('numbers', this.config, undefined),
        notFoundHint,
        attempts: options.countAttempt ? (options as AttemptCounter) : undefined,
      }),
    );
  }

  private smsTarget(): SmsTarget {
    if (this.sms) return this.sms;
    const auth: SmsAuth = smsAuthOf(this.config, this.accountName);
    this.sms = {
      base: smsBaseUrl(this.config, auth),
      auth: auth.mode === 'service_plan' ? { header: `Bearer ${auth.apiToken}` } : { tokens: this.tokenCache(auth) },
      authHint: authHint('sms', this.config, auth.mode),
    };
    return this.sms;
  }

  private numbersTarget(functionName: string): NumbersTarget {
    if (this.numbers) return this.numbers;
    const keys = projectKeysOf(this.config, this.accountName, functionName);
    this.numbers = { base: numbersBaseUrl(this.config, keys.projectId), auth: { tokens: this.tokenCache(keys) } };
    return this.numbers;
  }

  /** One token cache per client: the token from auth.sinch.com serves both SMS (OAuth2) and Numbers. */
  private tokenCache(keys: ProjectKeys): TokenCache {
    this.tokens ??= new TokenCache(async () => {
      // A POST that creates nothing (a token): a read, safe to repeat.
      const body = await this.caller.read(
        read({
          api: 'auth',
          method: 'POST',
          url: tokenUrl(this.config),
          auth: { header: `Basic ${this.basicCredential(keys)}` },
          body: 'grant_type=client_credentials',
          contentType: 'application/x-www-form-urlencoded',
          authHint: authHint('auth', this.config, undefined),
        }),
      );
      const token = withString<TokenResponse>('auth', body, 'access_token');
      this.redactor.add(token.access_token);
      return token;
    }, this.now);
    return this.tokens;
  }

  private basicCredential(keys?: ProjectKeys): string | undefined {
    const keyId = keys?.keyId ?? this.config.key_id;
    const keySecret = keys?.keySecret ?? this.config.key_secret;
    return keyId && keySecret ? Buffer.from(`${keyId}:${keySecret}`).toString('base64') : undefined;
  }
}
