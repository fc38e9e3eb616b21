-- +goose Up
-- A message is claimed only when no older message of its chat is
-- unhandled; this partial index answers that check without reading the
-- chat's history.
CREATE INDEX inbound_unhandled_chat_idx ON inbound (channel, chat_id, id) WHERE handled_at IS NULL;

-- +goose Down
DROP INDEX inbound_unhandled_chat_idx;
