-- +goose Up
-- What an admin edits on the console: the office profile, the
-- documents per business form and the bot's answers, each change a new
-- version (the current one is the highest), so the bot reads edits on its
-- next turn and an older version can be restored.
CREATE TABLE knowledge_versions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,            -- office | requirements | answer
    key        TEXT NOT NULL DEFAULT '', -- the answer's key; '' for the others
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    agent_id   INTEGER REFERENCES agents (id),
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER,
    UNIQUE (kind, key, version)
);

-- Every question the bot tried to answer: matched ones as a count (no
-- text), the ones it could not answer (no match, or the vendor ended with
-- an officer) with their redacted text, until an admin resolves them.
CREATE TABLE bot_questions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    channel     TEXT NOT NULL,
    contact_id  INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    lang        TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL,            -- answered | unmatched | officer
    answer_key  TEXT NOT NULL DEFAULT '', -- what answered it, or what it was attached to
    resolution  TEXT NOT NULL DEFAULT '', -- '' open | attached | new | dismissed
    resolved_by INTEGER REFERENCES agents (id),
    resolved_at INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX bot_questions_open_idx ON bot_questions (id) WHERE outcome <> 'answered' AND resolution = '';
CREATE INDEX bot_questions_created_idx ON bot_questions (created_at);

-- +goose Down
DROP TABLE bot_questions;
DROP TABLE knowledge_versions;
