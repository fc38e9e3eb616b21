package sqlstore

import (
	"context"
	"time"

	"loket"
)

const inboundCols = `id, channel, external_id, chat_id, sender_id, sender_name, lang_hint, kind,
	text, button, has_document, doc_file_id, doc_file_name, doc_mime_type, doc_size,
	phone, media_type, reply_to, received_at, attempts`

func scanInbound(r Row, m *loket.Inbound) error {
	var hasDoc bool
	var d loket.DocumentRef
	err := r.Scan(&m.ID, &m.Channel, &m.ExternalID, &m.ChatID, &m.SenderID, &m.SenderName, &m.LangHint,
		&m.Kind, &m.Text, &m.Button, bl(&hasDoc), &d.FileID, &d.FileName, &d.MimeType, &d.Size,
		&m.Phone, &m.MediaType, &m.ReplyTo, ts(&m.ReceivedAt), &m.Attempts)
	if hasDoc {
		m.Document = &d
	}
	return err
}

// RecordInbound inserts the messages not seen before in one transaction,
// each listed as unhandled until its claim (inbound_unhandled), and
// returns those, with ID set, in input order.
func (db *Store) RecordInbound(ctx context.Context, msgs []loket.Inbound) ([]loket.Inbound, error) {
	if db.d.Arrays {
		return db.recordInboundArrays(ctx, msgs)
	}
	var fresh []loket.Inbound
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		fresh, _, err = tx.insertInbound(ctx, msgs, nil)
		if err != nil || len(fresh) == 0 {
			return err
		}
		ids := make([]int64, len(fresh))
		for i, m := range fresh {
			ids[i] = m.ID
		}
		return tx.queueInbound(ctx, ids)
	})
	if err != nil {
		return nil, err
	}
	return fresh, nil
}

// queueInbound lists recorded messages as unhandled (inbound_unhandled).
func (tx *Tx) queueInbound(ctx context.Context, ids []int64) error {
	in, arg := tx.d.idSet("id", ids, 1)
	_, err := tx.q.Exec(ctx, `INSERT INTO inbound_unhandled (id, received_at) SELECT id, received_at FROM inbound WHERE `+in, arg)
	return tx.d.fail("queue inbound", err)
}

// pendingInbound is PendingInbound's statement: the ids read from the
// queue, then each message by its key. On PostgreSQL the ids are one
// array (ARRAY(…), computed once) for "id = ANY": written as IN
// (subquery), a plan made on empty tables joined the queue to a scan of
// the whole table, and connections keep their plans.
func (d Dialect) pendingInbound() string {
	ids := `SELECT id FROM inbound_unhandled WHERE received_at < $1 ORDER BY received_at, id LIMIT $2`
	in := `id IN (` + ids + `)`
	if d.Arrays {
		in = `id = ANY(ARRAY(` + ids + `))`
	}
	return `SELECT ` + inboundCols + ` FROM inbound WHERE ` + in + ` AND handled_at IS NULL ORDER BY received_at, id`
}

// PendingInbound lists recorded but unhandled messages received before
// `before`, oldest first. It reads the queue of unhandled messages
// (inbound_unhandled), which holds only those.
func (db *Store) PendingInbound(ctx context.Context, before time.Time, limit int) ([]loket.Inbound, error) {
	rs, err := db.r.Query(ctx, db.d.pendingInbound(), tm(before), limitOr(limit, 100))
	out, err := collect(rs, err, scanInbound)
	return out, db.d.fail("pending inbound", err)
}

// prevHandled is true unless the message's chat has an unhandled message
// before it: a message is never claimed before those (order per
// conversation across replicas and failures). Because every claim checks
// it, a chat's handled messages are always its oldest ones, so it is
// enough to read the message's predecessor: one step back in
// inbound_chat_idx, whatever the chat's history. The caller may add
// conditions on o (messages to step over) and closes it with prevEnd.
const prevHandled = `coalesce((SELECT o.handled_at IS NOT NULL FROM inbound o WHERE o.channel = inbound.channel
	AND o.chat_id = inbound.chat_id AND o.id < inbound.id`

// prevEnd closes prevHandled: no predecessor counts as handled.
const prevEnd = ` ORDER BY o.id DESC LIMIT 1), true)`

// handledAt is the time a claim records: at ($n), or the handled time of
// the chat's previous handled message when that is later. A replica's at
// is read before its claim runs and may be overtaken by another replica
// claiming the previous message in the meantime; the recorded times of a
// conversation then still follow the order the messages were handled in.
// It reads inbound_chat_idx backwards, stopping at the first handled row.
func (d Dialect) handledAt(n string) string {
	return d.Greatest + `(` + n + `, coalesce((SELECT o.handled_at FROM inbound o WHERE o.channel = inbound.channel
		AND o.chat_id = inbound.chat_id AND o.id < inbound.id AND o.handled_at IS NOT NULL
		ORDER BY o.id DESC LIMIT 1), ` + n + `))`
}

