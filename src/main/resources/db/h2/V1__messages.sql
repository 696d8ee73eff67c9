-- Every room that has had a message: its epoch and latest seq survive the removal of old messages.
CREATE TABLE parley_room (
    room     VARCHAR(64) PRIMARY KEY,
    epoch    VARCHAR(64) NOT NULL,
    last_seq BIGINT      NOT NULL
);

-- Every message, keyed and paged by (room, seq); words holds the body's words for search (archive.Words).
CREATE TABLE parley_message (
    room      VARCHAR(64)              NOT NULL,
    seq       BIGINT                   NOT NULL,
    client_id VARCHAR(64),
    user_name VARCHAR(64)              NOT NULL,
    body      CHARACTER VARYING        NOT NULL,
    words     CHARACTER VARYING        NOT NULL,
    ts        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (room, seq)
);

-- Retention and the dedupe memory read a room's messages by time.
CREATE INDEX parley_message_room_ts ON parley_message (room, ts);
