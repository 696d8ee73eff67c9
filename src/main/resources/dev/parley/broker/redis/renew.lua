-- Renews this node's lease by Redis's clock and answers whether the lease had lapsed (the node was missing: a first
-- start, or others took it for dead and reaped its members), then the nodes whose lease has run out.
-- KEYS: nodes
-- ARGV: node, leaseMillis
-- Returns {lapsed (0/1), expired node...}
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local lapsed = redis.call('ZADD', KEYS[1], string.format('%.0f', ms + tonumber(ARGV[2])), ARGV[1])
local result = {lapsed}
for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. string.format('%.0f', ms))) do
  result[#result + 1] = node
end
return result
