-- +goose Up
-- Unhandled messages are listed in a queue table of their own (a row per
-- message from its recording to its claim) instead of a partial index of
-- inbound WHERE handled_at IS NULL. That index made the claim's update of
-- handled_at a new row version with an entry in every index of inbound;
-- without it the update stays on its page (HOT, with the free space left
-- below). Its entries of handled messages also stayed until the next
-- vacuum, and plans that read it (the claim, the recovery scan) walked
-- them: under a steady load a claim could read thousands of them. The
-- order check reads the message's predecessor in inbound_chat_idx instead.
CREATE TABLE inbound_unhandled (
    id          bigint PRIMARY KEY,
    received_at timestamptz NOT NULL
);
INSERT INTO inbound_unhandled (id, received_at)
    SELECT id, coalesce(received_at, now()) FROM inbound WHERE handled_at IS NULL;
DROP INDEX inbound_unhandled_chat_idx;
ALTER TABLE inbound SET (fillfactor = 70);
-- The order check and the handled time read a chat's messages backwards
-- by (channel, chat_id, id). Before its statistics exist (a new install,
-- a new schema), PostgreSQL found the unique index on (channel,
-- external_id) as cheap for "channel = …" and kept that plan in the
-- connection's prepared statement: every claim then read the whole
-- channel. Keyed (external_id, channel), the unique index no longer
-- offers channel alone (ON CONFLICT (channel, external_id) still finds it).
ALTER TABLE inbound DROP CONSTRAINT inbound_channel_external_id_key;
CREATE UNIQUE INDEX inbound_external_idx ON inbound (external_id, channel);

-- +goose Down
DROP INDEX inbound_external_idx;
ALTER TABLE inbound ADD CONSTRAINT inbound_channel_external_id_key UNIQUE (channel, external_id);
ALTER TABLE inbound RESET (fillfactor);
CREATE INDEX inbound_unhandled_chat_idx ON inbound (channel, chat_id, id) WHERE handled_at IS NULL;
DROP TABLE inbound_unhandled;
