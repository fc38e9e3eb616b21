package sqlstore

import (
	"cmp"
	"context"
	"slices"

	"loket"
)

// writeTurnsNow writes gathered turns where statements cannot be deferred
// (SQLite): one UPDATE for the conversations, one INSERT for the replies
// and one for their timeline entries, each in at most three pieces
// whatever their number (see values.go), instead of a statement per
// conversation, reply and entry. The statements run on the
// raw connection: they change only the conversations of these turns,
// opened already (see PreloadConversations).
func (tx *Tx) writeTurnsNow(ctx context.Context, b *turnBuf) error {
	for i, j := range pieces(len(b.contacts)) {
		if err := tx.saveContactsNow(ctx, b.contacts[i:j]); err != nil {
			return err
		}
	}
	for i, j := range pieces(len(b.convs)) {
		if err := tx.saveConvsNow(ctx, b.convs[i:j]); err != nil {
			return err
		}
	}
	for i, j := range pieces(len(b.outs)) {
		if err := tx.enqueueNow(ctx, b.outs[i:j], b.btns[i:j], b.actor); err != nil {
			return err
		}
	}
	return nil
}

// saveContactsNow updates contacts in one statement; one not there fails
// the lot with ErrNotFound, as SaveContact fails for one.
func (tx *Tx) saveContactsNow(ctx context.Context, cs []loket.Contact) error {
	args := make([]any, 0, 7*len(cs))
	for _, c := range cs {
		args = append(args, c.ID, c.Name, c.Phone, string(c.Lang), id(c.VendorID), c.Unreachable, tm(c.UpdatedAt))
	}
	n, err := tx.raw.Exec(ctx, `UPDATE contacts SET name = u.column2, phone = u.column3, lang = u.column4,
		vendor_id = u.column5, unreachable = u.column6, updated_at = u.column7 FROM (`+tx.d.values(len(cs), 7, "")+`) AS u
		WHERE contacts.id = u.column1`, args...)
	if err == nil && n != int64(len(cs)) {
		return notFound("update contact")
	}
	return tx.d.fail("update contacts", err)
}

// saveConvsNow saves conversations in one statement; one saved by
// someone else meanwhile (its version moved) fails the lot with
// ErrConflict, as SaveConversation fails for one.
func (tx *Tx) saveConvsNow(ctx context.Context, convs []turnConv) error {
	args := make([]any, 0, 4*len(convs))
	for _, c := range convs {
		var state any
		if c.state != nil {
			state = []byte(*c.state)
		}
		args = append(args, c.id, c.version, state, tm(c.at))
	}
	n, err := tx.raw.Exec(ctx, `UPDATE conversations SET state = u.column3, version = conversations.version + 1,
		updated_at = u.column4 FROM (`+tx.d.values(len(convs), 4, "")+`) AS u
		WHERE conversations.id = u.column1 AND conversations.version = u.column2`, args...)
	if err != nil {
		return tx.d.fail("save conversations", err)
	}
	if n != int64(len(convs)) {
		return tx.d.fail("save conversations", loket.Errorf(loket.EConflict, savedElsewhere))
	}
	return nil
}

// enqueueNow queues replies in one statement, in order (a chat's replies
// keep their order: ids grow with the rows), then their timeline entries
// as actor in one more. A pre-leased reply behind a queued one of its
// chat under another lease is queued as usual instead (see
// EnqueueOutbound).
func (tx *Tx) enqueueNow(ctx context.Context, outs []*loket.Outbound, btns []*string, actor loket.ActorType) error {
	args := make([]any, 0, 13*len(outs))
	for i, m := range outs {
		var doc loket.OutboundDocument
		if m.Document != nil {
			doc = *m.Document
		}
		var buttons any
		if btns[i] != nil {
			buttons = []byte(*btns[i])
		}
		args = append(args, string(m.Channel), m.ChatID, id(m.ConversationID), id(m.TicketID), m.Text, buttons,
			doc.SHA256, doc.FileName, m.Attempts, tm(m.NextAttemptAt), tm(m.CreatedAt), m.Kind, m.LeaseToken)
	}
	rs, err := tx.raw.Query(ctx, `INSERT INTO outbox (channel, chat_id, conversation_id, ticket_id, text, buttons,
		doc_sha256, doc_file_name, attempts, next_attempt_at, created_at, kind, lease_token, status)
		`+tx.d.values(len(outs), 13, "'queued'")+`
		RETURNING id, lease_token <> 0 AND `+queuedBefore("outbox"), args...)
	type row struct {
		id     int64
		behind bool
	}
	rows, err := collect(rs, err, func(r Row, v *row) error { return r.Scan(&v.id, bl(&v.behind)) })
	if err == nil && len(rows) != len(outs) {
		err = ErrNoRows
	}
	if err != nil {
		return tx.d.fail("enqueue outbound", err)
	}
	slices.SortFunc(rows, func(a, b row) int { return cmp.Compare(a.id, b.id) })
	var behind []int64
	var entries []any
	for i, r := range rows {
		m := outs[i]
		m.ID = r.id
		if r.behind {
			behind = append(behind, r.id)
			m.LeaseToken, m.Attempts, m.NextAttemptAt = 0, 0, m.CreatedAt
		}
		if m.TicketID != 0 {
			entries = append(entries, m.TicketID, string(loket.ActMessageOut), string(actor), m.Text, m.ID, tm(m.CreatedAt),
				jsonArg(loket.OutboundMeta(m.Kind)))
		}
	}
	if len(behind) > 0 {
		in, arg := tx.d.idSet("id", behind, 1)
		if _, err := tx.raw.Exec(ctx, `UPDATE outbox SET lease_token = 0, attempts = 0, next_attempt_at = created_at WHERE `+in, arg); err != nil {
			return tx.d.fail("enqueue outbound: queue behind its chat", err)
		}
	}
	if len(entries) == 0 {
		return nil
	}
	for i, j := range pieces(len(entries) / 7) {
		if _, err := tx.raw.Exec(ctx, `INSERT INTO activities (ticket_id, kind, actor, body, outbound_id, created_at, meta)
			`+tx.d.values(j-i, 7, ""), entries[7*i:7*j]...); err != nil {
			return tx.d.fail("add outbound activities", err)
		}
	}
	return nil
}
