-- +goose Up
-- Inbound dead letters: a message the database refused to record even
-- alone and after its tries is set aside here (its text escaped), so
-- intake goes on and an admin can see what was lost (/admin/deadletters).
CREATE TABLE inbound_dead (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    channel     text NOT NULL,
    external_id text NOT NULL,
    chat_id     text NOT NULL DEFAULT '',
    sender_name text NOT NULL DEFAULT '',
    kind        text NOT NULL DEFAULT '',
    text        text NOT NULL DEFAULT '',
    error       text NOT NULL DEFAULT '',
    received_at INTEGER,
    created_at  INTEGER,
    UNIQUE (channel, external_id)
);

-- +goose Down
DROP TABLE inbound_dead;
