package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"time"

	"loket"
)

// counted is a transaction's Querier: it counts the statements it runs
// that may change an opened conversation (see Tx.stmts) and queues the
// gathered turn writes before each (see turnBuf).
type counted struct {
	q  Querier
	tx *Tx
}

func (c counted) before(ctx context.Context, q string) error {
	if mayChangeOpened(q) {
		c.tx.stmts++
	}
	return c.tx.flushTurns(ctx)
}

// mayChangeOpened reports a statement that may change a conversation or
// a contact: one that may write (see reads) and names either table. No
// trigger, cascade or view of the schema writes them for a statement on
// another table, so a turn's ticket, document or timeline writes leave
// the batch's other preloaded conversations valid.
func mayChangeOpened(q string) bool {
	return !reads(q) && (strings.Contains(q, "conversations") || strings.Contains(q, "contacts"))
}

// reads reports a statement that only reads: a plain SELECT (Loket's
// SELECTs call no function that writes; a lock taken FOR UPDATE changes
// nothing). A WITH that reads counts as a write: it may hold one.
func reads(q string) bool {
	q = strings.TrimLeft(q, " \t\r\n")
	return len(q) >= 6 && strings.EqualFold(q[:6], "SELECT")
}

func (c counted) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	if err := c.before(ctx, q); err != nil {
		return 0, err
	}
	return c.q.Exec(ctx, q, args...)
}

func (c counted) Query(ctx context.Context, q string, args ...any) (Rows, error) {
	if err := c.before(ctx, q); err != nil {
		return nil, err
	}
	return c.q.Query(ctx, q, args...)
}

func (c counted) QueryRow(ctx context.Context, q string, args ...any) Row {
	if err := c.before(ctx, q); err != nil {
		return errRow{err}
	}
	return c.q.QueryRow(ctx, q, args...)
}

// errRow is a Row whose statement did not run: Scan returns err.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// preload holds conversations read and locked ahead by
// PreloadConversations.
type preload struct {
	at    int                       // tx.stmts after the preload (or after a write that kept it, see savedContact)
	convs map[loket.ChatKey]*opened // into the slices read: a turn takes its chat's without a copy
}

// PreloadConversations reads and locks the conversations (with their
// contacts) of the chats a batch of messages is about to open, in id
// order, and creates those not there yet with their contacts, as
// OpenConversation would (created at at): one statement for a batch of
// chats seen before, and for new ones two inserts and a read more (one
// round trip on PostgreSQL) instead of several per chat. OpenConversation
// then returns a chat's preloaded copy once, without a statement, as long
// as the transaction ran no statement since that may have changed a
// conversation or a contact (see mayChangeOpened: reads and writes to
// other tables do not count, nor do the engine's own pipelined writes,
// which only change conversations already opened, nor SaveContact, which
// drops the contact it saved): whatever wrote them in between may have
// changed the preloaded ones, so from then on it reads again.
func (tx *Tx) PreloadConversations(ctx context.Context, chats []loket.ChatKey, at time.Time) error {
	tx.pre = nil
	if len(chats) == 0 {
		return nil
	}
	got, err := tx.readOpened(ctx, chats)
	if err != nil {
		return err
	}
	return tx.keepOpened(ctx, chats, got, at)
}

// keepOpened creates the conversations of chats missing from got (read
// by readOpened) and keeps them all as the transaction's preload.
// got may hold chats beyond chats (ClaimBatch reads those of unclaimed
// messages too).
func (tx *Tx) keepOpened(ctx context.Context, chats []loket.ChatKey, got []opened, at time.Time) error {
	convs := make(map[loket.ChatKey]*opened, len(got))
	for i := range got {
		convs[got[i].conv.Chat()] = &got[i]
	}
	var missing []loket.ChatKey
	for _, k := range chats {
		// An invalid address is left to OpenConversation, which refuses it.
		if _, ok := convs[k]; !ok && k.Channel.Valid() && k.ChatID != "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		created, err := tx.createOpened(ctx, missing, orNow(at))
		if err != nil {
			return err
		}
		for i := range created {
			convs[created[i].conv.Chat()] = &created[i]
		}
	}
	tx.pre = &preload{at: tx.stmts, convs: convs}
	return nil
}

