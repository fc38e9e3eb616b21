-- +goose Up
-- The whole Loket schema for SQLite. Times are INTEGER unix milliseconds
-- (UTC), written from Go; JSON is TEXT; a zero ID is stored as NULL.

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('ticket_number', 1000);

CREATE TABLE vendors (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL DEFAULT '',
    form          TEXT NOT NULL DEFAULT '',
    npwp          TEXT NOT NULL DEFAULT '',
    spse_user_id  TEXT NOT NULL DEFAULT '',
    director_name TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    created_at    INTEGER,
    updated_at    INTEGER
);
CREATE UNIQUE INDEX vendors_npwp_key ON vendors (npwp) WHERE npwp <> '';
CREATE INDEX vendors_name_idx ON vendors (lower(name));

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    channel     TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    lang        TEXT NOT NULL DEFAULT '',
    vendor_id   INTEGER REFERENCES vendors (id),
    unreachable INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER,
    updated_at  INTEGER,
    UNIQUE (channel, chat_id)
);
CREATE INDEX contacts_vendor_idx ON contacts (vendor_id);

CREATE TABLE conversations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL REFERENCES contacts (id),
    channel    TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    state      TEXT,
    version    INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER,
    updated_at INTEGER,
    UNIQUE (channel, chat_id)
);

CREATE TABLE inbound (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    channel       TEXT NOT NULL,
    external_id   TEXT NOT NULL,
    chat_id       TEXT NOT NULL DEFAULT '',
    sender_id     TEXT NOT NULL DEFAULT '',
    sender_name   TEXT NOT NULL DEFAULT '',
    lang_hint     TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL DEFAULT '',
    TEXT          TEXT NOT NULL DEFAULT '',
    button        TEXT NOT NULL DEFAULT '',
    has_document  INTEGER NOT NULL DEFAULT 0,
    doc_file_id   TEXT NOT NULL DEFAULT '',
    doc_file_name TEXT NOT NULL DEFAULT '',
    doc_mime_type TEXT NOT NULL DEFAULT '',
    doc_size      INTEGER NOT NULL DEFAULT 0,
    phone         TEXT NOT NULL DEFAULT '',
    media_type    TEXT NOT NULL DEFAULT '',
    reply_to      TEXT NOT NULL DEFAULT '',
    received_at   INTEGER,
    handled_at    INTEGER,
    attempts      integer NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    UNIQUE (channel, external_id)
);
CREATE INDEX inbound_pending_idx ON inbound (received_at, id) WHERE handled_at IS NULL;
CREATE INDEX inbound_chat_idx ON inbound (channel, chat_id, id);

CREATE TABLE agents (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    username         TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL DEFAULT '',
    role             TEXT NOT NULL DEFAULT 'agent',
    password_hash    TEXT NOT NULL DEFAULT '',
    telegram_user_id INTEGER UNIQUE,
    active           INTEGER NOT NULL DEFAULT 1,
    created_at       INTEGER
);

CREATE TABLE tickets (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    number      INTEGER NOT NULL UNIQUE,
    vendor_id   INTEGER REFERENCES vendors (id),
    contact_id  INTEGER REFERENCES contacts (id),
    channel     TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    type        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'new',
    assignee_id INTEGER REFERENCES agents (id),
    created_at  INTEGER,
    updated_at  INTEGER,
    closed_at   INTEGER
);
CREATE INDEX tickets_status_idx ON tickets (status, id);
CREATE INDEX tickets_assignee_idx ON tickets (assignee_id, id);
CREATE INDEX tickets_contact_idx ON tickets (contact_id, id);
CREATE INDEX tickets_vendor_idx ON tickets (vendor_id, id);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    channel         TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    conversation_id INTEGER,
    ticket_id       INTEGER REFERENCES tickets (id),
    TEXT            TEXT NOT NULL DEFAULT '',
    buttons         TEXT,
    doc_sha256      TEXT NOT NULL DEFAULT '',
    doc_file_name   TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'queued',
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error      TEXT NOT NULL DEFAULT '',
    external_id     TEXT NOT NULL DEFAULT '',
    created_at      INTEGER,
    sent_at         INTEGER
);
CREATE INDEX outbox_claim_idx ON outbox (channel, id) WHERE status = 'queued';
CREATE INDEX outbox_chat_idx ON outbox (channel, chat_id, id);
CREATE INDEX outbox_ticket_idx ON outbox (ticket_id);

