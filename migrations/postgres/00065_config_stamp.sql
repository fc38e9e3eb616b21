-- +goose Up
-- One number that every change of what admins set bumps: the knowledge
-- (office profile, requirements, answers), the office hours, the closed
-- days and the settings. The bot reads it once per transaction and keeps
-- the rest in memory while it stays the same, so a change applies from
-- the next message on every replica without the bot reading it all on
-- every turn. Triggers bump it, whoever writes.
CREATE TABLE config_stamp (
    id    integer PRIMARY KEY CHECK (id = 1),
    stamp bigint NOT NULL
);
INSERT INTO config_stamp (id, stamp) VALUES (1, 1);

-- +goose StatementBegin
CREATE FUNCTION bump_config_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE config_stamp SET stamp = stamp + 1 WHERE id = 1;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER knowledge_versions_config_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON knowledge_versions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_config_stamp();
CREATE TRIGGER office_windows_config_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON office_windows
    FOR EACH STATEMENT EXECUTE FUNCTION bump_config_stamp();
CREATE TRIGGER holidays_config_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON holidays
    FOR EACH STATEMENT EXECUTE FUNCTION bump_config_stamp();
CREATE TRIGGER settings_config_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_config_stamp();

-- +goose Down
DROP TRIGGER settings_config_stamp ON settings;
DROP TRIGGER holidays_config_stamp ON holidays;
DROP TRIGGER office_windows_config_stamp ON office_windows;
DROP TRIGGER knowledge_versions_config_stamp ON knowledge_versions;
DROP FUNCTION bump_config_stamp();
DROP TABLE config_stamp;
