/**
 * The guardrails store for many hosts: Redis through ioredis (docs/guardrails.md, "Redis"). Reservations,
 * releases and ledger writes are server-side scripts (redis-scripts.ts) sent with EVALSHA, so every host
 * sharing the Redis sees one budget, one set of duplicate marks and one rate queue. The connection fails
 * fast instead of queueing commands while Redis is away (`enableOfflineQueue: false`): a guarded write is
 * then refused at once (fail closed) and reads never wait for it. Loaded only when configured.
 */
import Redis from 'ioredis';
import { RECORD, RELEASE, RESERVE } from './redis-scripts';
import {
  DAY_MS,
  HOUR_MS,
  RESERVATION_TTL_MS,
  StoreUnavailable,
  redisOrigin,
  type GuardrailStore,
  type LedgerEntry,
  type LedgerQuery,
  type ReleaseRequest,
  type ReserveRequest,
  type ReserveResult,
  type StoreGuardrail,
  type Usage,
} from './store';

export interface RedisStoreOptions {
  readonly url: string;
  readonly prefix: string;
  readonly retentionDays: number;
}

type ScriptReply = Array<string | number>;

interface ScriptedRedis extends Redis {
  kosmoReserve(...args: Array<string | number>): Promise<ScriptReply>;
  kosmoRelease(...args: Array<string | number>): Promise<number>;
  kosmoRecord(...args: Array<string | number>): Promise<number>;
}

/** Fewer round trips when listing the ledger: entries are fetched in pages of this many. */
const QUERY_PAGE = 200;

export class RedisStore implements GuardrailStore {
  readonly description: string;
  private readonly redis: ScriptedRedis;
  private connecting: Promise<void> | undefined;
  /** The connection's last error (`ECONNREFUSED`), for a message better than ioredis's "Connection is closed.". */
  private lastError: string | undefined;

