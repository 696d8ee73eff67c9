-- Applies one change to a message (an edit, a delete or a reaction toggle) and publishes it, atomically: Redis runs
-- one script at a time, so changes and messages reach every node in one order, and each change gets the room's next
-- rev. The rule is MessageChanges' (dev.parley.broker), kept here so that it runs atomically with numbering; a
-- changed message's current state is kept in the meta as field 'c:<seq>' (the stream entry keeps the message as
-- posted), with 'r:<seq>' its rev; the stream and history read it through that overlay. With an archive, the change
-- itself is kept as 'x:<rev>' until the archivers have replayed it (RedisArchiver, unarchived.lua, advance.lua).
-- KEYS: meta, log
-- ARGV: channel, kind ('edit', 'delete' or 'react'), seq, subject, name, text (edit) or emoji (react), base (the
--       message as JSON from the archive when the stream no longer holds it, '' else), maxReactions (distinct emoji),
--       archived ('1': the room keeps its keys until the archive holds the change, advance.lua)
-- Returns {0, rev, message json, on (0/1)}; {1, the tombstone's rev, its json} for a delete of a tombstone (nothing
-- changes); {-2} when the room must be seeded from the archive first; {-3} for a message the room does not hold
-- (with an archive, the caller reads it there and runs the script again with it as the base); {-4} for an edit or
-- reaction of a tombstone; {-5} for a reaction that would make the message's distinct emoji more than maxReactions
local meta, log = KEYS[1], KEYS[2]
local channel, kind, subject, name, value = ARGV[1], ARGV[2], ARGV[4], ARGV[5], ARGV[6]
local seq = tonumber(ARGV[3])
local head = redis.call('HMGET', meta, 'seq', 'epoch', 'rev')
if not head[2] and ARGV[9] == '1' then
  return {-2}
end
if not head[2] or seq < 1 or seq > tonumber(head[1]) then
  return {-3}
end
local id = string.format('%.0f', seq)
local json = redis.call('HGET', meta, 'c:' .. id)
if not json then
  local entries = redis.call('XRANGE', log, '0-' .. id, '0-' .. id)
  if #entries > 0 then
    json = entries[1][2][2]
  elseif ARGV[7] ~= '' then
    json = ARGV[7]
  else
    return {-3}
  end
end
local m = cjson.decode(json)
local on = 0
if kind == 'delete' then
  if m.deleted then
    return {1, tonumber(m.rev or 0), json}
  end
  m.deleted = true
  m.text = ''
  m.editedAt = nil
  m.reactions = nil
elseif m.deleted then
  return {-4}
elseif kind == 'edit' then
  local now = redis.call('TIME')
  m.text = value
  m.editedAt = string.format('%.0f', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000))
else
  -- reactions: an array of {emoji, {subject...}}, emoji in the order of their first reaction
  local reactions = m.reactions or {}
  local found = nil
  for i = 1, #reactions do
    if reactions[i][1] == value then
      found = i
    end
  end
  if not found then
    if #reactions >= tonumber(ARGV[8]) then
      return {-5}
    end
    reactions[#reactions + 1] = {value, {subject}}
    on = 1
  else
    local subjects, kept = reactions[found][2], {}
    for i = 1, #subjects do
      if subjects[i] ~= subject then
        kept[#kept + 1] = subjects[i]
      end
    end
    if #kept == #subjects then
      kept[#kept + 1] = subject
      on = 1
    end
    if #kept == 0 then
      table.remove(reactions, found)
    else
      reactions[found][2] = kept
    end
  end
  m.reactions = #reactions > 0 and reactions or nil
end
local rev = redis.call('HINCRBY', meta, 'rev', 1)
m.rev = rev
m.origin = ''
json = cjson.encode(m)
redis.call('HSET', meta, 'c:' .. id, json, 'r:' .. id, rev)
local event = cjson.encode({t = 'changed', epoch = head[2], kind = kind, seq = seq, rev = rev,
  emoji = kind == 'react' and value or nil, name = name, sub = subject, on = on == 1, m = m})
if ARGV[9] == '1' then
  -- the change as the archivers replay it (field 'x:<rev>', until archived); the room keeps its keys until then:
  -- advance.lua sets the expiry once the archive holds the room's messages and changes
  redis.call('HSET', meta, 'x:' .. string.format('%.0f', rev), event)
  redis.call('PERSIST', meta)
  redis.call('PERSIST', log)
end
redis.call('PUBLISH', channel, event)
return {0, rev, json, on}
