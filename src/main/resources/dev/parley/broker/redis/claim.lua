-- Takes or keeps the right to archive a room for leaseMillis: one node at a time archives a room; a node that dies
-- lets its rooms go when its claims run out.
-- KEYS: claim
-- ARGV: node, leaseMillis
-- Returns {claimed (0/1)}
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
  return {0}
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {1}
