-- +goose Up
-- Settings an admin changes without a restart (booking rules, survey
-- questions…), one JSON document per key, owned by the feature that reads it.
CREATE TABLE settings (
    key        text PRIMARY KEY,
    value      jsonb NOT NULL,
    updated_at timestamptz
);

-- +goose Down
DROP TABLE settings;
