-- +goose Up
-- One number that every change of what admins set bumps: the knowledge
-- (office profile, requirements, answers), the office hours, the closed
-- days and the settings. The bot reads it once per transaction and keeps
-- the rest in memory while it stays the same, so a change applies from
-- the next message without the bot reading it all on every turn.
-- Triggers bump it, whoever writes.
CREATE TABLE config_stamp (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    stamp INTEGER NOT NULL
);
INSERT INTO config_stamp (id, stamp) VALUES (1, 1);

-- +goose StatementBegin
CREATE TRIGGER knowledge_versions_config_stamp_insert AFTER INSERT ON knowledge_versions
BEGIN
    UPDATE config_stamp SET stamp = stamp + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER knowledge_versions_config_stamp_update AFTER UPDATE ON knowledge_versions
BEGIN
    UPDATE config_stamp SET stamp = stamp + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER knowledge_versions_config_stamp_delete AFTER DELETE ON knowledge_versions
BEGIN
    UPDATE config_stamp SET stamp = stamp + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER office_windows_config_stamp_insert AFTER INSERT ON office_windows
BEGIN
    UPDATE config_stamp SET stamp = stamp + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER office_windows_config_stamp_update AFTER UPDATE ON office_windows
BEGIN
    UPDATE config_stamp SET stamp = stamp + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER office_windows_config_stamp_delete AFTER DELETE ON office_windows
BEGIN
    UPDATE config_stamp SET stamp = stamp + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER holidays_config_stamp_insert AFTER INSERT ON holidays
BEGIN
    UPDATE config_stamp SET stamp = stamp + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER holidays_config_stamp_update AFTER UPDATE ON holidays
BEGIN
    UPDATE config_stamp SET stamp = stamp + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER holidays_config_stamp_delete AFTER DELETE ON holidays
BEGIN
    UPDATE config_stamp SET stamp = stamp + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER settings_config_stamp_insert AFTER INSERT ON settings
BEGIN
    UPDATE config_stamp SET stamp = stamp + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER settings_config_stamp_update AFTER UPDATE ON settings
BEGIN
    UPDATE config_stamp SET stamp = stamp + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER settings_config_stamp_delete AFTER DELETE ON settings
BEGIN
    UPDATE config_stamp SET stamp = stamp + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER knowledge_versions_config_stamp_insert;
DROP TRIGGER knowledge_versions_config_stamp_update;
DROP TRIGGER knowledge_versions_config_stamp_delete;
DROP TRIGGER office_windows_config_stamp_insert;
DROP TRIGGER office_windows_config_stamp_update;
DROP TRIGGER office_windows_config_stamp_delete;
DROP TRIGGER holidays_config_stamp_insert;
DROP TRIGGER holidays_config_stamp_update;
DROP TRIGGER holidays_config_stamp_delete;
DROP TRIGGER settings_config_stamp_insert;
DROP TRIGGER settings_config_stamp_update;
DROP TRIGGER settings_config_stamp_delete;
DROP TABLE config_stamp;