// ClaimInbound marks a message handled; false when it was handled already
// or an older message of its chat is still unhandled.
func (tx *Tx) ClaimInbound(ctx context.Context, id int64, at time.Time) (bool, error) {
	claimed, err := tx.ClaimInbounds(ctx, []int64{id}, at)
	return claimed[id], err
}

// InboundFailed counts a failed attempt; after maxAttempts the message is
// marked handled with the error.
func (tx *Tx) InboundFailed(ctx context.Context, id int64, reason string, maxAttempts int, at time.Time) error {
	n, err := tx.q.Exec(ctx, `UPDATE inbound SET attempts = attempts + 1, last_error = $2,
		handled_at = CASE WHEN attempts + 1 >= $3 THEN $4 ELSE handled_at END
		WHERE id = $1`, id, reason, maxAttempts, tm(orNow(at)))
	if err := tx.d.mustAffect("inbound failed", n, err); err != nil {
		return err
	}
	// Set aside after its last attempt: no longer waiting.
	_, err = tx.q.Exec(ctx, `DELETE FROM inbound_unhandled WHERE id = $1
		AND (SELECT handled_at FROM inbound WHERE id = $1) IS NOT NULL`, id)
	return tx.d.fail("inbound failed", err)
}

// limitOr clamps a caller's limit: n<=0 gives def, and at most 1000.
func limitOr(n, def int) int {
	switch {
	case n <= 0:
		return def
	case n > 1000:
		return 1000
	}
	return n
}

// ClaimInbounds marks several messages handled in one statement and
// returns the IDs it claimed (those not handled before and with no older
// unhandled message of their chat outside the batch), so a batch costs
// one round trip instead of one per message. The claimed ones leave the
// queue of unhandled messages in the same statement (PostgreSQL) or the
// next one.
func (tx *Tx) ClaimInbounds(ctx context.Context, ids []int64, at time.Time) (map[int64]bool, error) {
	claimed := make(map[int64]bool, len(ids))
	if len(ids) == 0 {
		return claimed, nil
	}
	q, args := tx.d.claimInbounds(ids, at)
	rs, err := tx.q.Query(ctx, q, args...)
	if err := tx.readClaimed(rs, err, claimed); err != nil || tx.d.WritingWith || len(claimed) == 0 {
		return claimed, err
	}
	done := make([]int64, 0, len(claimed))
	for _, id := range ids {
		if claimed[id] {
			done = append(done, id)
		}
	}
	in, arg := tx.d.idSet("id", done, 1)
	_, err = tx.q.Exec(ctx, `DELETE FROM inbound_unhandled WHERE `+in, arg)
	return claimed, tx.d.fail("claim inbound batch", err)
}

// claimInbounds is ClaimInbounds' statement, which returns the ids claimed
// (and, where the dialect allows, takes them off the queue).
func (d Dialect) claimInbounds(ids []int64, at time.Time) (string, []any) {
	in, idArgs := d.idList("id", ids, 2)
	notIn, _ := d.idList("o.id", ids, 2)
	// Older messages of a chat inside the batch do not hold back later
	// ones (the caller handles the batch in id order): the check steps
	// over them to the first predecessor outside the batch. A claimed
	// batch member behind an unclaimable one is impossible: both have the
	// same first predecessor outside the batch, or the later one's is
	// newer, and handled ones are a prefix of the chat.
	q := `UPDATE inbound SET handled_at = ` + d.handledAt("$1") + ` WHERE handled_at IS NULL AND ` + in + `
		AND ` + prevHandled + ` AND NOT (` + notIn + `)` + prevEnd + ` RETURNING id`
	if d.WritingWith {
		q = `WITH c AS (` + q + `), q AS (DELETE FROM inbound_unhandled WHERE id IN (SELECT id FROM c)) SELECT id FROM c`
	}
	return q, append([]any{tm(orNow(at))}, idArgs...)
}

// readClaimed adds the ids a claim returned to claimed.
func (tx *Tx) readClaimed(rs Rows, err error, claimed map[int64]bool) error {
	ids, err := collect(rs, err, func(r Row, id *int64) error { return r.Scan(id) })
	if err != nil {
		return tx.d.fail("claim inbound batch", err)
	}
	for _, id := range ids {
		claimed[id] = true
	}
	return nil
}
