package sqlstore

import (
	"context"
	"time"

	"loket"
)

// recordClaimedArrays is RecordInbound's statement with the claim folded
// in (PostgreSQL): the new messages whose chat has nothing unhandled are
// inserted handled; the others are queued as RecordInbound queues them.
// A message is handled at $19, or at its chat's newest message's handled
// time when that is later (see handledAt), and left unhandled when that
// newest one is: a chat's handled messages are always its oldest ones
// (see prevHandled), so the newest, one step back in inbound_chat_idx,
// tells.
const recordClaimedArrays = `WITH i AS (INSERT INTO inbound (` + inboundColumns + `, handled_at)
SELECT ` + inboundColumns + `,
	CASE WHEN p.id IS NULL THEN $19::timestamptz WHEN p.handled_at IS NOT NULL THEN GREATEST($19::timestamptz, p.handled_at) END
FROM ` + inboundUnnest + `
LEFT JOIN LATERAL (SELECT o.id, o.handled_at FROM inbound o WHERE o.channel = u.channel AND o.chat_id = u.chat_id
	ORDER BY o.id DESC LIMIT 1) p ON true
ORDER BY u.ord
ON CONFLICT (channel, external_id) DO NOTHING
RETURNING id, channel, external_id, received_at, handled_at IS NOT NULL AS claimed),
q AS (INSERT INTO inbound_unhandled (id, received_at) SELECT id, received_at FROM i WHERE NOT claimed)
SELECT id, channel, external_id, claimed FROM i`

// RecordClaimed records messages as RecordInbound does, inside the
// transaction, and claims at once, as handled at at, those whose chat has
// no unhandled message before them (the caller handles them in this
// transaction; should it fail, the whole transaction must be undone). It
// returns the new messages in input order and the IDs of those claimed,
// and preloads the conversations of the chats of the claimed ones
// (PreloadConversations). On PostgreSQL, outside a savepoint, the insert
// travels with the read of the conversations, in one round trip; that
// read then also locks the conversations of chats with nothing claimed,
// until the transaction ends (as ClaimBatch's does). The chats of msgs
// stay locked against other recordings until then (see chat_lock.go).
func (tx *Tx) RecordClaimed(ctx context.Context, msgs []loket.Inbound, at time.Time) ([]loket.Inbound, map[int64]bool, error) {
	at = orNow(at)
	if !tx.d.Arrays {
		return tx.recordClaimedRows(ctx, msgs, at)
	}
	args, times, err := inboundArrays(msgs)
	if err != nil {
		return nil, nil, err
	}
	args = append(args, tm(at))
	var fresh []loket.Inbound
	claimed := map[int64]bool{}
	read := func(rs Rows, err error) error {
		type rec struct {
			id      int64
			ch, ex  string
			claimed bool
		}
		recs, err := collect(rs, err, func(r Row, v *rec) error { return r.Scan(&v.id, &v.ch, &v.ex, bl(&v.claimed)) })
		if err != nil {
			return tx.d.fail("record inbound", err)
		}
		ids := make(map[string]int64, len(recs))
		for _, r := range recs {
			ids[r.ch+"\x00"+r.ex] = r.id
			if r.claimed {
				claimed[r.id] = true
			}
		}
		fresh, _ = freshOf(msgs, times, ids)
		return nil
	}
	// The chats are locked first, in a statement of their own: the insert,
	// which reads each chat's newest message, must start after the wait.
	keys, keyArgs := tx.d.chatKeys(chatsOf(msgs, nil), true)
	lock := lockChatsOf(keys)
	d, ok := tx.raw.(Deferrer)
	if !ok || tx.depth > 0 {
		if _, err := tx.q.Exec(ctx, lock, keyArgs...); err != nil {
			return nil, nil, tx.d.fail("lock the chats", err)
		}
		rs, err := tx.q.Query(ctx, recordClaimedArrays, args...)
		if err := read(rs, err); err != nil {
			return nil, nil, err
		}
		return fresh, claimed, tx.PreloadConversations(ctx, chatsOf(fresh, claimed), at)
	}
	tx.pre = nil
	if err := tx.flushTurns(ctx); err != nil { // the insert goes after what the transaction wrote before
		return nil, nil, err
	}
	d.Defer(Deferred{Query: lock, Args: keyArgs, Done: func(Rows) error { return nil }})
	d.Defer(Deferred{Query: recordClaimedArrays, Args: args, Done: func(rs Rows) error { return read(rs, nil) }})
	tx.deferConfigStamp(d)
	got, err := tx.readOpened(ctx, chatsOf(msgs, nil))
	if err != nil {
		return nil, nil, err
	}
	return fresh, claimed, tx.keepOpened(ctx, chatsOf(fresh, claimed), got, at)
}

