-- +goose Up
-- Unhandled messages are listed in a queue table of their own (a row per
-- message from its recording to its claim) instead of a partial index of
-- inbound WHERE handled_at IS NULL, which every claim had to update. The
-- order check reads the message's predecessor in inbound_chat_idx instead.
CREATE TABLE inbound_unhandled (
    id          INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL
);
INSERT INTO inbound_unhandled (id, received_at)
    SELECT id, coalesce(received_at, 0) FROM inbound WHERE handled_at IS NULL;
DROP INDEX inbound_unhandled_chat_idx;

-- +goose Down
CREATE INDEX inbound_unhandled_chat_idx ON inbound (channel, chat_id, id) WHERE handled_at IS NULL;
DROP TABLE inbound_unhandled;
