-- +goose Up
-- Timeline observers (webhooks, the survey trigger, the staff-group
-- mirror) follow activities by a commit-ordered sequence instead of their
-- ids: an id is taken when a transaction inserts, so a transaction open
-- longer commits a lower id after an observer's cursor passed it. seq is
-- given to committed activities only, by one sequencer at a time (the
-- locked activity_sequencer row), so a later seq is always committed
-- later. Existing activities keep their id as seq, and the cursors stay.
ALTER TABLE activities ADD COLUMN seq INTEGER;
UPDATE activities SET seq = id;
CREATE UNIQUE INDEX activities_seq_idx ON activities (seq);
CREATE INDEX activities_unsequenced_idx ON activities (id) WHERE seq IS NULL;
CREATE TABLE activity_sequencer (
    id   integer PRIMARY KEY,
    last INTEGER NOT NULL
);
INSERT INTO activity_sequencer (id, last) SELECT 1, COALESCE(MAX(id), 0) FROM activities;

-- +goose Down
DROP TABLE activity_sequencer;
DROP INDEX activities_unsequenced_idx;
DROP INDEX activities_seq_idx;
ALTER TABLE activities DROP COLUMN seq;
