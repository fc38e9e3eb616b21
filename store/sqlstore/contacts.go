package sqlstore

import (
	"context"
	"errors"
	"time"

	"loket"
)

const contactCols = `id, channel, chat_id, name, phone, lang, vendor_id, unreachable, created_at, updated_at`

func scanContact(r Row, c *loket.Contact) error {
	return r.Scan(&c.ID, &c.Channel, &c.ChatID, &c.Name, &c.Phone, &c.Lang, nid(&c.VendorID),
		bl(&c.Unreachable), ts(&c.CreatedAt), ts(&c.UpdatedAt))
}

func (tx *Tx) contact(ctx context.Context, what, where string, args ...any) (*loket.Contact, error) {
	var c loket.Contact
	err := scanContact(tx.q.QueryRow(ctx, `SELECT `+contactCols+` FROM contacts WHERE `+where, args...), &c)
	if err != nil {
		return nil, tx.d.fail(what, err)
	}
	return &c, nil
}

// ContactByID returns a contact.
func (tx *Tx) ContactByID(ctx context.Context, id int64) (*loket.Contact, error) {
	return tx.contact(ctx, "contact", `id = $1`, id)
}

// ContactByAddress returns the contact of a chat.
func (tx *Tx) ContactByAddress(ctx context.Context, ch loket.Channel, chatID string) (*loket.Contact, error) {
	return tx.contact(ctx, "contact", `channel = $1 AND chat_id = $2`, string(ch), chatID)
}

