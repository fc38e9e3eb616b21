-- +goose Up
-- The outbox claim's order checks look for a chat's earlier queued messages:
-- this index holds only the queued ones, so the look-up does not walk the
-- chat's whole sent history.
CREATE INDEX outbox_queued_chat_idx ON outbox (channel, chat_id, id) WHERE status = 'queued';

-- +goose Down
DROP INDEX outbox_queued_chat_idx;
