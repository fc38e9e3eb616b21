-- +goose Up
-- Fenced leases. A claim writes a fresh lease_token; marking a
-- message sent, retrying, completing or renewing matches it, so a holder
-- whose lease was taken over changes nothing. A claimed job (token set)
-- leaves the pending-key index: rescheduling a running job adds a pending
-- follow-up instead of moving the running row. dead_at sets aside a job
-- that used up its attempts, until an admin retries it.
ALTER TABLE outbox ADD COLUMN lease_token bigint NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN lease_token bigint NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN dead_at timestamptz;
DROP INDEX jobs_pending_key;
CREATE UNIQUE INDEX jobs_pending_key ON jobs (key) WHERE done_at IS NULL AND lease_token = 0 AND key <> '';
CREATE INDEX jobs_key_idx ON jobs (key) WHERE done_at IS NULL AND key <> '';
CREATE INDEX jobs_dead_idx ON jobs (dead_at, id) WHERE dead_at IS NOT NULL AND done_at IS NULL;

-- +goose Down
DROP INDEX jobs_dead_idx;
DROP INDEX jobs_key_idx;
DROP INDEX jobs_pending_key;
CREATE UNIQUE INDEX jobs_pending_key ON jobs (key) WHERE done_at IS NULL AND key <> '';
ALTER TABLE jobs DROP COLUMN dead_at;
ALTER TABLE jobs DROP COLUMN lease_token;
ALTER TABLE outbox DROP COLUMN lease_token;
