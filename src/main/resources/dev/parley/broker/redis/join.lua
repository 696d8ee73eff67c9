-- Adds a connection to a room's presence, making the room if needed; tells the subscribers when its user (its
-- subject) arrives with its first connection.
-- KEYS: meta, log, presence, users, names
-- ARGV: channel, connection, subject, name, newEpoch
-- Returns {changed (0/1), presence version, created (0/1), subject, name, subject, name...}
local meta, log, presence, users, names = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local channel, connection, subject, name = ARGV[1], ARGV[2], ARGV[3], ARGV[4]

local created = 0
if redis.call('HEXISTS', meta, 'epoch') == 0 then
  redis.call('HSET', meta, 'epoch', ARGV[5], 'seq', 0, 'pver', 0)
  created = 1
end
redis.call('PERSIST', meta)
redis.call('PERSIST', log)
local changed = 0
if redis.call('HSETNX', presence, connection, subject) == 1 and redis.call('HINCRBY', users, subject, 1) == 1 then
  changed = 1
  redis.call('HSET', names, subject, name)
  local version = redis.call('HINCRBY', meta, 'pver', 1)
  redis.call('PUBLISH', channel, cjson.encode({t = 'presence', arrived = true, name = name, sub = subject,
    members = redis.call('HLEN', users), version = version, origin = connection}))
end
local result = {changed, tonumber(redis.call('HGET', meta, 'pver')), created}
for _, field in ipairs(redis.call('HGETALL', names)) do
  result[#result + 1] = field
end
return result
