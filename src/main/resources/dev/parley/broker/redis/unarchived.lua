-- What of a room the archive does not hold yet: its epoch, latest seq, archive cursor and the messages after the
-- cursor still in the stream (at most limit), oldest first, as posted; and the room's rev, the rev the archive holds
-- ('carch'), and the changes after it (change.lua's 'x:<rev>' fields, kept until archived), by rev, at most limit.
-- KEYS: meta, log
-- ARGV: limit
-- Returns {seq, arch, epoch ('' for a room that does not exist), rev, carch, count, message json * count,
--          change event json...}
local meta, log = KEYS[1], KEYS[2]
local head = redis.call('HMGET', meta, 'seq', 'arch', 'epoch', 'rev', 'carch')
local seq, arch = tonumber(head[1] or 0), tonumber(head[2] or 0)
local rev, carch = tonumber(head[4] or 0), tonumber(head[5] or 0)
local result = {seq, arch, head[3] or '', rev, carch, 0}
if seq > arch then
  local entries = redis.call('XRANGE', log, '(0-' .. string.format('%.0f', arch), '+', 'COUNT', ARGV[1])
  for i = 1, #entries do
    result[#result + 1] = entries[i][2][2]
  end
  result[6] = #entries
end
for r = carch + 1, math.min(rev, carch + tonumber(ARGV[1])) do
  local change = redis.call('HGET', meta, 'x:' .. string.format('%.0f', r))
  if not change then
    break
  end
  result[#result + 1] = change
end
return result
