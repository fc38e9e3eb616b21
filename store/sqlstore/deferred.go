package sqlstore

import (
	"context"
	"fmt"
	"time"

	"loket"
)

// Deferred is a statement whose caller does not wait for its result.
type Deferred struct {
	Query string
	Args  []any
	// Done reads the statement's rows (it must return RETURNING rows) once
	// it ran; an error from it fails the transaction.
	Done func(rs Rows) error
}

// Deferrer is an optional ability of a TxConn (PostgreSQL): statements
// queued with Defer go to the server together with the transaction's next
// statement, or before its commit, in one round trip. Statements run in
// the order they were issued. A deferred statement that fails (or whose
// Done fails) fails the statement it travelled with and every later one,
// the commit included: the transaction can only be rolled back.
type Deferrer interface {
	Defer(d Deferred)
}

// WriteTurn records what the engine keeps of a turn: the conversation's
// new state (conv.UpdatedAt must be set) and its replies, queued in the
// outbox with a timeline entry by actor for those of a ticket (as
// loket.Enqueue does). Where the backend can (PostgreSQL, outside a
// savepoint) the writes are not waited for: they travel with the
// transaction's next statement or go before its commit, in one round
// trip, and the replies' IDs are set once they ran. A conversation saved by
// someone else in between then fails that statement and the commit with
// ErrConflict instead of this call. Elsewhere the writes run at once.
func (tx *Tx) WriteTurn(ctx context.Context, conv *loket.Conversation, replies []*loket.Outbound, actor loket.ActorType) error {
	d, ok := tx.raw.(Deferrer)
	if !ok || tx.depth > 0 || conv.UpdatedAt.IsZero() {
		// Not counted as statements for preloaded conversations: they
		// change only this turn's conversation, opened already.
		u := &Tx{q: tx.raw, raw: tx.raw, d: tx.d}
		if err := u.SaveConversation(ctx, conv); err != nil {
			return err
		}
		for _, out := range replies {
			if err := loket.Enqueue(ctx, u, out, actor, 0); err != nil {
				return err
			}
		}
		return nil
	}
	// Validate and encode everything first: nothing is queued for a
	// turn that cannot be written.
	type row struct {
		out     *loket.Outbound
		buttons any
	}
	rows := make([]row, len(replies))
	for i, out := range replies {
		if !out.Channel.Valid() || out.ChatID == "" {
			return errInvalid("outbound message needs a channel and a chat id")
		}
		b, err := encodeButtons(out.Buttons)
		if err != nil {
			return tx.d.fail("enqueue outbound", err)
		}
		rows[i] = row{out, b}
	}
	convID, version := conv.ID, conv.Version
	d.Defer(Deferred{
		Query: `UPDATE conversations SET state = $3, version = version + 1, updated_at = $4
			WHERE id = $1 AND version = $2 RETURNING version`,
		Args: []any{convID, version, jsonArg(conv.State), tm(conv.UpdatedAt)},
		Done: func(rs Rows) error {
			n, err := collect(rs, nil, func(r Row, v *int64) error { return r.Scan(v) })
			if err != nil {
				return tx.d.fail("save conversation", err)
			}
			if len(n) != 1 {
				return fmt.Errorf("store: save conversation: %w",
					loket.Errorf(loket.EConflict, "conversation %d was saved by someone else", convID))
			}
			return nil
		},
	})
	conv.Version++
	conv.UpdatedAt = conv.UpdatedAt.UTC().Truncate(time.Millisecond)
	for _, r := range rows {
		out := r.out
		out.CreatedAt = orNow(out.CreatedAt)
		if out.NextAttemptAt.IsZero() {
			out.NextAttemptAt = out.CreatedAt
		}
		out.Status, out.Attempts = loket.OutQueued, 0
		var doc loket.OutboundDocument
		if out.Document != nil {
			doc = *out.Document
		}
		// One statement: the outbox row and, for a ticket's message, its
		// timeline entry linked to it.
		d.Defer(Deferred{
			Query: `WITH o AS (INSERT INTO outbox (channel, chat_id, conversation_id, ticket_id, text, buttons,
				doc_sha256, doc_file_name, status, attempts, next_attempt_at, created_at, kind)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', 0, $9, $10, $11) RETURNING id, ticket_id, text, created_at),
			a AS (INSERT INTO activities (ticket_id, kind, actor, body, outbound_id, created_at)
				SELECT ticket_id, $12, $13, text, id, created_at FROM o WHERE ticket_id IS NOT NULL RETURNING id)
			SELECT o.id FROM o`,
			Args: []any{string(out.Channel), out.ChatID, id(out.ConversationID), id(out.TicketID), out.Text, r.buttons,
				doc.SHA256, doc.FileName, tm(out.NextAttemptAt), tm(out.CreatedAt), out.Kind,
				string(loket.ActMessageOut), string(actor)},
			Done: func(rs Rows) error {
				ids, err := collect(rs, nil, func(r Row, v *int64) error { return r.Scan(v) })
				if err == nil && len(ids) != 1 {
					err = ErrNoRows
				}
				if err != nil {
					return tx.d.fail("enqueue outbound", err)
				}
				out.ID = ids[0]
				return nil
			},
		})
	}
	return nil
}
