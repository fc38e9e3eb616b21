package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"loket"
)

const outboundCols = `id, channel, chat_id, conversation_id, ticket_id, text, buttons, doc_sha256, doc_file_name,
	status, attempts, next_attempt_at, last_error, external_id, created_at, sent_at, lease_token, kind`

func scanOutbound(r Row, m *loket.Outbound) error {
	var buttons []byte
	var sha, name string
	err := r.Scan(&m.ID, &m.Channel, &m.ChatID, nid(&m.ConversationID), nid(&m.TicketID), &m.Text, js(&buttons),
		&sha, &name, &m.Status, &m.Attempts, ts(&m.NextAttemptAt), &m.LastError, &m.ExternalID,
		ts(&m.CreatedAt), ts(&m.SentAt), &m.LeaseToken, &m.Kind)
	if err != nil {
		return err
	}
	if sha != "" || name != "" {
		m.Document = &loket.OutboundDocument{SHA256: sha, FileName: name}
	}
	return decodeButtons(buttons, &m.Buttons)
}

func encodeButtons(b [][]loket.Button) (any, error) {
	if len(b) == 0 {
		return nil, nil
	}
	out, err := json.Marshal(b)
	if err != nil {
		return nil, fmt.Errorf("encode buttons: %w", err)
	}
	return out, nil
}

func decodeButtons(raw []byte, b *[][]loket.Button) error {
	*b = nil
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, b); err != nil {
		return fmt.Errorf("decode buttons: %w", err)
	}
	return nil
}

// EnqueueOutbound queues a message: sets ID and Status queued. It is due
// at NextAttemptAt, or at CreatedAt when that is zero.
//
// A message given a LeaseToken is queued already leased to its writer,
// which delivers it itself after the commit (the engine's direct
// delivery, or a batch's hand-over to its sender), due at NextAttemptAt,
// the lease's end, when whoever claims it sends it instead; it keeps its
// Attempts (1 where the lease counts as an attempt, as a claim's does).
// When an earlier message of its chat is still queued under another
// lease or none, it is queued as usual instead (due at CreatedAt,
// LeaseToken and Attempts set to 0), so it cannot overtake that one.
func (tx *Tx) EnqueueOutbound(ctx context.Context, m *loket.Outbound) error {
	if !m.Channel.Valid() || m.ChatID == "" {
		return errInvalid("outbound message needs a channel and a chat id")
	}
	tx.queued = append(tx.queued, m)
	buttons, err := encodeButtons(m.Buttons)
	if err != nil {
		return tx.d.fail("enqueue outbound", err)
	}
	var doc loket.OutboundDocument
	if m.Document != nil {
		doc = *m.Document
	}
	m.CreatedAt = orNow(m.CreatedAt)
	if m.NextAttemptAt.IsZero() {
		m.NextAttemptAt = m.CreatedAt
	}
	m.Status = loket.OutQueued
	if m.LeaseToken == 0 {
		m.Attempts = 0
	}
	var behind bool
	err = tx.q.QueryRow(ctx, `INSERT INTO outbox (channel, chat_id, conversation_id, ticket_id, text, buttons,
		doc_sha256, doc_file_name, status, attempts, next_attempt_at, created_at, kind, lease_token)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', $13, $9, $10, $11, $12)
		RETURNING id, lease_token <> 0 AND `+queuedBefore("outbox")+``,
		string(m.Channel), m.ChatID, id(m.ConversationID), id(m.TicketID), m.Text, buttons,
		doc.SHA256, doc.FileName, tm(m.NextAttemptAt), tm(m.CreatedAt), m.Kind, m.LeaseToken, m.Attempts).Scan(&m.ID, &behind)
	if err != nil || !behind {
		return tx.d.fail("enqueue outbound", err)
	}
	_, err = tx.q.Exec(ctx, `UPDATE outbox SET lease_token = 0, attempts = 0, next_attempt_at = created_at WHERE id = $1`, m.ID)
	m.LeaseToken, m.Attempts, m.NextAttemptAt = 0, 0, m.CreatedAt
	return tx.d.fail("enqueue outbound: queue behind its chat", err)
}

// queuedBefore is the condition that a message (of the row alias r) has
// an earlier message of its chat still queued under another lease or
// none: one a pre-leased message must not overtake. The statement's own
// rows share its lease, so they do not count.
func queuedBefore(r string) string {
	return `EXISTS (SELECT 1 FROM outbox q WHERE q.channel = ` + r + `.channel AND q.chat_id = ` + r + `.chat_id
		AND q.status = 'queued' AND q.lease_token <> ` + r + `.lease_token)`
}

