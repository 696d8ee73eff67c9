-- Makes a room missing from Redis continue from the archive: its epoch, its numbering (the next seq is the archive's
-- last + 1, the archive cursor there too), its latest messages for history and recovery, the client ids it accepted
-- lately for dedupe, and its rules (a field Redis holds already, written since, is kept). A room another node seeded
-- first is left alone. The room expires like an empty one unless a post or a join follows (they make it persist).
-- KEYS: meta, log, rules, then one id key per remembered client id
-- ARGV: epoch, lastSeq, historySize, emptyRoomSeconds, count of messages, count of rule fields, lastRev (the room's
--       change counter: the archive holds every change up to it, so a recovery from before it reads the archive),
--       message json...
--       (oldest first), rule field and value..., then per id key: its value ("seq ts") and its seconds to live
-- Returns {created (0/1)}
local meta, log, rules = KEYS[1], KEYS[2], KEYS[3]
if redis.call('HEXISTS', meta, 'epoch') == 1 then
  return {0}
end
local historySize, emptySeconds = tonumber(ARGV[3]), tonumber(ARGV[4])
local messages, fields = tonumber(ARGV[5]), tonumber(ARGV[6])
redis.call('DEL', log)
redis.call('HSET', meta, 'epoch', ARGV[1], 'seq', ARGV[2], 'arch', ARGV[2], 'pver', 0, 'rev', ARGV[7],
  'carch', ARGV[7], 'cfloor', ARGV[7])
local arg = 8
for _ = 1, messages do
  local seq = cjson.decode(ARGV[arg]).seq
  redis.call('XADD', log, 'MAXLEN', historySize, '0-' .. string.format('%.0f', seq), 'm', ARGV[arg])
  arg = arg + 1
end
for _ = 1, fields, 2 do
  redis.call('HSETNX', rules, ARGV[arg], ARGV[arg + 1])
  arg = arg + 2
end
for k = 4, #KEYS do
  redis.call('SET', KEYS[k], ARGV[arg], 'EX', ARGV[arg + 1])
  arg = arg + 2
end
redis.call('EXPIRE', meta, math.max(emptySeconds, 1))
if messages > 0 then
  redis.call('EXPIRE', log, math.max(emptySeconds, 1))
end
return {1}
