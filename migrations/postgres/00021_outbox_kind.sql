-- +goose Up
-- What a proactive message is (reminder, status, survey…): outside WhatsApp's
-- 24-hour window the Cloud API sends it as the template mapped to its kind.
ALTER TABLE outbox ADD COLUMN kind text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE outbox DROP COLUMN kind;
