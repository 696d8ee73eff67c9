-- Numbers, records and publishes one message, atomically: Redis runs one script at a time, so the order of PUBLISH
-- is the order of seq. A user's client id accepted within the dedupe window answers the original instead. A post of
-- a subject the room has banned is refused here, so no ban (remove.lua) can be overtaken by a post.
-- KEYS: meta, log, dedupe (the user's id key; any key of the room when there is no id), presence, rules
-- ARGV: channel, user, text, clientId ('' for none), origin ('' for none), historySize, dedupeSeconds,
--       newEpoch, emptyRoomSeconds, subject ('' for a post of no user), archived ('1' when the archive is written
--       behind Redis: a room missing here is seeded from the archive first (seed.lua), and keeps its keys and the
--       messages the archive lacks until archived (advance.lua))
-- Returns {duplicate (0/1), seq, ts (ms), epoch, created (0/1)}, {-1} when the subject is banned, or {-2} when the
-- room must be seeded from the archive first
local meta, log, dedupe, presence, rules = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
if ARGV[10] ~= '' and redis.call('HEXISTS', rules, 'b:' .. ARGV[10]) == 1 then
  return {-1}
end
local channel, user, text, clientId, origin = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local historySize, dedupeSeconds, emptySeconds = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[9])

local archived = ARGV[11] == '1'
local created = 0
local epoch = redis.call('HGET', meta, 'epoch')
if not epoch and archived then
  return {-2}
end
if not epoch then
  epoch = ARGV[8]
  redis.call('HSET', meta, 'epoch', epoch, 'seq', 0, 'pver', 0)
  created = 1
end
local dedupes = clientId ~= '' and dedupeSeconds > 0
if dedupes then
  local earlier = redis.call('GET', dedupe)
  if earlier then
    local space = string.find(earlier, ' ')
    return {1, tonumber(string.sub(earlier, 1, space - 1)), string.sub(earlier, space + 1), epoch, created}
  end
end

local seq = redis.call('HINCRBY', meta, 'seq', 1)
local now = redis.call('TIME')
local ts = string.format('%.0f', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000))
local fields = {seq = seq, id = clientId, user = user, text = text, ts = ts, origin = origin}
if ARGV[10] ~= '' and ARGV[10] ~= user then
  fields.sub = ARGV[10]
end
local message = cjson.encode(fields)
if archived then
  -- the stream keeps every message the archive does not hold yet, and at least the last historySize
  redis.call('XADD', log, '0-' .. seq, 'm', message)
  local keep = math.min(tonumber(redis.call('HGET', meta, 'arch') or 0) + 1, seq - historySize + 1)
  if keep > 1 then
    redis.call('XTRIM', log, 'MINID', '0-' .. string.format('%.0f', keep))
  end
else
  redis.call('XADD', log, 'MAXLEN', historySize, '0-' .. seq, 'm', message)
  -- the trimmed message's current state goes with it; a recovery from before its last change is no longer complete
  local gone = string.format('%.0f', seq - historySize)
  local goneRev = redis.call('HGET', meta, 'r:' .. gone)
  if goneRev then
    redis.call('HDEL', meta, 'c:' .. gone, 'r:' .. gone)
    if tonumber(goneRev) > tonumber(redis.call('HGET', meta, 'cfloor') or 0) then
      redis.call('HSET', meta, 'cfloor', goneRev)
    end
  end
end
if dedupes then
  redis.call('SET', dedupe, seq .. ' ' .. ts, 'EX', dedupeSeconds)
end
if redis.call('EXISTS', presence) == 0 then
  if archived then
    -- kept until archived: advance.lua sets the expiry once the archive holds the room
    redis.call('PERSIST', meta)
    redis.call('PERSIST', log)
  else
    redis.call('EXPIRE', meta, math.max(emptySeconds, 1))
    redis.call('EXPIRE', log, math.max(emptySeconds, 1))
  end
end
redis.call('PUBLISH', channel, '{"t":"message","epoch":"' .. epoch .. '","m":' .. message .. '}')
return {0, seq, ts, epoch, created}