// recordClaimedRows is RecordClaimed where the backend takes no arrays
// (SQLite, one writer): the newest message of each chat of the batch is
// read first, in one statement; each message is then inserted handled or
// not as its chat's newest message is at its turn (the batch's earlier
// ones included), then the queue rows of those not claimed and the
// preload. A redelivered message, not inserted, was decided as its chat's
// newest at the time, which an earlier recording of it was.
func (tx *Tx) recordClaimedRows(ctx context.Context, msgs []loket.Inbound, at time.Time) ([]loket.Inbound, map[int64]bool, error) {
	newest, err := tx.newestOfChats(ctx, chatsOf(msgs, nil))
	if err != nil {
		return nil, nil, err
	}
	handled := make([]*time.Time, len(msgs)) // nil: left unhandled
	for i, m := range msgs {
		k := m.Chat()
		switch prev, seen := newest[k]; {
		case !seen:
			handled[i] = &at
		case prev != nil:
			h := at
			if prev.After(h) {
				h = *prev
			}
			handled[i] = &h
		}
		newest[k] = handled[i]
	}
	fresh, from, err := tx.insertInbound(ctx, msgs, handled)
	if err != nil {
		return nil, nil, err
	}
	var queued []int64
	claimed := map[int64]bool{}
	for i, m := range fresh {
		if handled[from[i]] != nil {
			claimed[m.ID] = true
		} else {
			queued = append(queued, m.ID)
		}
	}
	if len(queued) > 0 {
		if err := tx.queueInbound(ctx, queued); err != nil {
			return nil, nil, err
		}
	}
	return fresh, claimed, tx.PreloadConversations(ctx, chatsOf(fresh, claimed), at)
}

// insertInbound inserts msgs (in pieces, see values.go), the i-th
// handled at handled[i] (nil, or no handled: unhandled), and returns the
// new ones in input order, with ID and ReceivedAt set, and the position
// in msgs of each. A message recorded before, or twice in msgs, is new
// once at most.
func (tx *Tx) insertInbound(ctx context.Context, msgs []loket.Inbound, handled []*time.Time) ([]loket.Inbound, []int, error) {
	received := make([]time.Time, len(msgs))
	args := make([]any, 0, 19*rungBelow(max(len(msgs), 1)))
	ids := make(map[string]int64, len(msgs))
	for from, to := range pieces(len(msgs)) {
		for i := from; i < to; i++ {
			m := msgs[i]
			d, at, err := inboundRow(m)
			if err != nil {
				return nil, nil, err
			}
			received[i] = at
			var when any
			if handled != nil && handled[i] != nil {
				when = tm(*handled[i])
			}
			args = append(args, string(m.Channel), m.ExternalID, m.ChatID, m.SenderID, m.SenderName, m.LangHint,
				string(m.Kind), m.Text, m.Button, m.Document != nil, d.FileID, d.FileName, d.MimeType, d.Size,
				m.Phone, m.MediaType, m.ReplyTo, tm(received[i]), when)
		}
		rs, err := tx.q.Query(ctx, `INSERT INTO inbound (`+inboundColumns+`, handled_at)
			`+tx.d.values(len(args)/19, 19, "")+`
			ON CONFLICT (channel, external_id) DO NOTHING
			RETURNING id, channel, external_id`, args...)
		type rec struct {
			id     int64
			ch, ex string
		}
		recs, err := collect(rs, err, func(r Row, v *rec) error { return r.Scan(&v.id, &v.ch, &v.ex) })
		if err != nil {
			return nil, nil, tx.d.fail("record inbound", err)
		}
		for _, r := range recs {
			ids[r.ch+"\x00"+r.ex] = r.id
		}
		args = args[:0]
	}
	fresh, from := freshOf(msgs, received, ids)
	return fresh, from, nil
}

// newestOfChats reads the newest recorded message of each chat: its
// handled time, nil while unhandled; a chat with none is not in the map.
func (tx *Tx) newestOfChats(ctx context.Context, chats []loket.ChatKey) (map[loket.ChatKey]*time.Time, error) {
	keys, args := tx.d.chatKeys(chats, true)
	rs, err := tx.q.Query(ctx, `WITH k (channel, chat_id) AS (`+keys+`)
		SELECT o.channel, o.chat_id, o.handled_at FROM k JOIN inbound o ON o.id = (SELECT max(n.id) FROM inbound n
			WHERE n.channel = k.channel AND n.chat_id = k.chat_id)`, args...)
	type row struct {
		k loket.ChatKey
		h *time.Time
	}
	got, err := collect(rs, err, func(r Row, v *row) error {
		var at time.Time
		if err := r.Scan(&v.k.Channel, &v.k.ChatID, ts(&at)); err != nil {
			return err
		}
		if !at.IsZero() {
			v.h = &at
		}
		return nil
	})
	if err != nil {
		return nil, tx.d.fail("read the chats' newest messages", err)
	}
	newest := make(map[loket.ChatKey]*time.Time, len(got))
	for _, r := range got {
		newest[r.k] = r.h
	}
	return newest, nil
}
