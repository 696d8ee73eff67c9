-- Adds a connection to a room's presence, making the room if needed; tells the subscribers when its name arrives.
-- KEYS: meta, log, presence, names
-- ARGV: channel, connection, name, newEpoch, archived ('1': a room missing here is seeded from the archive first)
-- Returns {changed (0/1), presence version, created (0/1), name...}, or {-2} when the room must be seeded first
local meta, log, presence, names = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local channel, connection, name = ARGV[1], ARGV[2], ARGV[3]

local created = 0
if ARGV[5] == '1' and redis.call('HEXISTS', meta, 'epoch') == 0 then
  return {-2}
end
if redis.call('HEXISTS', meta, 'epoch') == 0 then
  redis.call('HSET', meta, 'epoch', ARGV[4], 'seq', 0, 'pver', 0)
  created = 1
end
redis.call('PERSIST', meta)
redis.call('PERSIST', log)
local changed = 0
if redis.call('HSETNX', presence, connection, name) == 1 and redis.call('HINCRBY', names, name, 1) == 1 then
  changed = 1
  local version = redis.call('HINCRBY', meta, 'pver', 1)
  redis.call('PUBLISH', channel, cjson.encode({t = 'presence', arrived = true, name = name,
    members = redis.call('HLEN', names), version = version, origin = connection}))
end
local result = {changed, tonumber(redis.call('HGET', meta, 'pver')), created}
for _, present in ipairs(redis.call('HKEYS', names)) do
  result[#result + 1] = present
end
return result
