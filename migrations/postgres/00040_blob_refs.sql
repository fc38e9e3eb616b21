-- +goose Up
-- The orphan sweep of the document store asks, per stored blob, whether
-- a document or an outgoing message still refers to it.
CREATE INDEX documents_sha256_idx ON documents (sha256);
CREATE INDEX outbox_doc_sha256_idx ON outbox (doc_sha256) WHERE doc_sha256 <> '';

-- +goose Down
DROP INDEX outbox_doc_sha256_idx;
DROP INDEX documents_sha256_idx;
