package sqlstore

import (
	"context"
	"sort"

	"loket"
)

// Transcript returns the last `limit` lines of a chat, inbound and
// outbound interleaved by time (ties: inbound first, then by id), oldest
// first, with IDs above afterInbound / afterOutbound.
func (db *Store) Transcript(ctx context.Context, ch loket.Channel, chatID string, afterInbound, afterOutbound int64, limit int) ([]loket.ChatLine, error) {
	limit = limitOr(limit, 100)
	// Both sides in one statement (one round trip), each its newest lines.
	rs, err := db.r.Query(ctx, `SELECT * FROM (SELECT 1 AS side, id, text, button, CAST(NULL AS jsonb) AS buttons, doc_file_name,
			'' AS status, received_at AS at FROM inbound
			WHERE channel = $1 AND chat_id = $2 AND id > $3 ORDER BY received_at DESC, id DESC LIMIT $5) AS i
		UNION ALL
		SELECT * FROM (SELECT 2, id, text, '', buttons, doc_file_name, status, created_at FROM outbox
			WHERE channel = $1 AND chat_id = $2 AND id > $4 ORDER BY created_at DESC, id DESC LIMIT $5) AS o`,
		string(ch), chatID, afterInbound, afterOutbound, limit)
	lines, err := collect(rs, err, func(r Row, l *loket.ChatLine) error {
		var side, id int64
		var button, doc, status string
		var buttons []byte
		if err := r.Scan(&side, &id, &l.Text, &button, js(&buttons), &doc, &status, ts(&l.At)); err != nil {
			return err
		}
		if side == 1 {
			m := loket.Inbound{ID: id, Text: l.Text, Button: button, ReceivedAt: l.At}
			if doc != "" {
				m.Document = &loket.DocumentRef{FileName: doc}
			}
			*l = m.Line()
			return nil
		}
		l.OutboundID, l.Document, l.Status = id, doc, loket.OutboundStatus(status)
		return decodeButtons(buttons, &l.Buttons)
	})
	if err != nil {
		return nil, db.d.fail("transcript", err)
	}
	sort.SliceStable(lines, func(i, j int) bool { return lineBefore(lines[i], lines[j]) })
	if len(lines) > limit {
		lines = lines[len(lines)-limit:]
	}
	return lines, nil
}

func lineBefore(a, b loket.ChatLine) bool {
	if !a.At.Equal(b.At) {
		return a.At.Before(b.At)
	}
	if (a.InboundID != 0) != (b.InboundID != 0) {
		return a.InboundID != 0
	}
	return a.InboundID+a.OutboundID < b.InboundID+b.OutboundID
}
