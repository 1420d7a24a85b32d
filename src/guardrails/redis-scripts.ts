/**
 * The Redis store's scripts (docs/guardrails.md, "Redis"): each runs atomically on the server (EVALSHA), so
 * a reservation is decided and taken in one step — never read-then-write from a host. They take the same
 * steps in the same order as SQLite's transactions (sqlite-store.ts), and every key they touch is passed in
 * KEYS and carries the account's hash tag (`prefix{account}:...`), so that in a Redis Cluster all of an
 * account's keys live in one slot.
 *
 * Time: `now` is the caller's (tests) or, when it is -1, the server's `TIME` — one clock for every host,
 * so that windows and the rate's queue do not depend on how well the hosts' clocks agree. Redis 5+ runs
 * scripts with effects replication, which allows `TIME` before writes.
 */

/**
 * KEYS: usage (hash), rate (string), reservation (hash), duplicate marks (strings)...
 * ARGV: now | -1, id, messages, per_hour | -1, per_day | -1, duplicate window ms | -1, rate | -1, max wait ms,
 *       reservation ttl ms
 * Returns {"ok", now, wait_ms} or {guardrail, now, detail, ...}: budgets give the messages used, the rate
 * its wait, duplicates the ms until the first mark expires and then the 0-based indexes of the duplicates.
 */
export const RESERVE = `
local now = tonumber(ARGV[1])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local id, messages = ARGV[2], tonumber(ARGV[3])
local per_hour, per_day = tonumber(ARGV[4]), tonumber(ARGV[5])
local window, rate, max_wait, ttl = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
if window >= 0 then
  local found, first = {}, -1
  for i = 4, #KEYS do
    local left = redis.call('PTTL', KEYS[i])
    if left > 0 then
      if first < 0 then first = left end
      found[#found + 1] = i - 4
    end
  end
  if #found > 0 then return { 'duplicate_window', now, first, unpack(found) } end
end
local hour, day = math.floor(now / 3600000), math.floor(now / 86400000)
local u = redis.call('HMGET', KEYS[1], 'hour', 'hour_used', 'day', 'day_used')
local hour_used, day_used = 0, 0
if tonumber(u[1]) == hour then hour_used = tonumber(u[2]) end
if tonumber(u[3]) == day then day_used = tonumber(u[4]) end
if per_hour >= 0 and hour_used + messages > per_hour then return { 'budget.per_hour', now, hour_used } end
if per_day >= 0 and day_used + messages > per_day then return { 'budget.per_day', now, day_used } end
local wait = 0
if rate > 0 then
  local tat = tonumber(redis.call('GET', KEYS[2]) or '0')
  local start = math.max(tat, now)
  wait = math.ceil(start - now)
  if wait > max_wait then return { 'rate_per_second', now, wait } end
  local next_tat = start + messages * 1000 / rate
  redis.call('SET', KEYS[2], string.format('%.3f', next_tat), 'PX', math.ceil(next_tat - now) + 60000)
end
redis.call('HSET', KEYS[1], 'hour', hour, 'hour_used', hour_used + messages, 'day', day, 'day_used', day_used + messages)
redis.call('PEXPIRE', KEYS[1], 2 * 86400000)
redis.call('HSET', KEYS[3], 'messages', messages, 'hour', hour, 'day', day)
redis.call('PEXPIRE', KEYS[3], ttl)
if window >= 0 then
  for i = 4, #KEYS do redis.call('SET', KEYS[i], id, 'PX', window) end
end
return { 'ok', now, wait }
`;

/**
 * KEYS: usage, reservation, duplicate marks... ARGV: id. Gives the reservation's messages back to the
 * windows it was taken from (if they are still current) and removes the marks that are still its own.
 */
export const RELEASE = `
local r = redis.call('HMGET', KEYS[2], 'messages', 'hour', 'day')
if not r[1] then return 0 end
local messages = tonumber(r[1])
local u = redis.call('HMGET', KEYS[1], 'hour', 'hour_used', 'day', 'day_used')
if u[1] == r[2] then redis.call('HSET', KEYS[1], 'hour_used', math.max(0, tonumber(u[2]) - messages)) end
if u[3] == r[3] then redis.call('HSET', KEYS[1], 'day_used', math.max(0, tonumber(u[4]) - messages)) end
for i = 3, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
end
redis.call('DEL', KEYS[2])
return 1
`;

/**
 * KEYS: the entry (string), the account's ledger index (sorted set by time). ARGV: entry JSON, time ms,
 * outcome, id, retention ms. A pending entry never replaces an outcome; an outcome keeps the attempt's time.
 */
export const RECORD = `
local old = redis.call('GET', KEYS[1])
local entry, at = ARGV[1], tonumber(ARGV[2])
if old then
  if ARGV[3] == 'pending' then return 0 end
  local previous = cjson.decode(old)
  local decoded = cjson.decode(entry)
  decoded['at'] = previous['at']
  entry = cjson.encode(decoded)
  at = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[4]) or ARGV[2])
end
redis.call('SET', KEYS[1], entry, 'PX', tonumber(ARGV[5]))
redis.call('ZADD', KEYS[2], at, ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (at - tonumber(ARGV[5])))
return 1
`;