// SaveContact inserts a contact when ID is 0, else updates it. The update
// of a contact this transaction opened with its conversation
// (OpenConversation: the row is there and locked) is gathered with the
// turns' writes (see turnBuf) instead of running now: on PostgreSQL it
// then costs no round trip of its own, and the turns after it are still
// written together.
func (tx *Tx) SaveContact(ctx context.Context, c *loket.Contact) error {
	if c.ID != 0 && tx.depth == 0 && tx.opened[c.ID] {
		c.UpdatedAt = orNow(c.UpdatedAt)
		tx.gatherContact(c)
		tx.savedContact(c, 0)
		return nil
	}
	if c.ID == 0 {
		c.CreatedAt = orNow(c.CreatedAt)
		if c.UpdatedAt.IsZero() {
			c.UpdatedAt = c.CreatedAt
		}
		err := tx.q.QueryRow(ctx, `INSERT INTO contacts (channel, chat_id, name, phone, lang, vendor_id, unreachable, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			string(c.Channel), c.ChatID, c.Name, c.Phone, string(c.Lang), id(c.VendorID), c.Unreachable,
			tm(c.CreatedAt), tm(c.UpdatedAt)).Scan(&c.ID)
		return tx.d.fail("insert contact", err)
	}
	c.UpdatedAt = orNow(c.UpdatedAt)
	n, err := tx.q.Exec(ctx, `UPDATE contacts SET name = $2, phone = $3, lang = $4, vendor_id = $5,
		unreachable = $6, updated_at = $7 WHERE id = $1`,
		c.ID, c.Name, c.Phone, string(c.Lang), id(c.VendorID), c.Unreachable, tm(c.UpdatedAt))
	if err == nil {
		tx.savedContact(c, 1)
	}
	return tx.d.mustAffect("update contact", n, err)
}

const conversationCols = `id, contact_id, channel, chat_id, state, version, created_at, updated_at`

func scanConversation(r Row, c *loket.Conversation) error {
	return r.Scan(&c.ID, &c.ContactID, &c.Channel, &c.ChatID, js(&c.State), &c.Version, ts(&c.CreatedAt), ts(&c.UpdatedAt))
}

// ConversationForUpdate returns the conversation of a chat, creating it
// and its contact when missing, and locks it until the transaction ends.
// Creation is race-safe: insert … on conflict do nothing, then select.
func (tx *Tx) ConversationForUpdate(ctx context.Context, ch loket.Channel, chatID string, at time.Time) (*loket.Conversation, error) {
	if !ch.Valid() || chatID == "" {
		return nil, errInvalid("conversation needs a channel and a chat id")
	}
	at = orNow(at)
	var c loket.Conversation
	sel := `SELECT ` + conversationCols + ` FROM conversations WHERE channel = $1 AND chat_id = $2` + tx.d.ForUpdate
	err := scanConversation(tx.q.QueryRow(ctx, sel, string(ch), chatID), &c)
	if err == nil {
		return &c, nil
	}
	if !errors.Is(err, ErrNoRows) {
		return nil, tx.d.fail("conversation for update", err)
	}
	if err := tx.createConversation(ctx, ch, chatID, at); err != nil {
		return nil, err
	}
	if err := scanConversation(tx.q.QueryRow(ctx, sel, string(ch), chatID), &c); err != nil {
		return nil, tx.d.fail("conversation for update", err)
	}
	return &c, nil
}

// createConversation creates a chat's contact and conversation where
// missing (race-safe: insert … on conflict do nothing); the caller reads
// them after.
func (tx *Tx) createConversation(ctx context.Context, ch loket.Channel, chatID string, at time.Time) error {
	if _, err := tx.q.Exec(ctx, `INSERT INTO contacts (channel, chat_id, created_at, updated_at)
		VALUES ($1, $2, $3, $3) ON CONFLICT (channel, chat_id) DO NOTHING`, string(ch), chatID, tm(at)); err != nil {
		return tx.d.fail("create contact", err)
	}
	if _, err := tx.q.Exec(ctx, `INSERT INTO conversations (contact_id, channel, chat_id, version, created_at, updated_at)
		SELECT id, channel, chat_id, 0, $3, $3 FROM contacts WHERE channel = $1 AND chat_id = $2
		ON CONFLICT (channel, chat_id) DO NOTHING`, string(ch), chatID, tm(at)); err != nil {
		return tx.d.fail("create conversation", err)
	}
	return nil
}

// SaveConversation stores the state and increments Version. It fails with
// ErrConflict when the stored version is not c.Version (someone saved in
// between), and ErrNotFound when the conversation is gone.
func (tx *Tx) SaveConversation(ctx context.Context, c *loket.Conversation) error {
	var v int64
	var upd time.Time
	err := tx.q.QueryRow(ctx, `UPDATE conversations SET state = $3, version = version + 1,
		updated_at = COALESCE($4, updated_at) WHERE id = $1 AND version = $2 RETURNING version, updated_at`,
		c.ID, c.Version, jsonArg(c.State), tm(c.UpdatedAt)).Scan(&v, ts(&upd))
	if errors.Is(err, ErrNoRows) {
		var one int
		if err := tx.q.QueryRow(ctx, `SELECT 1 FROM conversations WHERE id = $1`, c.ID).Scan(&one); err != nil {
			return tx.d.fail("save conversation", err)
		}
		return loket.Errorf(loket.EConflict, "conversation %d was saved by someone else", c.ID)
	}
	if err != nil {
		return tx.d.fail("save conversation", err)
	}
	c.Version, c.UpdatedAt = v, upd
	return nil
}

// openedCols selects a conversation with its contact (FROM included; the
// caller adds WHERE), as OpenConversation and PreloadConversations read
// them.
const openedCols = `v.id, v.contact_id, v.channel, v.chat_id, v.state, v.version, v.created_at, v.updated_at,
		c.id, c.channel, c.chat_id, c.name, c.phone, c.lang, c.vendor_id, c.unreachable, c.created_at, c.updated_at
		FROM conversations v JOIN contacts c ON c.id = v.contact_id`

// open notes a contact read locked with its conversation (see
// SaveContact).
func (tx *Tx) open(contactID int64) {
	if tx.opened == nil {
		tx.opened = map[int64]bool{}
	}
	tx.opened[contactID] = true
}

// opened is a conversation with its contact.
type opened struct {
	conv    loket.Conversation
	contact loket.Contact
}

func scanOpened(r Row, o *opened) error {
	v, c := &o.conv, &o.contact
	return r.Scan(&v.ID, &v.ContactID, &v.Channel, &v.ChatID, js(&v.State), &v.Version, ts(&v.CreatedAt), ts(&v.UpdatedAt),
		&c.ID, &c.Channel, &c.ChatID, &c.Name, &c.Phone, &c.Lang, nid(&c.VendorID), bl(&c.Unreachable), ts(&c.CreatedAt), ts(&c.UpdatedAt))
}

// OpenConversation is ConversationForUpdate and ContactByID in one round
// trip for the common case of a chat seen before (the engine's hot path).
func (tx *Tx) OpenConversation(ctx context.Context, ch loket.Channel, chatID string, at time.Time) (*loket.Conversation, *loket.Contact, error) {
	if v, c, ok := tx.takePreloaded(ch, chatID); ok {
		tx.open(c.ID)
		return v, c, nil
	}
	if !ch.Valid() || chatID == "" {
		return nil, nil, errInvalid("conversation needs a channel and a chat id")
	}
	if d, ok := tx.raw.(Deferrer); ok {
		// Whoever opens a conversation runs its flows, which read the
		// configuration stamp: it travels with this read (a job's
		// transaction spent a round trip on it).
		tx.deferConfigStamp(d)
	}
	sel := `SELECT ` + openedCols + ` WHERE v.channel = $1 AND v.chat_id = $2` + tx.d.ForUpdate
	var o opened
	err := scanOpened(tx.q.QueryRow(ctx, sel, string(ch), chatID), &o)
	if err == nil {
		tx.open(o.contact.ID)
		return &o.conv, &o.contact, nil
	}
	if !errors.Is(err, ErrNoRows) {
		return nil, nil, tx.d.fail("open conversation", err)
	}
	// A new chat: create both and read them back in one statement.
	if err := tx.createConversation(ctx, ch, chatID, orNow(at)); err != nil {
		return nil, nil, err
	}
	if err := scanOpened(tx.q.QueryRow(ctx, sel, string(ch), chatID), &o); err != nil {
		return nil, nil, tx.d.fail("open conversation", err)
	}
	tx.open(o.contact.ID)
	return &o.conv, &o.contact, nil
}
