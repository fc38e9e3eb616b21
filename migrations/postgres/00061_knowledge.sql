-- +goose Up
-- What an admin edits on the console: the office profile, the
-- documents per business form and the bot's answers, each change a new
-- version (the current one is the highest), so the bot reads edits on its
-- next turn and an older version can be restored.
CREATE TABLE knowledge_versions (
    id         bigserial PRIMARY KEY,
    kind       text NOT NULL,            -- office | requirements | answer
    key        text NOT NULL DEFAULT '', -- the answer's key; '' for the others
    version    integer NOT NULL,
    body       jsonb NOT NULL,
    agent_id   bigint REFERENCES agents (id),
    note       text NOT NULL DEFAULT '',
    created_at timestamptz,
    UNIQUE (kind, key, version)
);

-- Every question the bot tried to answer: matched ones as a count (no
-- text), the ones it could not answer (no match, or the vendor ended with
-- an officer) with their redacted text, until an admin resolves them.
CREATE TABLE bot_questions (
    id          bigserial PRIMARY KEY,
    channel     text NOT NULL,
    contact_id  bigint REFERENCES contacts (id) ON DELETE SET NULL,
    lang        text NOT NULL DEFAULT '',
    text        text NOT NULL DEFAULT '',
    outcome     text NOT NULL,            -- answered | unmatched | officer
    answer_key  text NOT NULL DEFAULT '', -- what answered it, or what it was attached to
    resolution  text NOT NULL DEFAULT '', -- '' open | attached | new | dismissed
    resolved_by bigint REFERENCES agents (id),
    resolved_at timestamptz,
    created_at  timestamptz NOT NULL
);
CREATE INDEX bot_questions_open_idx ON bot_questions (id) WHERE outcome <> 'answered' AND resolution = '';
CREATE INDEX bot_questions_created_idx ON bot_questions (created_at);

-- +goose Down
DROP TABLE bot_questions;
DROP TABLE knowledge_versions;
