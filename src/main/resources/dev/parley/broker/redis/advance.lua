-- Moves a room's archive cursors forward (never back) once the archive holds every message up to the first and every
-- change up to the second (dropping the changes kept for it, change.lua's 'x:<rev>'), and lets the stream drop what
-- is archived beyond its last historySize; a room the archive has caught up with and nobody is in expires like any
-- empty room.
-- KEYS: meta, log, presence
-- ARGV: archived seq, emptyRoomSeconds, historySize, archived rev (the room's change counter the archive holds)
-- Returns {seq, arch, rev, carch}
local meta, log, presence = KEYS[1], KEYS[2], KEYS[3]
if redis.call('HEXISTS', meta, 'epoch') == 0 then
  return {0, 0, 0, 0}
end
local archived, archivedRev = tonumber(ARGV[1]), tonumber(ARGV[4])
local head = redis.call('HMGET', meta, 'seq', 'arch', 'rev', 'carch')
local seq, arch, rev, carch = tonumber(head[1]), tonumber(head[2] or 0), tonumber(head[3] or 0), tonumber(head[4] or 0)
if archived > arch then
  redis.call('HSET', meta, 'arch', ARGV[1])
  arch = archived
end
if archivedRev > carch then
  for r = carch + 1, archivedRev do
    redis.call('HDEL', meta, 'x:' .. string.format('%.0f', r))
  end
  redis.call('HSET', meta, 'carch', ARGV[4])
  carch = archivedRev
end
local keep = math.min(arch + 1, seq - tonumber(ARGV[3]) + 1)
if keep > 1 then
  redis.call('XTRIM', log, 'MINID', '0-' .. string.format('%.0f', keep))
end
if keep > 1 and rev > 0 then
  -- the current state of a message trimmed and archived with its last change is read from the archive from now on
  local fields, floor = redis.call('HGETALL', meta), tonumber(redis.call('HGET', meta, 'cfloor') or 0)
  for i = 1, #fields, 2 do
    local field = fields[i]
    if string.sub(field, 1, 2) == 'r:' and tonumber(string.sub(field, 3)) < keep
        and tonumber(fields[i + 1]) <= carch then
      redis.call('HDEL', meta, field, 'c:' .. string.sub(field, 3))
      floor = math.max(floor, tonumber(fields[i + 1]))
    end
  end
  redis.call('HSET', meta, 'cfloor', floor)
end
if arch >= seq and carch >= rev and redis.call('EXISTS', presence) == 0 then
  redis.call('EXPIRE', meta, math.max(tonumber(ARGV[2]), 1))
  redis.call('EXPIRE', log, math.max(tonumber(ARGV[2]), 1))
end
return {seq, arch, rev, carch}