// readOpened reads and locks the existing conversations of chats with
// their contacts, in id order.
func (tx *Tx) readOpened(ctx context.Context, chats []loket.ChatKey) ([]opened, error) {
	keys, args := tx.d.chatKeys(chats, true)
	rs, err := tx.q.Query(ctx, `WITH k (channel, chat_id) AS (`+keys+`) SELECT `+openedCols+`
		WHERE (v.channel, v.chat_id) IN (SELECT channel, chat_id FROM k) ORDER BY v.id`+tx.d.ForUpdate, args...)
	got, err := collectTo(make([]opened, 0, len(chats)), rs, err, scanOpened)
	if err != nil {
		return nil, tx.d.fail("preload conversations", err)
	}
	return got, nil
}

// createOpened creates the conversations of chats that have none, with
// their contacts (kept when there), and reads them back locked. Chats
// another transaction created in between are read as they are: the
// inserts skip them. Where the backend takes arrays (PostgreSQL), chats
// with neither are created and returned by one statement first
// (createBoth), the rest as below.
func (tx *Tx) createOpened(ctx context.Context, chats []loket.ChatKey, at time.Time) ([]opened, error) {
	var both []opened
	if tx.d.Arrays {
		var err error
		if both, chats, err = tx.createBoth(ctx, chats, at); err != nil || len(chats) == 0 {
			return both, err
		}
	}
	keys, args := tx.d.chatKeys(chats, false)
	args = append(args, tm(at))
	atArg := "$" + strconv.Itoa(len(args))
	// In key order, so that two transactions creating the same chats wait
	// for each other rather than deadlock.
	if _, err := tx.q.Exec(ctx, `WITH k (channel, chat_id) AS (`+keys+`)
		INSERT INTO contacts (channel, chat_id, created_at, updated_at)
		SELECT channel, chat_id, `+atArg+`, `+atArg+` FROM k WHERE true ORDER BY channel, chat_id
		ON CONFLICT (channel, chat_id) DO NOTHING`, args...); err != nil {
		return nil, tx.d.fail("create contacts", err)
	}
	if _, err := tx.q.Exec(ctx, `WITH k (channel, chat_id) AS (`+keys+`)
		INSERT INTO conversations (contact_id, channel, chat_id, version, created_at, updated_at)
		SELECT c.id, c.channel, c.chat_id, 0, `+atArg+`, `+atArg+` FROM contacts c
		WHERE (c.channel, c.chat_id) IN (SELECT channel, chat_id FROM k) ORDER BY c.channel, c.chat_id
		ON CONFLICT (channel, chat_id) DO NOTHING`, args...); err != nil {
		return nil, tx.d.fail("create conversations", err)
	}
	got, err := tx.readOpened(ctx, chats)
	return append(both, got...), err
}

// createBoth creates the contact and the conversation of each chat that
// has no contact yet, in one statement, and returns them (rows this
// transaction inserted: no other sees them before the commit, nor can
// insert the same chat's meanwhile) and the chats it did not create,
// whose contact another transaction created.
func (tx *Tx) createBoth(ctx context.Context, chats []loket.ChatKey, at time.Time) ([]opened, []loket.ChatKey, error) {
	keys, args := tx.d.chatKeys(chats, false)
	args = append(args, tm(at))
	// In key order, contacts first, as the statements of createOpened.
	rs, err := tx.q.Query(ctx, `WITH k (channel, chat_id) AS (`+keys+`),
		c AS (INSERT INTO contacts (channel, chat_id, created_at, updated_at)
			SELECT channel, chat_id, $3, $3 FROM k ORDER BY channel, chat_id
			ON CONFLICT (channel, chat_id) DO NOTHING
			RETURNING id, channel, chat_id, name, phone, lang, vendor_id, unreachable, created_at, updated_at),
		v AS (INSERT INTO conversations (contact_id, channel, chat_id, version, created_at, updated_at)
			SELECT id, channel, chat_id, 0, $3, $3 FROM c ORDER BY channel, chat_id
			ON CONFLICT (channel, chat_id) DO NOTHING
			RETURNING id, contact_id, channel, chat_id, state, version, created_at, updated_at)
		SELECT v.id, v.contact_id, v.channel, v.chat_id, v.state, v.version, v.created_at, v.updated_at,
			c.id, c.channel, c.chat_id, c.name, c.phone, c.lang, c.vendor_id, c.unreachable, c.created_at, c.updated_at
		FROM v JOIN c ON c.id = v.contact_id ORDER BY v.id`, args...)
	got, err := collectTo(make([]opened, 0, len(chats)), rs, err, scanOpened)
	if err != nil {
		return nil, nil, tx.d.fail("create conversations", err)
	}
	if len(got) == len(chats) {
		return got, nil, nil
	}
	made := make(map[loket.ChatKey]bool, len(got))
	for i := range got {
		made[got[i].conv.Chat()] = true
	}
	var rest []loket.ChatKey
	for _, k := range chats {
		if !made[k] {
			rest = append(rest, k)
		}
	}
	return got, rest, nil
}

