package redis

import goredis "github.com/redis/go-redis/v9"

// allowScript takes one token from each bucket KEYS[i] in turn (a hash:
// tokens, and the server TIME it was computed at as s and us), refilled at
// ARGV[2i+1] tokens per second up to ARGV[2i+2], with ARGV[1] and ARGV[2]
// the rounding slack and the longest idle time in ms (ephemeral.Epsilon and
// ephemeral.MaxIdle: the arithmetic is ephemeral.Bucket.Take's, run on the
// server so that replicas share the buckets). It stops at the first bucket
// without a token, leaving the ones after it untouched, and returns {1, 0}
// when every token was taken, else {0, micros} with the wait until that
// bucket has one. A bucket expires when it would be full again: a missing
// bucket is a full one.
var allowScript = goredis.NewScript(`
local t = redis.call('TIME')
local now_s, now_us = tonumber(t[1]), tonumber(t[2])
local eps, maxidle = tonumber(ARGV[1]), tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[2 * i + 1])
  local burst = tonumber(ARGV[2 * i + 2])
  local b = redis.call('HMGET', key, 'tokens', 's', 'us')
  local tokens = tonumber(b[1])
  if tokens == nil then
    tokens = burst
  else
    local elapsed = (now_s - tonumber(b[2])) * 1000000 + (now_us - tonumber(b[3]))
    if elapsed > 0 then tokens = tokens + elapsed * rate / 1000000 end
  end
  if tokens > burst then tokens = burst end
  local ok, wait = 0, 0
  if tokens + eps >= 1 then
    ok = 1
    tokens = math.max(tokens - 1, 0)
  else
    wait = math.ceil((1 - tokens) * 1000000 / rate)
  end
  redis.call('HSET', key, 'tokens', tostring(tokens), 's', t[1], 'us', t[2])
  local idle = math.ceil((burst - tokens) * 1000 / rate)
  if idle < 1 then idle = 1 end
  if idle > maxidle then idle = maxidle end
  redis.call('PEXPIRE', key, idle)
  if ok == 0 then return {0, wait} end
end
return {1, 0}
`)

// acquireScript takes the lock KEYS[1] (a hash: owner, token) for ARGV[1]
// for ARGV[2] ms, drawing a new fencing token from the counter KEYS[2],
// which never expires. It returns {1, token} or {0, 0} when another owner
// holds the lock; the holder acquiring again keeps its token.
var acquireScript = goredis.NewScript(`
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1, tonumber(redis.call('HGET', KEYS[1], 'token'))}
end
if owner then return {0, 0} end
local token = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'token', token)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {1, token}
`)

// refreshScript sets the lock KEYS[1] to expire in ARGV[2] ms if ARGV[1]
// holds it under the fencing token ARGV[3], returning 1, else 0.
var refreshScript = goredis.NewScript(`
if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] and redis.call('HGET', KEYS[1], 'token') == ARGV[3] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`)

// releaseScript deletes the lock KEYS[1] if ARGV[1] holds it under the
// fencing token ARGV[2].
var releaseScript = goredis.NewScript(`
if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] and redis.call('HGET', KEYS[1], 'token') == ARGV[2] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)
