-- Takes a subject out of a room on every node: records a ban first when it is one, then publishes the removal on the
-- room's channel. Redis runs one script at a time, so a post (publish.lua) is either before both or refused.
-- KEYS: rules
-- ARGV: channel, subject ('' for every user, with 'revoked'), removal ('kicked', 'banned' or 'revoked': each node
--       takes out the connections the room's rules no longer admit)
-- Returns {fresh (1 when a ban is new, or for a kick or revocation)}
local rules = KEYS[1]
local channel, subject, removal = ARGV[1], ARGV[2], ARGV[3]
local fresh = 1
if removal == 'banned' then
  fresh = redis.call('HSET', rules, 'b:' .. subject, '1')
end
redis.call('PUBLISH', channel, cjson.encode({t = 'removed', subject = subject, removal = removal}))
return {fresh}
