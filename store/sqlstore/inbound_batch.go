package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"time"

	"loket"
)

// inboundColumns are the columns a recorded message is inserted with.
const inboundColumns = `channel, external_id, chat_id, sender_id, sender_name, lang_hint, kind,
	text, button, has_document, doc_file_id, doc_file_name, doc_mime_type, doc_size,
	phone, media_type, reply_to, received_at`

// inboundUnnest reads the 18 array parameters of inboundArrays as rows u
// with inboundColumns and their position (ord) (PostgreSQL).
const inboundUnnest = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
	$8::text[], $9::text[], $10::boolean[], $11::text[], $12::text[], $13::text[], $14::bigint[],
	$15::text[], $16::text[], $17::text[], $18::timestamptz[]) WITH ORDINALITY AS u(` + inboundColumns + `, ord)`

// insertInboundArrays records a batch in one statement (PostgreSQL):
// rows in input order, so ids grow in arrival order, each listed in the
// queue of unhandled messages, their chats locked (see chat_lock.go).
// The chats are locked first (see chat_lock.go): the WHERE's subquery runs
// once, before the first row.
const insertInboundArrays = `WITH l AS (` + lockChatsHead + `SELECT * FROM unnest($1::text[], $3::text[])` + lockChatsTail + `),
i AS (INSERT INTO inbound (` + inboundColumns + `)
SELECT ` + inboundColumns + ` FROM ` + inboundUnnest + `
WHERE (SELECT n FROM l) >= 0
ORDER BY ord
ON CONFLICT (channel, external_id) DO NOTHING
RETURNING id, channel, external_id, received_at),
q AS (INSERT INTO inbound_unhandled (id, received_at) SELECT id, received_at FROM i)
SELECT id, channel, external_id FROM i`

// recordInboundArrays is RecordInbound in one statement: atomic without a
// transaction around it, and one round trip for the whole batch.
func (db *Store) recordInboundArrays(ctx context.Context, msgs []loket.Inbound) ([]loket.Inbound, error) {
	args, at, err := inboundArrays(msgs)
	if err != nil {
		return nil, err
	}
	rs, err := db.w.Query(ctx, insertInboundArrays, args...)
	type rec struct {
		id     int64
		ch, ex string
	}
	recs, err := collect(rs, err, func(r Row, v *rec) error { return r.Scan(&v.id, &v.ch, &v.ex) })
	if err != nil {
		return nil, db.d.fail("record inbound", err)
	}
	ids := make(map[string]int64, len(recs))
	for _, r := range recs {
		ids[r.ch+"\x00"+r.ex] = r.id
	}
	fresh, _ := freshOf(msgs, at, ids)
	return fresh, nil
}

// inboundArrays writes msgs as the 18 array parameters of
// insertInboundArrays, with the received times they are recorded with.
func inboundArrays(msgs []loket.Inbound) ([]any, []time.Time, error) {
	n := len(msgs)
	text := make([][]string, 15) // the text columns, in insert order
	for i := range text {
		text[i] = make([]string, n)
	}
	hasDoc := make([]bool, n)
	size := make([]int64, n)
	at := make([]time.Time, n)
	for i, m := range msgs {
		d, received, err := inboundRow(m)
		if err != nil {
			return nil, nil, err
		}
		for c, v := range [...]string{string(m.Channel), m.ExternalID, m.ChatID, m.SenderID, m.SenderName,
			m.LangHint, string(m.Kind), m.Text, m.Button, d.FileID, d.FileName, d.MimeType,
			m.Phone, m.MediaType, m.ReplyTo} {
			text[c][i] = v
		}
		hasDoc[i], size[i], at[i] = m.Document != nil, d.Size, received
	}
	return []any{text[0], text[1], text[2], text[3], text[4], text[5], text[6],
		text[7], text[8], hasDoc, text[9], text[10], text[11], size, text[12], text[13], text[14], at}, at, nil
}

// inboundRow checks that m can be recorded and returns what its row
// holds beyond m's own fields: its document reference (zero without one)
// and the received time it is recorded with.
func inboundRow(m loket.Inbound) (loket.DocumentRef, time.Time, error) {
	var d loket.DocumentRef
	if !m.Channel.Valid() || m.ExternalID == "" {
		return d, time.Time{}, errInvalid("inbound message needs a channel and an external id")
	}
	if m.Document != nil {
		d = *m.Document
	}
	return d, orNow(m.ReceivedAt).UTC().Truncate(time.Millisecond), nil
}

// freshOf lists the messages of msgs an insert returned, in input order,
// with their IDs (ids, by channel and external id joined by a NUL; a
// message sent twice in one batch is fresh once) and received times (at,
// by position), and the position of each in msgs.
func freshOf(msgs []loket.Inbound, at []time.Time, ids map[string]int64) ([]loket.Inbound, []int) {
	fresh := make([]loket.Inbound, 0, len(ids))
	var from []int
	for i, m := range msgs {
		k := string(m.Channel) + "\x00" + m.ExternalID
		if n, ok := ids[k]; ok {
			delete(ids, k)
			m.ID, m.ReceivedAt = n, at[i]
			fresh = append(fresh, m)
			from = append(from, i)
		}
	}
	return fresh, from
}

// idList writes ids as a statement parameter starting at $first: one
// array parameter where the backend takes arrays (= ANY($n)), else a
// list of parameters (IN ($n, …)). It returns the condition for col and
// the arguments.
func (d Dialect) idList(col string, ids []int64, first int) (string, []any) {
	if d.Arrays {
		return col + " = ANY($" + strconv.Itoa(first) + "::bigint[])", []any{ids}
	}
	ids = padded(ids) // an id listed twice selects nothing more
	args := make([]any, len(ids))
	var in strings.Builder
	for i, id := range ids {
		if i > 0 {
			in.WriteByte(',')
		}
		args[i] = id
		in.WriteString("$" + strconv.Itoa(first+i))
	}
	return col + " IN (" + in.String() + ")", args
}
