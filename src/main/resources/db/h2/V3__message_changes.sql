-- Message changes (edit, delete, react) and the author's subject.
-- subject: the author's subject when it differs from user_name (a token's sub), else null.
-- edited_at: when the text was last edited; deleted: a tombstone, whose body (and words) are erased at once.
-- rev: the room's change counter at the message's last change (0: never changed); recovery reads by (room, rev).
ALTER TABLE parley_message ADD COLUMN subject VARCHAR(255);
ALTER TABLE parley_message ADD COLUMN edited_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE parley_message ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE parley_message ADD COLUMN rev BIGINT NOT NULL DEFAULT 0;
CREATE INDEX parley_message_room_rev ON parley_message (room, rev);

-- The room's change counter: survives restarts, so revs keep growing within an epoch.
ALTER TABLE parley_room ADD COLUMN last_rev BIGINT NOT NULL DEFAULT 0;

-- Who reacted to a message with what; rev (the change that added it) orders emoji and subjects as they came.
CREATE TABLE parley_reaction (
    room    VARCHAR(64)              NOT NULL,
    seq     BIGINT                   NOT NULL,
    emoji   VARCHAR(64)              NOT NULL,
    subject VARCHAR(255)             NOT NULL,
    at      TIMESTAMP WITH TIME ZONE NOT NULL,
    rev     BIGINT                   NOT NULL,
    PRIMARY KEY (room, seq, emoji, subject)
);
