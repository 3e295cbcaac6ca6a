-- FixedWindow: at most ARGV[2] hits per window of ARGV[3] microseconds, windows aligned to the
-- epoch (floor(now / period)). One hash per key: w = window index, c = hits admitted in it.
-- Rejected hits are not counted. Time is the Redis server's, so every replica agrees.
-- KEYS[1] key; ARGV[1] hits, ARGV[2] requests, ARGV[3] period (us)
-- returns {admitted 1|0, remaining, reset (us until the window ends), retry after (us, -1 never), now (us)}
local key = KEYS[1]
local hits = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window = math.floor(now / period)
local reset = (window + 1) * period - now
local state = redis.call('HMGET', key, 'w', 'c')
local count = 0
if state[1] and tonumber(state[1]) == window then
  count = tonumber(state[2])
end
if count + hits > limit then
  local retry = reset
  if hits > limit then retry = -1 end
  return {0, math.max(0, limit - count), reset, retry, now}
end
count = count + hits
redis.call('HSET', key, 'w', string.format('%d', window), 'c', string.format('%d', count))
redis.call('PEXPIRE', key, math.ceil(reset / 1000))
return {1, limit - count, reset, 0, now}
