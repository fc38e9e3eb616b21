-- +goose Up
-- Ticket numbers come from a sequence. The counters row was locked from a
-- ticket's creation to its transaction's commit, and a vendor's turn
-- commits with every other turn of its batch: each transaction opening a
-- ticket waited for the one before it to commit, 4–9 ms on average under
-- a steady load. A sequence holds no lock; a ticket whose transaction
-- rolls back leaves a gap in the numbers. The counters row stays (SQLite
-- numbers its tickets with it) and is no longer written here.
CREATE SEQUENCE ticket_number_seq AS bigint;
SELECT setval('ticket_number_seq', greatest(
    (SELECT value FROM counters WHERE name = 'ticket_number'),
    (SELECT coalesce(max(number), 0) FROM tickets)));

-- +goose Down
UPDATE counters SET value = greatest(value, (SELECT coalesce(max(number), 0) FROM tickets),
    (SELECT last_value FROM ticket_number_seq))
    WHERE name = 'ticket_number';
DROP SEQUENCE ticket_number_seq;
