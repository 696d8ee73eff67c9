-- What of a room the archive does not hold yet: its epoch, latest seq, archive cursor and the messages after the
-- cursor still in the stream (at most limit), oldest first.
-- KEYS: meta, log
-- ARGV: limit
-- Returns {seq, arch, epoch ('' for a room that does not exist), message json...}
local meta, log = KEYS[1], KEYS[2]
local head = redis.call('HMGET', meta, 'seq', 'arch', 'epoch')
local seq, arch = tonumber(head[1] or 0), tonumber(head[2] or 0)
local result = {seq, arch, head[3] or ''}
if seq > arch then
  local entries = redis.call('XRANGE', log, '(0-' .. string.format('%.0f', arch), '+', 'COUNT', ARGV[1])
  for i = 1, #entries do
    result[#result + 1] = entries[i][2][2]
  end
end
return result