  constructor(private readonly options: RedisStoreOptions) {
    this.description = redisOrigin(options.url);
    this.redis = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 5000,
      // Reconnect in the background (a restarted Redis is used again) without ever queueing a write meanwhile.
      retryStrategy: (times) => Math.min(times * 200, 2000),
    }) as ScriptedRedis;
    // An 'error' event without a listener would end the process; failures reach callers as StoreUnavailable.
    this.redis.on('error', (error: Error & { code?: string }) => {
      this.lastError = error.code ?? error.message.split('\n')[0];
    });
    this.redis.defineCommand('kosmoReserve', { lua: RESERVE });
    this.redis.defineCommand('kosmoRelease', { lua: RELEASE });
    this.redis.defineCommand('kosmoRecord', { lua: RECORD });
  }

  /** Keys of one account share its hash tag, so that a script's keys live in one cluster slot. */
  private key(account: string, suffix: string): string {
    return `${this.options.prefix}{${account}}:${suffix}`;
  }

  private async ready(): Promise<void> {
    if (this.redis.status === 'wait') {
      this.connecting ??= this.redis.connect().finally(() => {
        this.connecting = undefined;
      });
    }
    if (this.connecting !== undefined) await this.connecting;
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      await this.ready();
      return await work();
    } catch (error) {
      const code =
        (error as { code?: string }).code ?? (this.redis.status !== 'ready' ? this.lastError : undefined) ?? (error instanceof Error ? error.message.split('\n')[0] : 'error');
      throw new StoreUnavailable(`Redis at ${this.description} (${code})`);
    }
  }

  reserve(request: ReserveRequest): Promise<ReserveResult> {
    const { account, id } = request;
    const dups = request.duplicateWindowMs !== undefined ? (request.duplicateKeys ?? []) : [];
    const keys = [this.key(account, 'usage'), this.key(account, 'rate'), this.key(account, `res:${id}`), ...dups.map((k) => this.key(account, `dup:${k}`))];
    const args = [
      request.now ?? -1,
      id,
      request.messages,
      request.perHour ?? -1,
      request.perDay ?? -1,
      request.duplicateWindowMs ?? -1,
      request.ratePerSecond ?? -1,
      Math.max(0, Math.floor(request.maxWaitMs)),
      RESERVATION_TTL_MS,
    ];
    return this.run(async () => {
      const reply = await this.redis.kosmoReserve(keys.length, ...keys, ...args);
      const [verdict, now, detail, ...rest] = reply;
      const at = Number(now);
      if (verdict === 'ok') return { ok: true, waitMs: Number(detail), now: at };
      const guardrail = verdict as StoreGuardrail;
      if (guardrail === 'duplicate_window') return { ok: false, guardrail, now: at, expiresInMs: Number(detail), duplicates: rest.map(Number) };
      if (guardrail === 'rate_per_second') return { ok: false, guardrail, now: at, waitMs: Number(detail) };
      return { ok: false, guardrail, now: at, used: Number(detail) };
    });
  }

  release(request: ReleaseRequest): Promise<void> {
    const { account, id } = request;
    const keys = [this.key(account, 'usage'), this.key(account, `res:${id}`), ...(request.duplicateKeys ?? []).map((k) => this.key(account, `dup:${k}`))];
    return this.run(async () => {
      await this.redis.kosmoRelease(keys.length, ...keys, id);
    });
  }

  record(entry: LedgerEntry): Promise<void> {
    const keys = [this.key(entry.account, `entry:${entry.id}`), this.key(entry.account, 'ledger')];
    const retention = this.options.retentionDays * DAY_MS;
    return this.run(async () => {
      // Pipelined: one round trip for both.
      const pipeline = this.redis.pipeline().sadd(`${this.options.prefix}ledger-accounts`, entry.account) as unknown as {
        kosmoRecord(...args: Array<string | number>): { exec(): Promise<Array<[Error | null, unknown]> | null> };
      };
      const replies = await pipeline.kosmoRecord(keys.length, ...keys, JSON.stringify(entry), Date.parse(entry.at), entry.outcome, entry.id, retention).exec();
      const failed = replies?.find(([error]) => error !== null);
      if (failed) throw failed[0];
    });
  }

  query(query: LedgerQuery): Promise<LedgerEntry[]> {
    return this.run(async () => {
      const accounts = query.account !== undefined ? [query.account] : await this.redis.smembers(`${this.options.prefix}ledger-accounts`);
      const max = query.until !== undefined ? `(${query.until}` : '+inf';
      const min = query.since ?? '-inf';
      const found: LedgerEntry[] = [];
      for (const account of accounts) {
        // Newest first, page by page, until `limit` entries of this account pass the outcome filter.
        let kept = 0;
        for (let offset = 0; kept < query.limit; offset += QUERY_PAGE) {
          const ids = await this.redis.zrevrangebyscore(this.key(account, 'ledger'), max, min, 'LIMIT', offset, QUERY_PAGE);
          if (ids.length === 0) break;
          const texts = await this.redis.mget(...ids.map((id) => this.key(account, `entry:${id}`)));
          for (const text of texts) {
            if (text === null) continue;
            const entry = normalise(JSON.parse(text) as LedgerEntry);
            if (query.outcome !== undefined && entry.outcome !== query.outcome) continue;
            found.push(entry);
            kept++;
          }
          if (ids.length < QUERY_PAGE) break;
        }
      }
      return found.sort(newestFirst).slice(0, query.limit);
    });
  }

  usage(account: string, now?: number): Promise<Usage> {
    return this.run(async () => {
      const at = now ?? (await this.serverTime());
      const [hour, hourUsed, day, dayUsed] = await this.redis.hmget(this.key(account, 'usage'), 'hour', 'hour_used', 'day', 'day_used');
      return {
        hour: Number(hour) === Math.floor(at / HOUR_MS) ? Number(hourUsed) : 0,
        day: Number(day) === Math.floor(at / DAY_MS) ? Number(dayUsed) : 0,
      };
    });
  }

  private async serverTime(): Promise<number> {
    const [seconds, micros] = await this.redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

function newestFirst(a: LedgerEntry, b: LedgerEntry): number {
  return a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1;
}

/** Redis's cjson writes an empty list as `{}`: the ledger's lists are lists. */
function normalise(entry: LedgerEntry): LedgerEntry {
  return Array.isArray(entry.recipients) ? entry : { ...entry, recipients: [] };
}
