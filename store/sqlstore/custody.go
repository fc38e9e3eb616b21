package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"loket"
)

// A vendor's request for their data: what an export reads and
// an erasure replaces, beyond the per-ticket reads the store already has.

// VendorContacts lists the contacts linked to a vendor, by id.
func (tx *Tx) VendorContacts(ctx context.Context, vendorID int64) ([]loket.Contact, error) {
	rs, err := tx.q.Query(ctx, `SELECT `+contactCols+` FROM contacts WHERE vendor_id = $1 ORDER BY id`, vendorID)
	out, err := collect(rs, err, scanContact)
	return out, tx.d.fail("vendor contacts", err)
}

// SubjectTickets lists the tickets of a vendor (0: none) or opened by any
// of contactIDs, by id.
func (tx *Tx) SubjectTickets(ctx context.Context, vendorID int64, contactIDs []int64) ([]loket.Ticket, error) {
	where, args := []string{"t.vendor_id = $1"}, []any{vendorID}
	if len(contactIDs) > 0 {
		ph := make([]string, len(contactIDs))
		for i, id := range contactIDs {
			args = append(args, id)
			ph[i] = "$" + strconv.Itoa(len(args))
		}
		where = append(where, "t.contact_id IN ("+strings.Join(ph, ", ")+")")
	}
	rs, err := tx.q.Query(ctx, `SELECT `+ticketCols+` FROM tickets t WHERE `+strings.Join(where, " OR ")+` ORDER BY t.id`, args...)
	out, err := collect(rs, err, scanTicket)
	return out, tx.d.fail("subject tickets", err)
}

// ChatMessages lists every inbound and outbound message of a chat, oldest
// first (texts, document names, delivery state; no buttons).
func (tx *Tx) ChatMessages(ctx context.Context, ch loket.Channel, chatID string) ([]loket.ChatLine, error) {
	rs, err := tx.q.Query(ctx, `SELECT id, 0, text, doc_file_name, '', received_at FROM inbound WHERE channel = $1 AND chat_id = $2
		UNION ALL SELECT 0, id, text, doc_file_name, status, created_at FROM outbox WHERE channel = $1 AND chat_id = $2
		ORDER BY 6, 1, 2`, string(ch), chatID)
	out, err := collect(rs, err, func(r Row, l *loket.ChatLine) error {
		return r.Scan(&l.InboundID, &l.OutboundID, &l.Text, &l.Document, &l.Status, ts(&l.At))
	})
	return out, tx.d.fail("chat messages", err)
}

// EraseVendor replaces a vendor's identifying fields; the row stays (the
// tickets keep pointing at it) marked erased.
func (tx *Tx) EraseVendor(ctx context.Context, vendorID int64, at time.Time) error {
	n, err := tx.q.Exec(ctx, `UPDATE vendors SET name = '', npwp = '', spse_user_id = '', director_name = '', phone = '',
		erased_at = $2, updated_at = $2 WHERE id = $1`, vendorID, tm(at))
	return tx.d.mustAffect("erase vendor", n, err)
}

// EraseContact replaces a contact's address and names, deletes its
// conversation and its queued messages, and clears its chat's messages
// (their rows, times and kinds stay; inbound external ids, which embed
// chat addresses, are replaced, so a very late redelivery would be
// recorded again). A later message from the same person starts a new
// contact.
func (tx *Tx) EraseContact(ctx context.Context, contactID int64, at time.Time) error {
	var ch, chat string
	if err := tx.q.QueryRow(ctx, `SELECT channel, chat_id FROM contacts WHERE id = $1`, contactID).Scan(&ch, &chat); err != nil {
		return tx.d.fail("erase contact", err)
	}
	gone := "erased:" + strconv.FormatInt(contactID, 10)
	steps := []struct {
		q    string
		args []any
	}{
		{deleteConversation, []any{ch, chat}},
		{`DELETE FROM outbox WHERE channel = $1 AND chat_id = $2 AND status = 'queued'`, []any{ch, chat}},
		// Messages set aside as dead letters keep their text: they go.
		{`DELETE FROM inbound_dead WHERE channel = $1 AND chat_id = $2`, []any{ch, chat}},
		// External ids embed chat addresses (Telegram, WhatsApp, the web chat).
		{`UPDATE inbound SET chat_id = $3, sender_id = $3, sender_name = '', text = '', phone = '', doc_file_id = '',
			doc_file_name = '', external_id = 'erased:' || CAST(id AS TEXT) WHERE channel = $1 AND chat_id = $2`, []any{ch, chat, gone}},
		{`UPDATE outbox SET chat_id = $3, text = '', buttons = NULL, doc_file_name = '' WHERE channel = $1 AND chat_id = $2`, []any{ch, chat, gone}},
		// Job keys and payloads name the chat (document checks carry file
		// names too): pending ones go, done ones lose key and payload.
		{`DELETE FROM jobs WHERE done_at IS NULL AND (CAST(payload AS TEXT) LIKE $1 OR key LIKE $2)`, []any{`%"` + chat + `"%`, "%" + chat + "%"}},
		{`UPDATE jobs SET payload = NULL, key = '' WHERE CAST(payload AS TEXT) LIKE $1 OR key LIKE $2`, []any{`%"` + chat + `"%`, "%" + chat + "%"}},
		// What they asked the bot: the text goes, an open question is closed.
		{`UPDATE bot_questions SET text = '', resolution = CASE WHEN resolution = '' AND outcome <> 'answered'
			THEN 'dismissed' ELSE resolution END WHERE contact_id = $1`, []any{contactID}},
		{`UPDATE contacts SET chat_id = $2, name = '', phone = '', erased_at = $3, updated_at = $3 WHERE id = $1`, []any{contactID, gone, tm(at)}},
	}
	for _, s := range steps {
		if _, err := tx.q.Exec(ctx, s.q, s.args...); err != nil {
			return tx.d.fail("erase contact", err)
		}
	}
	return nil
}

// EraseTicket clears what a ticket says about its vendor: description,
// timeline texts (status and assignment lines stay), document details,
// the phone of its calls, its survey comment, copies posted to the staff
// group and its webhook events. Documents are purged by PurgeDocument.
func (tx *Tx) EraseTicket(ctx context.Context, ticketID int64, number int64, at time.Time) error {
	event := fmt.Sprintf(`%%"ticket":{"number":%d,%%`, number)
	steps := []struct {
		q    string
		args []any
	}{
		{`UPDATE tickets SET description = '', updated_at = $2 WHERE id = $1`, []any{ticketID, tm(at)}},
		{`UPDATE activities SET body = '', meta = NULL WHERE ticket_id = $1 AND kind NOT IN ('status', 'assignment')`, []any{ticketID}},
		{`UPDATE appointments SET phone = '' WHERE ticket_id = $1`, []any{ticketID}},
		{`UPDATE surveys SET comment = '' WHERE ticket_id = $1`, []any{ticketID}},
		{`UPDATE outbox SET text = '', buttons = NULL, doc_file_name = '' WHERE ticket_id = $1`, []any{ticketID}},
		{`UPDATE outbox SET text = '' WHERE channel = 'webhook' AND text LIKE $1`, []any{event}},
	}
	for _, s := range steps {
		if _, err := tx.q.Exec(ctx, s.q, s.args...); err != nil {
			return tx.d.fail("erase ticket", err)
		}
	}
	return nil
}
