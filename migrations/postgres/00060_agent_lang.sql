-- +goose Up
-- The console's language per agent: '' (Indonesian, the default) or 'en'.
ALTER TABLE agents ADD COLUMN lang TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE agents DROP COLUMN lang;
