package sqlstore

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"loket"
)

// markSentArrays applies a batch of sent marks in one statement
// (PostgreSQL: one array per column). The rows are locked in id order
// first, as RenewOutbound locks them, so a batch and the heartbeat's
// renewal of the same messages cannot deadlock. Its commit does not wait
// for the log's flush (noFlushItem).
func (d Dialect) markSentArrays() string {
	return `WITH m AS (SELECT u.* FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[]) AS u(id, token, ext, at)` +
		d.noFlushJoin() + `),
	l AS MATERIALIZED (SELECT o.id FROM outbox o JOIN m ON o.id = m.id AND o.lease_token = m.token
		WHERE o.status IN ('queued', 'sent') ORDER BY o.id FOR UPDATE OF o)
	UPDATE outbox o SET status = 'sent', external_id = m.ext, sent_at = m.at, last_error = ''
	FROM m WHERE o.id = m.id AND o.id IN (SELECT id FROM l) AND o.lease_token = m.token AND o.status IN ('queued', 'sent')
	RETURNING o.id`
}

// markSentJSON is markSentArrays for SQLite: the batch is one JSON array
// of [id, token, external id, sent at in unix milliseconds].
const markSentJSON = `UPDATE outbox SET status = 'sent', external_id = m.ext, sent_at = m.at, last_error = ''
	FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS token,
		json_extract(value, '$[2]') AS ext, json_extract(value, '$[3]') AS at FROM json_each($1)) AS m
	WHERE outbox.id = m.id AND outbox.lease_token = m.token AND outbox.status IN ('queued', 'sent')
	RETURNING outbox.id`

// OutboundSentBatch applies OutboundSent's rule to a batch of marks in
// one statement: each mark lands only while its token still holds the
// message's lease (or the message was already marked sent under it), and
// the ids of the marks that landed are returned. A mark left out was
// not applied: its lease was taken over, or the message is gone.
func (db *Store) OutboundSentBatch(ctx context.Context, marks []loket.SentMark) ([]int64, error) {
	if len(marks) == 0 {
		return nil, nil
	}
	var rs Rows
	var err error
	if db.d.Arrays {
		ids, tokens, exts := make([]int64, len(marks)), make([]int64, len(marks)), make([]string, len(marks))
		at := make([]time.Time, len(marks))
		for i, m := range marks {
			ids[i], tokens[i], exts[i], at[i] = m.ID, m.Token, m.ExternalID, orNow(m.At).UTC()
		}
		rs, err = db.w.Query(ctx, db.d.markSentArrays(), ids, tokens, exts, at)
	} else {
		rs, err = db.w.Query(ctx, markSentJSON, sentMarksJSON(marks))
	}
	done, err := collect(rs, err, func(r Row, id *int64) error { return r.Scan(id) })
	return done, db.d.fail("outbound sent", err)
}

// sentMarksJSON writes marks as markSentJSON reads them.
func sentMarksJSON(marks []loket.SentMark) string {
	return jsonRows(len(marks), 64, func(b []byte, i int) []byte {
		m := &marks[i]
		b = strconv.AppendInt(b, m.ID, 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, m.Token, 10)
		b = append(b, ',')
		ext, _ := json.Marshal(m.ExternalID) // a string always encodes
		b = append(b, ext...)
		b = append(b, ',')
		return strconv.AppendInt(b, orNow(m.At).UnixMilli(), 10)
	})
}