// OutboundSent records a delivered message if token still holds its
// lease (0 for a message never claimed). Marking it again with the same
// token succeeds (a retry after a lost connection whose first try
// committed); ErrConflict when another sender took the message over.
func (db *Store) OutboundSent(ctx context.Context, id, token int64, externalID string, at time.Time) error {
	n, err := db.w.Exec(ctx, `UPDATE outbox SET status = 'sent', external_id = $3, sent_at = $4, last_error = ''
		WHERE id = $1 AND lease_token = $2 AND status IN ('queued', 'sent')`, id, token, externalID, tm(orNow(at)))
	if err == nil && n == 0 {
		return leaseLost(ctx, db.w, db.d, "outbound sent", "outbox", id)
	}
	return db.d.mustAffect("outbound sent", n, err)
}

// OutboundRetry puts a claimed message back in the queue, due at next, and
// ends the lease; ErrConflict when token no longer holds it.
func (db *Store) OutboundRetry(ctx context.Context, id, token int64, next time.Time, reason string) error {
	n, err := db.w.Exec(ctx, `UPDATE outbox SET next_attempt_at = $3, last_error = $4, lease_token = 0
		WHERE id = $1 AND lease_token = $2 AND status = 'queued'`, id, token, tm(orNow(next)), reason)
	if err == nil && n == 0 {
		return leaseLost(ctx, db.w, db.d, "outbound retry", "outbox", id)
	}
	return db.d.mustAffect("outbound retry", n, err)
}

// OutboundRelease hands back a claimed message that was not really tried
// (it waited behind an earlier message of its chat, or the platform asked
// to wait): due at next, the lease ended, and the claim's attempt given
// back, so only real attempts count. An empty reason keeps the last error.
func (db *Store) OutboundRelease(ctx context.Context, id, token int64, next time.Time, reason string) error {
	n, err := db.w.Exec(ctx, `UPDATE outbox SET next_attempt_at = $3, lease_token = 0,
		attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,
		last_error = CASE WHEN $4 = '' THEN last_error ELSE $4 END
		WHERE id = $1 AND lease_token = $2 AND status = 'queued'`, id, token, tm(orNow(next)), reason)
	if err == nil && n == 0 {
		return leaseLost(ctx, db.w, db.d, "outbound release", "outbox", id)
	}
	return db.d.mustAffect("outbound release", n, err)
}

// OutboundFailed gives up on a message; ErrConflict when token no longer
// holds its lease.
func (db *Store) OutboundFailed(ctx context.Context, id, token int64, reason string, at time.Time) error {
	n, err := db.w.Exec(ctx, `UPDATE outbox SET status = 'failed', last_error = $3, next_attempt_at = $4
		WHERE id = $1 AND lease_token = $2 AND status = 'queued'`, id, token, reason, tm(orNow(at)))
	if err == nil && n == 0 {
		return leaseLost(ctx, db.w, db.d, "outbound failed", "outbox", id)
	}
	return db.d.mustAffect("outbound failed", n, err)
}

// RenewOutbound extends to until the leases of the messages in held
// whose token still holds them and returns their ids (the heartbeat of
// sends in hand), in one statement for all of them: a sender's hand holds
// messages of many leases (each batch writes its replies under its own),
// and a statement per lease made the heartbeat's cost grow with them.
func (db *Store) RenewOutbound(ctx context.Context, until time.Time, held []loket.HeldLease) ([]int64, error) {
	if len(held) == 0 {
		return nil, nil
	}
	var rs Rows
	var err error
	if db.d.Arrays {
		ids, tokens := make([]int64, len(held)), make([]int64, len(held))
		for i, h := range held {
			ids[i], tokens[i] = h.ID, h.Token
		}
		rs, err = db.w.Query(ctx, db.d.renewOutbound(), ids, tokens, tm(until))
	} else {
		rs, err = db.w.Query(ctx, renewOutboundJSON, heldJSON(held), tm(until))
	}
	kept, err := collect(rs, err, func(r Row, id *int64) error { return r.Scan(id) })
	return kept, db.d.fail("renew outbound", err)
}

