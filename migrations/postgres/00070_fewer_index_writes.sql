-- +goose Up
-- Fewer index entries written per message. The recovery scan of unhandled
-- messages reads inbound_unhandled_chat_idx (it holds only those, and the
-- scan sorts them), so inbound_pending_idx, a second partial index of the
-- same rows, goes. Most outgoing messages have no ticket (everything before
-- a vendor's ticket exists): outbox_ticket_idx keeps only those that have
-- one, which is all a look-up by ticket (and the foreign key's check)
-- needs. The outbox leaves a tenth of each page free, so a claim's lease
-- update finds room for the new row version on its page (a HOT update:
-- no index entries).
DROP INDEX inbound_pending_idx;
DROP INDEX outbox_ticket_idx;
CREATE INDEX outbox_ticket_idx ON outbox (ticket_id) WHERE ticket_id IS NOT NULL;
ALTER TABLE outbox SET (fillfactor = 90);

-- +goose Down
ALTER TABLE outbox RESET (fillfactor);
DROP INDEX outbox_ticket_idx;
CREATE INDEX outbox_ticket_idx ON outbox (ticket_id);
CREATE INDEX inbound_pending_idx ON inbound (received_at, id) WHERE handled_at IS NULL;
