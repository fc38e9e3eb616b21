package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"loket"
)

// counted is a transaction's Querier: it counts the statements it runs
// and queues the gathered turn writes before each (see turnBuf).
type counted struct {
	q  Querier
	tx *Tx
}

func (c counted) before() {
	c.tx.stmts++
	c.tx.flushTurns()
}

func (c counted) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	c.before()
	return c.q.Exec(ctx, q, args...)
}

func (c counted) Query(ctx context.Context, q string, args ...any) (Rows, error) {
	c.before()
	return c.q.Query(ctx, q, args...)
}

func (c counted) QueryRow(ctx context.Context, q string, args ...any) Row {
	c.before()
	return c.q.QueryRow(ctx, q, args...)
}

// preload holds conversations read and locked ahead by
// PreloadConversations.
type preload struct {
	at    int // tx.stmts after the preload
	convs map[loket.ChatKey]opened
}

// PreloadConversations reads and locks, in one statement, the existing
// conversations (with their contacts) of the chats a batch of messages
// is about to open, in id order. OpenConversation then returns a chat's
// preloaded copy once, without a statement, as long as the transaction
// ran no other statement since (the engine's own pipelined writes do not
// count: they only change conversations already opened): whatever ran
// in between may have changed them, so from then on it reads again.
func (tx *Tx) PreloadConversations(ctx context.Context, chats []loket.ChatKey) error {
	tx.pre = nil
	if len(chats) == 0 {
		return nil
	}
	var where string
	var args []any
	if tx.d.Arrays {
		chs, ids := make([]string, len(chats)), make([]string, len(chats))
		for i, k := range chats {
			chs[i], ids[i] = string(k.Channel), k.ChatID
		}
		where = `(v.channel, v.chat_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`
		args = []any{chs, ids}
	} else {
		var b strings.Builder
		for i, k := range chats {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("($" + strconv.Itoa(2*i+1) + ", $" + strconv.Itoa(2*i+2) + ")")
			args = append(args, string(k.Channel), k.ChatID)
		}
		where = `(v.channel, v.chat_id) IN (VALUES ` + b.String() + `)`
	}
	rs, err := tx.q.Query(ctx, `SELECT `+openedCols+`
		WHERE `+where+` ORDER BY v.id`+tx.d.ForUpdate, args...)
	got, err := collect(rs, err, scanOpened)
	if err != nil {
		return tx.d.fail("preload conversations", err)
	}
	tx.pre = &preload{at: tx.stmts, convs: make(map[loket.ChatKey]opened, len(got))}
	for _, o := range got {
		tx.pre.convs[loket.ChatKey{Channel: o.conv.Channel, ChatID: o.conv.ChatID}] = o
	}
	return nil
}

// takePreloaded returns a chat's preloaded conversation once, while no other
// statement ran since the preload.
func (tx *Tx) takePreloaded(ch loket.Channel, chatID string) (*loket.Conversation, *loket.Contact, bool) {
	if tx.pre == nil {
		return nil, nil, false
	}
	if tx.stmts != tx.pre.at {
		tx.pre = nil
		return nil, nil, false
	}
	k := loket.ChatKey{Channel: ch, ChatID: chatID}
	p, ok := tx.pre.convs[k]
	if !ok {
		return nil, nil, false
	}
	delete(tx.pre.convs, k)
	return &p.conv, &p.contact, true
}
