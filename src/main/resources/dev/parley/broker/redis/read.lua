-- A consistent cut of a room's log: its latest seq and epoch with the asked messages, oldest first.
-- KEYS: meta, log
-- ARGV: mode ('head', 'latest', 'before' or 'after'), seq (before/after), limit (latest/before)
-- Returns {seq, epoch ('' for a room that does not exist), message json...}
local meta, log = KEYS[1], KEYS[2]
local mode, seq, limit = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local head = redis.call('HMGET', meta, 'seq', 'epoch')
local result = {tonumber(head[1] or 0), head[2] or ''}
if mode == 'head' then
  return result
end
local entries
if mode == 'latest' then
  entries = redis.call('XREVRANGE', log, '+', '-', 'COUNT', limit)
elseif mode == 'before' then
  entries = seq <= 1 and {} or redis.call('XREVRANGE', log, '(0-' .. string.format('%.0f', seq), '-', 'COUNT', limit)
else
  entries = redis.call('XRANGE', log, '(0-' .. string.format('%.0f', seq), '+')
end
if mode == 'after' then
  for i = 1, #entries do
    result[#result + 1] = entries[i][2][2]
  end
else
  for i = #entries, 1, -1 do
    result[#result + 1] = entries[i][2][2]
  end
end
return result
