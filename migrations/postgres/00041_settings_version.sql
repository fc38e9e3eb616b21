-- +goose Up
-- Every save of a setting bumps its version, so a form saved from a page
-- that read an older version is refused instead of undoing another
-- admin's change.
ALTER TABLE settings ADD COLUMN version bigint NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE settings DROP COLUMN version;