CREATE TABLE activities (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    kind        TEXT NOT NULL,
    actor       TEXT NOT NULL DEFAULT '',
    agent_id    INTEGER,
    body        TEXT NOT NULL DEFAULT '',
    meta        TEXT,
    outbound_id INTEGER,
    created_at  INTEGER
);
CREATE INDEX activities_ticket_idx ON activities (ticket_id, id);

CREATE TABLE documents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id     INTEGER NOT NULL REFERENCES tickets (id),
    requirement   TEXT NOT NULL DEFAULT '',
    file_name     TEXT NOT NULL DEFAULT '',
    sha256        TEXT NOT NULL DEFAULT '',
    size          INTEGER NOT NULL DEFAULT 0,
    pages         integer NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'received',
    reject_reason TEXT NOT NULL DEFAULT '',
    reviewed_by   INTEGER,
    reviewed_at   INTEGER,
    created_at    INTEGER
);
CREATE INDEX documents_ticket_idx ON documents (ticket_id, requirement, id);

CREATE TABLE appointments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER,
    agent_id   INTEGER,
    phone      TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'booked',
    created_at INTEGER,
    updated_at INTEGER
);
CREATE INDEX appointments_starts_idx ON appointments (starts_at);
CREATE INDEX appointments_ticket_idx ON appointments (ticket_id);

-- One row per occupied seat of a slot: the primary key makes the
-- database refuse a second booking of the same seat, across replicas.
CREATE TABLE slot_seats (
    starts_at      INTEGER NOT NULL,
    seat           integer NOT NULL CHECK (seat >= 1),
    appointment_id INTEGER NOT NULL UNIQUE REFERENCES appointments (id) ON DELETE CASCADE,
    PRIMARY KEY (starts_at, seat)
);

CREATE TABLE office_windows (
    weekday      integer NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_minute integer NOT NULL,
    end_minute   integer NOT NULL,
    PRIMARY KEY (weekday, start_minute)
);
INSERT INTO office_windows (weekday, start_minute, end_minute)
VALUES (1, 600, 840), (2, 600, 840), (3, 600, 840), (4, 600, 840), (5, 600, 840);

CREATE TABLE holidays (
    date INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL DEFAULT ''
);

CREATE TABLE surveys (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id    INTEGER NOT NULL UNIQUE REFERENCES tickets (id),
    answers      TEXT,
    comment      TEXT NOT NULL DEFAULT '',
    created_at   INTEGER,
    completed_at INTEGER
);

CREATE TABLE console_sessions (
    token_hash TEXT PRIMARY KEY,
    agent_id   INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL DEFAULT '',
    created_at INTEGER,
    expires_at INTEGER
);
CREATE INDEX console_sessions_agent_idx ON console_sessions (agent_id);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id   INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    name       TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER
);

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    key          TEXT NOT NULL DEFAULT '',
    payload      TEXT,
    due_at       INTEGER NOT NULL,
    attempts     integer NOT NULL DEFAULT 0,
    locked_until INTEGER,
    done_at      INTEGER,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   INTEGER
);
-- At most one pending job per non-empty key.
CREATE UNIQUE INDEX jobs_pending_key ON jobs (key) WHERE done_at IS NULL AND key <> '';
CREATE INDEX jobs_due_idx ON jobs (due_at, id) WHERE done_at IS NULL;

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id   INTEGER,
    action     TEXT NOT NULL,
    object     TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    remote_ip  TEXT NOT NULL DEFAULT '',
    created_at INTEGER
);
CREATE INDEX audit_object_idx ON audit_log (object, id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE jobs;
DROP TABLE api_tokens;
DROP TABLE console_sessions;
DROP TABLE surveys;
DROP TABLE holidays;
DROP TABLE office_windows;
DROP TABLE slot_seats;
DROP TABLE appointments;
DROP TABLE documents;
DROP TABLE activities;
DROP TABLE outbox;
DROP TABLE tickets;
DROP TABLE agents;
DROP TABLE inbound;
DROP TABLE conversations;
DROP TABLE contacts;
DROP TABLE vendors;
DROP TABLE counters;
