-- +goose Up
-- Deleting a contact (a web chat past retention, an erasure on request)
-- looks up what refers to it: its conversation (the foreign key's check)
-- and its questions to the bot (set to NULL with it). Without these
-- indexes each deletion read both tables whole.
CREATE INDEX conversations_contact_idx ON conversations (contact_id);
CREATE INDEX bot_questions_contact_idx ON bot_questions (contact_id);

-- +goose Down
DROP INDEX bot_questions_contact_idx;
DROP INDEX conversations_contact_idx;
