-- +goose Up
-- The Telegram staff group: where the mirror of ticket activity
-- has got to, one thread (forum topic or header message) per ticket, and
-- the group messages posted for a ticket so a reply to one finds it.
CREATE TABLE staff_cursors (
    chat_id     TEXT PRIMARY KEY,
    activity_id INTEGER NOT NULL DEFAULT 0, -- last activity mirrored
    updated_at  INTEGER
);

CREATE TABLE staff_threads (
    chat_id            TEXT NOT NULL,
    ticket_id          INTEGER NOT NULL REFERENCES tickets (id),
    topic_id           INTEGER NOT NULL DEFAULT 0, -- 0: a group without topics (header message)
    header_outbound_id INTEGER,
    from_activity_id   INTEGER NOT NULL DEFAULT 0, -- first activity to post once ready
    ready              INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER,
    PRIMARY KEY (chat_id, ticket_id)
);
CREATE UNIQUE INDEX staff_threads_topic_idx ON staff_threads (chat_id, topic_id) WHERE topic_id <> 0;

CREATE TABLE staff_posts (
    outbound_id INTEGER PRIMARY KEY REFERENCES outbox (id),
    chat_id     TEXT NOT NULL,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id)
);

-- A reply in the group names the message it answers by platform id.
CREATE INDEX outbox_external_idx ON outbox (chat_id, external_id) WHERE external_id <> '';

-- +goose Down
DROP INDEX outbox_external_idx;
DROP TABLE staff_posts;
DROP TABLE staff_threads;
DROP TABLE staff_cursors;
