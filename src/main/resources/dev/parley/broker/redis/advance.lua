-- Moves a room's archive cursor forward (never back) once the archive holds every message up to it, and lets the
-- stream drop what is archived beyond its last historySize; a room the archive has caught up with and nobody is in
-- expires like any empty room.
-- KEYS: meta, log, presence
-- ARGV: archived seq, emptyRoomSeconds, historySize
-- Returns {seq, arch}
local meta, log, presence = KEYS[1], KEYS[2], KEYS[3]
if redis.call('HEXISTS', meta, 'epoch') == 0 then
  return {0, 0}
end
local archived = tonumber(ARGV[1])
local arch = tonumber(redis.call('HGET', meta, 'arch') or 0)
if archived > arch then
  redis.call('HSET', meta, 'arch', ARGV[1])
  arch = archived
end
local seq = tonumber(redis.call('HGET', meta, 'seq'))
local keep = math.min(arch + 1, seq - tonumber(ARGV[3]) + 1)
if keep > 1 then
  redis.call('XTRIM', log, 'MINID', '0-' .. string.format('%.0f', keep))
end
if arch >= seq and redis.call('EXISTS', presence) == 0 then
  redis.call('EXPIRE', meta, math.max(tonumber(ARGV[2]), 1))
  redis.call('EXPIRE', log, math.max(tonumber(ARGV[2]), 1))
end
return {seq, arch}
