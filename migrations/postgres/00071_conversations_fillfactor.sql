-- +goose Up
-- Every turn saves its conversation. The conversations table leaves a
-- fifth of each page free, so the new row version finds room on its page
-- (a HOT update: no new index entries) instead of moving to another one.
ALTER TABLE conversations SET (fillfactor = 80);

-- +goose Down
ALTER TABLE conversations RESET (fillfactor);