// chatKeys writes chats as the body of a common table expression with
// the columns (channel, chat_id), with its arguments from $1: two array
// parameters where the backend takes arrays, else a list of VALUES. alone
// says the statement has no other parameter (see Dialect.Anonymous).
func (d Dialect) chatKeys(chats []loket.ChatKey, alone bool) (string, []any) {
	if d.Arrays {
		chs, ids := make([]string, len(chats)), make([]string, len(chats))
		for i, k := range chats {
			chs[i], ids[i] = string(k.Channel), k.ChatID
		}
		return `SELECT * FROM unnest($1::text[], $2::text[])`, []any{chs, ids}
	}
	chats = padded(chats) // a key listed twice selects nothing more
	args := make([]any, 0, 2*len(chats))
	for _, k := range chats {
		args = append(args, string(k.Channel), k.ChatID)
	}
	if !alone {
		d.Anonymous = false
	}
	return d.values(len(chats), 2, ""), args
}

// OpenConversationAhead asks, where the backend pipelines (PostgreSQL,
// outside a savepoint), for a chat's conversation, locked, and its
// contact to travel with the transaction's next statement: a job that
// reads something else first (a ticket) then opens the chat without a
// round trip of its own, as after PreloadConversations. The lock is
// taken before the statement it travels with runs, so that statement
// sees what the chat's last turn committed. Elsewhere, for a chat not
// there yet, or when the statement it travels with may change it, it
// leaves OpenConversation to read as usual.
func (tx *Tx) OpenConversationAhead(ctx context.Context, ch loket.Channel, chatID string) error {
	d, ok := tx.raw.(Deferrer)
	if !ok || tx.depth > 0 || !ch.Valid() || chatID == "" {
		return nil
	}
	if err := tx.flushTurns(ctx); err != nil { // in the order they were written
		return err
	}
	tx.deferConfigStamp(d) // the flows read it with the conversation
	at := tx.stmts
	d.Defer(Deferred{
		Query: `SELECT ` + openedCols + ` WHERE v.channel = $1 AND v.chat_id = $2` + tx.d.ForUpdate,
		Args:  []any{string(ch), chatID},
		Done: func(rs Rows) error {
			got, err := collect(rs, nil, scanOpened)
			if err != nil {
				return tx.d.fail("open conversation", err)
			}
			if len(got) != 1 || tx.stmts != at {
				return nil
			}
			if tx.pre == nil || tx.pre.at != at {
				tx.pre = &preload{at: at, convs: make(map[loket.ChatKey]*opened, 1)}
			}
			tx.pre.convs[got[0].conv.Chat()] = &got[0]
			return nil
		}})
	return nil
}

// savedContact keeps the preload valid after SaveContact, which ran ran
// statements (0 when the update was gathered, see SaveContact), the only
// ones since it was valid: they changed the contact c alone, whose
// preloaded chat, if any, is dropped (opened again, it is read).
func (tx *Tx) savedContact(c *loket.Contact, ran int) {
	if tx.pre == nil || tx.stmts != tx.pre.at+ran {
		return
	}
	for k, p := range tx.pre.convs {
		if p.contact.ID == c.ID {
			delete(tx.pre.convs, k)
		}
	}
	tx.pre.at = tx.stmts
}

// takePreloaded returns a chat's preloaded conversation once, while no
// statement that may have written ran since the preload.
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
