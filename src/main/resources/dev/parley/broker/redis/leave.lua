-- Removes a connection from a room's presence; tells the subscribers when it was its name's last. A room left
-- without members expires after emptyRoomSeconds unless something happens in it.
-- KEYS: meta, log, presence, names
-- ARGV: channel, connection, emptyRoomSeconds, archived ('1': a room keeps its keys until archived, advance.lua)
-- Returns {changed (0/1), presence version, name...}
local meta, log, presence, names = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local channel, connection, emptySeconds = ARGV[1], ARGV[2], tonumber(ARGV[3])

local changed = 0
local name = redis.call('HGET', presence, connection)
if name then
  redis.call('HDEL', presence, connection)
  if redis.call('HINCRBY', names, name, -1) <= 0 then
    redis.call('HDEL', names, name)
    changed = 1
    local version = redis.call('HINCRBY', meta, 'pver', 1)
    redis.call('PUBLISH', channel, cjson.encode({t = 'presence', arrived = false, name = name,
      members = redis.call('HLEN', names), version = version, origin = connection}))
  end
  local unarchived = ARGV[4] == '1'
    and tonumber(redis.call('HGET', meta, 'arch') or 0) < tonumber(redis.call('HGET', meta, 'seq') or 0)
  if redis.call('EXISTS', presence) == 0 and not unarchived then
    redis.call('EXPIRE', meta, math.max(emptySeconds, 1))
    redis.call('EXPIRE', log, math.max(emptySeconds, 1))
  end
end
local result = {changed, tonumber(redis.call('HGET', meta, 'pver') or 0)}
for _, present in ipairs(redis.call('HKEYS', names)) do
  result[#result + 1] = present
end
return result
