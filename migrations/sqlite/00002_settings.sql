-- +goose Up
-- Settings an admin changes without a restart (booking rules, survey
-- questions…), one JSON document per key, owned by the feature that reads it.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER
);

-- +goose Down
DROP TABLE settings;
