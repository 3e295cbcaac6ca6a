-- SlidingWindow, exact (a sliding log): a hit at time now is admitted when the hits admitted in
-- (now - period, now] plus this one stay within the limit, so no interval of length period ever
-- admits more than ARGV[2]. One sorted set per key: a member per admitted hit, scored by its time
-- (us). Rejected hits are not recorded. Memory: one member per hit admitted in the last period.
-- KEYS[1] key; ARGV[1] hits, ARGV[2] requests, ARGV[3] period (us), ARGV[4] unique member prefix
-- returns {admitted 1|0, remaining, reset (us until the oldest hit leaves), retry after (us, -1 never), now (us)}
local key = KEYS[1]
local hits = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', now - period))
local count = redis.call('ZCARD', key)
local function until_leaves(index)
  local entry = redis.call('ZRANGE', key, index, index, 'WITHSCORES')
  if entry[2] then return tonumber(entry[2]) + period - now end
  return period
end
if count + hits > limit then
  local retry = -1
  if hits <= limit then retry = until_leaves(count + hits - limit - 1) end
  return {0, math.max(0, limit - count), until_leaves(0), retry, now}
end
local score = string.format('%d', now)
local args = {}
for i = 1, hits do
  args[2 * i - 1] = score
  args[2 * i] = ARGV[4] .. ':' .. i
end
redis.call('ZADD', key, unpack(args))
redis.call('PEXPIRE', key, math.ceil(period / 1000))
return {1, limit - count - hits, until_leaves(0), 0, now}
