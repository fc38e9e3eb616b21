package sqlstore

import (
	"context"
	"strconv"
	"time"

	"loket"
)

// maxDeadText bounds the escaped text kept of a dead letter.
const maxDeadText = 2048

// RecordDeadInbound sets a message aside that could not be recorded: every
// field is cleaned and its text kept quoted in ASCII, so the row stores
// whatever made the message itself fail. A message set aside before is
// left as it is.
func (db *Store) RecordDeadInbound(ctx context.Context, m loket.Inbound, reason string, at time.Time) error {
	clean := func(s string) string { return loket.CleanText(s, loket.MaxFieldBytes) }
	text := strconv.QuoteToASCII(loket.CleanText(m.Text, maxDeadText))
	_, err := db.w.Exec(ctx, `INSERT INTO inbound_dead (channel, external_id, chat_id, sender_name, kind, text, error,
		received_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (channel, external_id) DO NOTHING`,
		clean(string(m.Channel)), clean(m.ExternalID), clean(m.ChatID), clean(m.SenderName), clean(string(m.Kind)),
		text, loket.CleanText(reason, maxDeadText), tm(orNow(m.ReceivedAt)), tm(orNow(at)))
	return db.d.fail("record dead inbound", err)
}

// DeadInbounds lists the newest dead letters and counts them all.
func (tx *Tx) DeadInbounds(ctx context.Context, limit int) ([]loket.DeadInbound, int, error) {
	var total int
	if err := tx.q.QueryRow(ctx, `SELECT COUNT(*) FROM inbound_dead`).Scan(&total); err != nil {
		return nil, 0, tx.d.fail("count dead inbound", err)
	}
	rs, err := tx.q.Query(ctx, `SELECT id, channel, external_id, chat_id, sender_name, kind, text, error,
		received_at, created_at FROM inbound_dead ORDER BY id DESC LIMIT $1`, limitOr(limit, 100))
	out, err := collect(rs, err, func(r Row, d *loket.DeadInbound) error {
		return r.Scan(&d.ID, &d.Channel, &d.ExternalID, &d.ChatID, &d.SenderName, &d.Kind, &d.Text, &d.Error,
			ts(&d.ReceivedAt), ts(&d.CreatedAt))
	})
	return out, total, tx.d.fail("dead inbound", err)
}
