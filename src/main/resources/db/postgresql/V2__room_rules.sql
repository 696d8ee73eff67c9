-- Every room's rules that differ from the defaults (domain.RoomRules), one row a fact: kind 'access' (subject '',
-- value 'private' or 'public'), 'member' and 'grant' (value: the role), 'ban' (value ''). Kept on a single node;
-- a cluster keeps them in Redis.
CREATE TABLE parley_room_rule (
    room    VARCHAR(64)  NOT NULL,
    kind    VARCHAR(8)   NOT NULL,
    subject VARCHAR(255) NOT NULL,
    val     VARCHAR(16)  NOT NULL,
    PRIMARY KEY (room, kind, subject)
);
