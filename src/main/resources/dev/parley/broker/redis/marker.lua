-- A user's read marker in a room (the 'read' hash: subject to the last seq it read) and its unread count: the
-- messages after the marker, up to the latest, not by the user and not deleted, among those the stream holds (in
-- their current state, change.lua's overlay); the caller counts those older than the stream's oldest.
-- KEYS: meta, log, read
-- ARGV: mode ('read': move the marker forward to min(seq, latest); 'state': make it at the latest when absent;
--       'view': read it, with the latest message), subject, seq (read), archived ('1': a room missing here is seeded
--       from the archive first)
-- Returns {-2} when the room must be seeded first, else {marker (-1 when absent: 'view'), unread in the stream, moved (0/1), latest seq, oldest seq in the stream
--          (latest + 1 when it holds none after the marker), latest message json ('view', '' for none)}
local meta, log, read = KEYS[1], KEYS[2], KEYS[3]
local mode, subject = ARGV[1], ARGV[2]
local head = redis.call('HMGET', meta, 'seq', 'epoch')
if not head[2] and ARGV[4] == '1' then
  return {-2}
end
local latest = tonumber(head[1] or 0)
local marker = tonumber(redis.call('HGET', read, subject) or -1)
local moved = 0
if marker > latest then
  -- the room was made anew (Redis lost it, without an archive): its numbering starts again
  marker = latest
  redis.call('HSET', read, subject, string.format('%.0f', marker))
end
if mode == 'read' then
  local target = math.min(tonumber(ARGV[3]), latest)
  if target > marker then
    marker = target
    moved = 1
    redis.call('HSET', read, subject, string.format('%.0f', marker))
  end
elseif mode == 'state' and marker < 0 then
  marker = latest
  moved = 1
  redis.call('HSET', read, subject, string.format('%.0f', marker))
end
local result = {marker, 0, moved, latest, latest + 1, ''}
if marker < 0 then
  return result
end
local entries = redis.call('XRANGE', log, '(0-' .. string.format('%.0f', marker), '+')
local unread = 0
for i = 1, #entries do
  local json = redis.call('HGET', meta, 'c:' .. string.sub(entries[i][1], 3)) or entries[i][2][2]
  local m = cjson.decode(json)
  local author = m.sub or m.user
  if author ~= subject and not m.deleted then
    unread = unread + 1
  end
end
result[2] = unread
if #entries > 0 then
  result[5] = tonumber(string.sub(entries[1][1], 3))
end
if mode == 'view' then
  local last = redis.call('XREVRANGE', log, '+', '-', 'COUNT', 1)
  if #last > 0 then
    result[6] = redis.call('HGET', meta, 'c:' .. string.sub(last[1][1], 3)) or last[1][2][2]
  end
end
return result
