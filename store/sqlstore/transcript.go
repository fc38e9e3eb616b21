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
	rs, err := db.r.Query(ctx, `SELECT id, text, button, doc_file_name, received_at FROM inbound
		WHERE channel = $1 AND chat_id = $2 AND id > $3 ORDER BY received_at DESC, id DESC LIMIT $4`,
		string(ch), chatID, afterInbound, limit)
	in, err := collect(rs, err, func(r Row, l *loket.ChatLine) error {
		var m loket.Inbound
		var doc string
		if err := r.Scan(&m.ID, &m.Text, &m.Button, &doc, ts(&m.ReceivedAt)); err != nil {
			return err
		}
		if doc != "" {
			m.Document = &loket.DocumentRef{FileName: doc}
		}
		*l = m.Line()
		return nil
	})
	if err != nil {
		return nil, db.d.fail("transcript: inbound", err)
	}
	rs, err = db.r.Query(ctx, `SELECT id, text, buttons, doc_file_name, status, created_at FROM outbox
		WHERE channel = $1 AND chat_id = $2 AND id > $3 ORDER BY created_at DESC, id DESC LIMIT $4`,
		string(ch), chatID, afterOutbound, limit)
	out, err := collect(rs, err, func(r Row, l *loket.ChatLine) error {
		var buttons []byte
		if err := r.Scan(&l.OutboundID, &l.Text, js(&buttons), &l.Document, &l.Status, ts(&l.At)); err != nil {
			return err
		}
		return decodeButtons(buttons, &l.Buttons)
	})
	if err != nil {
		return nil, db.d.fail("transcript: outbound", err)
	}
	lines := append(in, out...)
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
