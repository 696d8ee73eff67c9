-- Every user's read marker in every room it belongs to: the seq of the last message it has seen (a row per room in
-- its room list). Written behind, about once a second (docs/operations.md).
CREATE TABLE parley_read_marker (
    subject VARCHAR(255) NOT NULL,
    room    VARCHAR(64)  NOT NULL,
    seq     BIGINT       NOT NULL,
    PRIMARY KEY (subject, room)
);

CREATE INDEX parley_read_marker_room ON parley_read_marker (room);