// renewOutbound is RenewOutbound's statement on PostgreSQL ($1 the ids,
// $2 their tokens, $3 the lease's new end). The rows are locked in id
// order first, as a batch of sent marks locks them, so the two cannot
// deadlock; a lease, committed without waiting for the log's flush
// (noFlushItem).
func (d Dialect) renewOutbound() string {
	return `WITH u AS (SELECT u.* FROM unnest($1::bigint[], $2::bigint[]) AS u(id, token)` + d.noFlushJoin() + `),
	l AS MATERIALIZED (SELECT o.id FROM outbox o JOIN u ON o.id = u.id AND o.lease_token = u.token
		WHERE o.status = 'queued' ORDER BY o.id FOR UPDATE OF o)
	UPDATE outbox o SET next_attempt_at = $3
	FROM u WHERE o.id = u.id AND o.id IN (SELECT id FROM l) AND o.lease_token = u.token AND o.status = 'queued'
	RETURNING o.id`
}

// renewOutboundJSON is renewOutbound for SQLite: the leases are one JSON
// array of [id, token] ($1), the lease's new end $2.
const renewOutboundJSON = `UPDATE outbox SET next_attempt_at = $2
	FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS token FROM json_each($1)) AS u
	WHERE outbox.id = u.id AND outbox.lease_token = u.token AND outbox.status = 'queued'
	RETURNING outbox.id`

// heldJSON writes leases as renewOutboundJSON reads them.
func heldJSON(held []loket.HeldLease) string {
	return jsonRows(len(held), 40, func(b []byte, i int) []byte {
		b = strconv.AppendInt(b, held[i].ID, 10)
		b = append(b, ',')
		return strconv.AppendInt(b, held[i].Token, 10)
	})
}

// jsonRows writes n rows as a JSON array of arrays, each row's values
// appended by row (about size bytes a row).
func jsonRows(n, size int, row func(b []byte, i int) []byte) string {
	b := make([]byte, 0, size*n+2)
	b = append(b, '[')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = row(b, i)
		b = append(b, ']')
	}
	return string(append(b, ']'))
}

// OutboundRequeue puts a failed message back in the queue, due at `at`,
// with a fresh attempt budget; a queued message waiting for its next try
// (not in a sender's hand) is made due at `at` with a fresh budget too.
func (db *Store) OutboundRequeue(ctx context.Context, id int64, at time.Time) error {
	n, err := db.w.Exec(ctx, `UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = $2, lease_token = 0
		WHERE id = $1 AND (status = 'failed' OR status = 'queued' AND lease_token = 0 AND attempts > 0)`, id, tm(orNow(at)))
	if err == nil && n == 0 {
		if _, gerr := db.OutboundByID(ctx, id); gerr != nil {
			return gerr
		}
		return loket.Errorf(loket.EConflict, "message %d is neither failed nor waiting for a retry", id)
	}
	return db.d.mustAffect("outbound requeue", n, err)
}

// UndeliveredOutbound lists a channel's messages not delivered (queued,
// with their next try and last error, or failed), newest first.
func (db *Store) UndeliveredOutbound(ctx context.Context, ch loket.Channel, limit int) ([]loket.Outbound, error) {
	rs, err := db.r.Query(ctx, `SELECT `+outboundCols+` FROM outbox WHERE channel = $1 AND status IN ('queued', 'failed')
		ORDER BY id DESC LIMIT $2`, string(ch), limitOr(limit, 50))
	out, err := collect(rs, err, scanOutbound)
	return out, db.d.fail("undelivered outbound", err)
}

// OutboundByID returns one outbox message.
func (db *Store) OutboundByID(ctx context.Context, id int64) (*loket.Outbound, error) {
	var m loket.Outbound
	rs, err := db.r.Query(ctx, `SELECT `+outboundCols+` FROM outbox WHERE id = $1`, id)
	ms, err := collect(rs, err, scanOutbound)
	if err == nil && len(ms) == 0 {
		err = ErrNoRows
	}
	if err != nil {
		return nil, db.d.fail("outbound message", err)
	}
	m = ms[0]
	return &m, nil
}

// QueueDepth counts queued outbound messages per channel.
func (db *Store) QueueDepth(ctx context.Context) (map[loket.Channel]int, error) {
	type row struct {
		ch loket.Channel
		n  int
	}
	rs, err := db.r.Query(ctx, `SELECT channel, count(*) FROM outbox WHERE status = 'queued' GROUP BY channel`)
	rows, err := collect(rs, err, func(r Row, v *row) error { return r.Scan(&v.ch, &v.n) })
	if err != nil {
		return nil, db.d.fail("queue depth", err)
	}
	out := make(map[loket.Channel]int, len(rows))
	for _, r := range rows {
		out[r.ch] = r.n
	}
	return out, nil
}
