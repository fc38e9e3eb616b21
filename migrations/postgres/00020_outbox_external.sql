-- +goose Up
-- Delivery receipts (WhatsApp Cloud API statuses) find a sent message by its platform id.
CREATE INDEX outbox_channel_external_idx ON outbox (channel, external_id) WHERE external_id <> '';

-- +goose Down
DROP INDEX outbox_channel_external_idx;
