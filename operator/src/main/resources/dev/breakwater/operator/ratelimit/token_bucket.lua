-- TokenBucket: ARGV[4] tokens at most, refilled continuously at ARGV[2] tokens per ARGV[3] us;
-- a hit takes a token. One hash per key: t = tokens, ts = time of t (us). A missing key is a full
-- bucket, so the key expires once the bucket would be full again. A rejection writes nothing
-- (refilling later from the stored state gives the same tokens).
-- KEYS[1] key; ARGV[1] hits, ARGV[2] requests, ARGV[3] period (us), ARGV[4] burst
-- returns {admitted 1|0, remaining, reset (us until full), retry after (us, -1 never), now (us)}
local key = KEYS[1]
local hits = tonumber(ARGV[1])
local requests = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
local burst = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local state = redis.call('HMGET', key, 't', 'ts')
local tokens = burst
if state[1] then
  tokens = tonumber(state[1])
  local last = tonumber(state[2])
  if now < last then now = last end -- the clock stepped back: no refill, never a second one
  tokens = math.min(burst, tokens + (now - last) * requests / period)
end
local us_per_token = period / requests
if tokens < hits then
  local retry = -1
  if hits <= burst then retry = math.ceil((hits - tokens) * us_per_token) end
  return {0, math.floor(tokens), math.ceil((burst - tokens) * us_per_token), retry, now}
end
tokens = tokens - hits
local until_full = math.ceil((burst - tokens) * us_per_token)
redis.call('HSET', key, 't', string.format('%.17g', tokens), 'ts', string.format('%d', now))
redis.call('PEXPIRE', key, math.max(1, math.ceil(until_full / 1000)))
return {1, math.floor(tokens), until_full, 0, now}
