-- Removes a connection from a room's presence; tells the subscribers when it was its user's (its subject's) last.
-- A room left without members expires after emptyRoomSeconds unless something happens in it.
-- KEYS: meta, log, presence, users, names
-- ARGV: channel, connection, emptyRoomSeconds, archived ('1': a room keeps its keys until its messages and changes
--       are archived, advance.lua)
-- Returns {changed (0/1), presence version, subject, name, subject, name...}
local meta, log, presence, users, names = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local channel, connection, emptySeconds = ARGV[1], ARGV[2], tonumber(ARGV[3])

local changed = 0
local subject = redis.call('HGET', presence, connection)
if subject then
  redis.call('HDEL', presence, connection)
  if redis.call('HINCRBY', users, subject, -1) <= 0 then
    local name = redis.call('HGET', names, subject) or subject
    redis.call('HDEL', users, subject)
    redis.call('HDEL', names, subject)
    changed = 1
    local version = redis.call('HINCRBY', meta, 'pver', 1)
    redis.call('PUBLISH', channel, cjson.encode({t = 'presence', arrived = false, name = name, sub = subject,
      members = redis.call('HLEN', users), version = version, origin = connection}))
  end
  local head = redis.call('HMGET', meta, 'seq', 'arch', 'rev', 'carch')
  local unarchived = ARGV[4] == '1' and (tonumber(head[2] or 0) < tonumber(head[1] or 0)
    or tonumber(head[4] or 0) < tonumber(head[3] or 0))
  if redis.call('EXISTS', presence) == 0 and not unarchived then
    redis.call('EXPIRE', meta, math.max(emptySeconds, 1))
    redis.call('EXPIRE', log, math.max(emptySeconds, 1))
  end
end
local result = {changed, tonumber(redis.call('HGET', meta, 'pver') or 0)}
for _, field in ipairs(redis.call('HGETALL', names)) do
  result[#result + 1] = field
end
return result
