package sqlstore

import (
	"context"
	"time"

	"loket"
)

// Deferred is a statement whose caller does not wait for its result.
type Deferred struct {
	Query string
	Args  []any
	// Done reads the statement's rows (it must return rows) once it ran.
	// The COMMIT may travel in the same round trip and run before Done is
	// called, so whatever must fail the transaction is checked by the
	// statement itself (it fails); an error from Done fails what comes
	// after, but cannot undo a commit that ran with it.
	Done func(rs Rows) error
	// Err, when set, is the error reported when the statement itself
	// fails, given the database's (a conflict the statement detected).
	Err func(error) error
}

// Deferrer is an optional ability of a TxConn (PostgreSQL): statements
// queued with Defer go to the server together with the transaction's next
// statement, or with its commit, in one round trip. Statements run in
// the order they were issued. A deferred statement that fails fails the
// statement it travelled with and every later one, the commit included:
// the transaction can only be rolled back.
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
	for _, out := range replies {
		if out.Channel.Valid() {
			tx.queued = append(tx.queued, out)
		}
	}
	d, _ := tx.raw.(Deferrer) // nil: the gathered writes run at the next statement or the commit
	if tx.depth > 0 || conv.UpdatedAt.IsZero() {
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
	buttons := make([]*string, len(replies))
	for i, out := range replies {
		if !out.Channel.Valid() || out.ChatID == "" {
			return errInvalid("outbound message needs a channel and a chat id")
		}
		b, err := encodeButtons(out.Buttons)
		if err != nil {
			return tx.d.fail("enqueue outbound", err)
		}
		if b != nil {
			s := string(b.([]byte))
			buttons[i] = &s
		}
	}
	if tx.turns != nil && (tx.turns.actor != "" && tx.turns.actor != actor || tx.turns.has(conv.ID)) {
		if err := tx.flushTurns(ctx); err != nil { // one statement per kind needs one actor and distinct conversations
			return err
		}
	}
	if tx.turns == nil {
		tx.turns = &turnBuf{d: d}
	}
	tx.turns.actor = actor
	tx.turns.add(conv, replies, buttons)
	conv.Version++
	conv.UpdatedAt = conv.UpdatedAt.UTC().Truncate(time.Millisecond)
	for _, out := range replies {
		out.CreatedAt = orNow(out.CreatedAt)
		if out.NextAttemptAt.IsZero() {
			out.NextAttemptAt = out.CreatedAt
		}
		out.Status = loket.OutQueued
		if out.LeaseToken == 0 {
			out.Attempts = 0 // a leased one keeps its (see EnqueueOutbound)
		}
	}
	return nil
}

// insertID runs an insert returning one id into *dst. Where the backend
// pipelines (PostgreSQL) and no savepoint is open, it is not waited for:
// it goes after the gathered turn writes when ordered (the order written
// kept), with the transaction's next statement or its commit, and *dst is
// set once it ran; a failure fails that statement and the commit. Else it
// runs at once.
func (tx *Tx) insertID(ctx context.Context, what string, ordered bool, query string, args []any, dst *int64) error {
	d, ok := tx.raw.(Deferrer)
	if !ok || tx.depth > 0 {
		return tx.d.fail(what, tx.q.QueryRow(ctx, query, args...).Scan(dst))
	}
	if ordered {
		if err := tx.flushTurns(ctx); err != nil {
			return err
		}
	}
	d.Defer(Deferred{Query: query, Args: args, Done: func(rs Rows) error {
		ids, err := collect(rs, nil, func(r Row, v *int64) error { return r.Scan(v) })
		if err == nil && len(ids) != 1 {
			err = ErrNoRows
		}
		if err != nil {
			return tx.d.fail(what, err)
		}
		*dst = ids[0]
		return nil
	}})
	return nil
}
