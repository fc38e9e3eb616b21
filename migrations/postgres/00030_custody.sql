-- +goose Up
-- Personal-data custody. A document whose file retention or an
-- erasure removed keeps its row (status, reasons, times: the reports), with
-- the time of the removal; an erased vendor or contact keeps its row, its
-- identifying fields replaced, with the time of the erasure.
ALTER TABLE documents ADD COLUMN purged_at timestamptz;
ALTER TABLE vendors ADD COLUMN erased_at timestamptz;
ALTER TABLE contacts ADD COLUMN erased_at timestamptz;

-- +goose Down
ALTER TABLE contacts DROP COLUMN erased_at;
ALTER TABLE vendors DROP COLUMN erased_at;
ALTER TABLE documents DROP COLUMN purged_at;
