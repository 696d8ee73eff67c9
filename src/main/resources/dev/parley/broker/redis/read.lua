-- A consistent cut of a room's log: its latest seq, epoch and rev (change counter) with the asked messages, oldest
-- first, each in its current state (a changed message's 'c:<seq>' in the meta, change.lua), and for a recovery the
-- changes a client that saw the room up to rev 'changesAfter' lacks.
-- KEYS: meta, log
-- ARGV: mode ('head', 'latest', 'before', 'after' or 'one': the message seq alone), seq (before/after/one), limit
--       (latest/before), changesAfter (after:
--       -1 for none), maxChanges (after)
-- Returns {seq, epoch ('' for a room that does not exist), rev, count, message json * count}, and for 'after' with
-- changesAfter >= 0: then {state, message json...}: the current state of every message with a seq up to 'seq' whose
-- rev is above changesAfter, by seq; state 1 when that is all of them, 0 when there are more than maxChanges or
-- changesAfter is a rev the room never reached (none listed), 2 when the room was seeded from the archive at a rev above changesAfter (cfloor: the archive holds the
-- earlier changes; those listed are the later ones)
local meta, log = KEYS[1], KEYS[2]
local mode, seq, limit = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local head = redis.call('HMGET', meta, 'seq', 'epoch', 'rev', 'cfloor')
local result = {tonumber(head[1] or 0), head[2] or '', tonumber(head[3] or 0), 0}
if mode == 'head' then
  return result
end
local entries
if mode == 'latest' then
  entries = redis.call('XREVRANGE', log, '+', '-', 'COUNT', limit)
elseif mode == 'before' then
  entries = seq <= 1 and {} or redis.call('XREVRANGE', log, '(0-' .. string.format('%.0f', seq), '-', 'COUNT', limit)
elseif mode == 'one' then
  entries = redis.call('XRANGE', log, '0-' .. string.format('%.0f', seq), '0-' .. string.format('%.0f', seq))
else
  entries = redis.call('XRANGE', log, '(0-' .. string.format('%.0f', seq), '+')
end
local function current(entry)
  return redis.call('HGET', meta, 'c:' .. string.sub(entry[1], 3)) or entry[2][2]
end
if mode == 'after' or mode == 'one' then
  for i = 1, #entries do
    result[#result + 1] = current(entries[i])
  end
else
  for i = #entries, 1, -1 do
    result[#result + 1] = current(entries[i])
  end
end
result[4] = #entries
if mode == 'one' and #entries == 0 then
  -- trimmed from the stream, but changed since it was archived: the meta holds its state until that is archived
  local changed = redis.call('HGET', meta, 'c:' .. string.format('%.0f', seq))
  if changed then
    result[5] = changed
    result[4] = 1
  end
end
local after = tonumber(ARGV[4] or -1)
if mode ~= 'after' or after < 0 then
  return result
end
local changed = {}
local fields = redis.call('HGETALL', meta)
for i = 1, #fields, 2 do
  local field = fields[i]
  if string.sub(field, 1, 2) == 'r:' and tonumber(fields[i + 1]) > after then
    local changedSeq = tonumber(string.sub(field, 3))
    if changedSeq <= seq then
      changed[#changed + 1] = changedSeq
    end
  end
end
if #changed > tonumber(ARGV[5]) or after > tonumber(head[3] or 0) then
  result[#result + 1] = 0
  return result
end
result[#result + 1] = tonumber(head[4] or 0) > after and 2 or 1
table.sort(changed)
for i = 1, #changed do
  result[#result + 1] = redis.call('HGET', meta, 'c:' .. string.format('%.0f', changed[i]))
end
return result
