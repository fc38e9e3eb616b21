package sqlstore

import (
	"context"
	"strconv"
	"time"

	"loket/store"
)

// settledAt is when a verified, closed or cancelled ticket t got there:
// closed_at once closed or cancelled; for a verified ticket (still open),
// its latest status change, which is the move to verified.
const settledAt = `CASE WHEN t.status = 'verified'
	THEN (SELECT max(a.created_at) FROM activities a WHERE a.ticket_id = t.id AND a.kind = 'status')
	ELSE t.closed_at END`

// RetentionDocuments lists documents not yet purged whose ticket settled
// at or before `before`, by id.
func (tx *Tx) RetentionDocuments(ctx context.Context, before time.Time, limit int) ([]store.DueDocument, error) {
	rs, err := tx.q.Query(ctx, `SELECT id, ticket_id, number, requirement, sha256, settled FROM (
			SELECT d.id, d.ticket_id, t.number, d.requirement, d.sha256, `+settledAt+` AS settled
			FROM documents d JOIN tickets t ON t.id = d.ticket_id
			WHERE d.purged_at IS NULL AND t.status IN ('verified', 'closed', 'cancelled')) x
		WHERE settled <= $1 ORDER BY id LIMIT $2`, tm(before), limit)
	out, err := collect(rs, err, func(r Row, d *store.DueDocument) error {
		return r.Scan(&d.ID, &d.TicketID, &d.TicketNumber, &d.Requirement, &d.SHA256, ts(&d.SettledAt))
	})
	return out, tx.d.fail("retention documents", err)
}

// DocumentsWithBlob lists the documents not yet purged that use file sha.
func (tx *Tx) DocumentsWithBlob(ctx context.Context, sha string) ([]int64, error) {
	rs, err := tx.q.Query(ctx, `SELECT id FROM documents WHERE sha256 = $1 AND purged_at IS NULL ORDER BY id`, sha)
	out, err := collect(rs, err, func(r Row, id *int64) error { return r.Scan(id) })
	return out, tx.d.fail("documents with blob", err)
}

// PurgeDocument marks a document's file removed: its name and sha256
// are cleared (also from the audit of its views), its review facts stay.
func (tx *Tx) PurgeDocument(ctx context.Context, id int64, at time.Time) error {
	n, err := tx.q.Exec(ctx, `UPDATE documents SET file_name = '', sha256 = '', purged_at = $2 WHERE id = $1`, id, tm(at))
	if err := tx.d.mustAffect("purge document", n, err); err != nil {
		return err
	}
	_, err = tx.q.Exec(ctx, `UPDATE audit_log SET detail = '' WHERE action = 'document.view' AND object = $1`,
		"document:"+strconv.FormatInt(id, 10))
	return tx.d.fail("purge document", err)
}

// Message texts retention clears: timeline messages and notes, outbox
// messages no longer waiting to be sent, handled inbound messages and
// survey comments, each from before the cutoff and not cleared yet.
const dueTexts = `
	SELECT a.ticket_id AS ticket_id FROM activities a
		WHERE a.kind IN ('message_in', 'message_out', 'note') AND a.body <> '' AND a.created_at <= $1
	UNION ALL SELECT o.ticket_id FROM outbox o
		WHERE o.text <> '' AND o.status IN ('sent', 'delivered', 'read', 'failed') AND o.created_at <= $1
	UNION ALL SELECT CAST(NULL AS BIGINT) FROM inbound i
		WHERE i.text <> '' AND i.handled_at IS NOT NULL AND i.received_at <= $1
	UNION ALL SELECT s.ticket_id FROM surveys s
		WHERE s.comment <> '' AND s.completed_at <= $1`

// RetentionTexts counts the message texts from before `before`, per ticket.
func (tx *Tx) RetentionTexts(ctx context.Context, before time.Time) ([]store.DueTexts, error) {
	rs, err := tx.q.Query(ctx, `SELECT m.ticket_id, t.number, count(*) FROM (`+dueTexts+`) m
		LEFT JOIN tickets t ON t.id = m.ticket_id GROUP BY m.ticket_id, t.number`, tm(before))
	out, err := collect(rs, err, func(r Row, d *store.DueTexts) error {
		var number *int64
		if err := r.Scan(nid(&d.TicketID), &number, &d.Count); err != nil {
			return err
		}
		if number != nil {
			d.TicketNumber = *number
		}
		return nil
	})
	return out, tx.d.fail("retention texts", err)
}

// PurgeTexts clears the texts RetentionTexts counts and returns how many.
func (tx *Tx) PurgeTexts(ctx context.Context, before time.Time) (int64, error) {
	var total int64
	for _, q := range []string{
		`UPDATE activities SET body = '' WHERE kind IN ('message_in', 'message_out', 'note') AND body <> '' AND created_at <= $1`,
		`UPDATE outbox SET text = '', doc_file_name = '' WHERE text <> '' AND status IN ('sent', 'delivered', 'read', 'failed') AND created_at <= $1`,
		`UPDATE inbound SET text = '' WHERE text <> '' AND handled_at IS NOT NULL AND received_at <= $1`,
		`UPDATE surveys SET comment = '' WHERE comment <> '' AND completed_at <= $1`,
		// Questions the bot could not answer keep their text as long as messages do.
		`UPDATE bot_questions SET text = '' WHERE text <> '' AND created_at <= $1`,
		// Dead letters are vendor text too.
		`UPDATE inbound_dead SET text = '', sender_name = '' WHERE (text <> '' OR sender_name <> '') AND created_at <= $1`,
	} {
		n, err := tx.q.Exec(ctx, q, tm(before))
		if err != nil {
			return total, tx.d.fail("purge texts", err)
		}
		total += n
	}
	return total, nil
}

// retentionChats lists web chats due for deletion. A chat's conversation
// is found by its chat (the unique index), not by contact: there is no
// index on conversations.contact_id, and each candidate read the whole
// table.
const retentionChats = `SELECT c.id, c.created_at,
		(SELECT count(*) FROM inbound i WHERE i.channel = c.channel AND i.chat_id = c.chat_id) +
		(SELECT count(*) FROM outbox o WHERE o.channel = c.channel AND o.chat_id = c.chat_id)
	FROM contacts c
	WHERE c.channel = 'webchat' AND c.vendor_id IS NULL AND c.erased_at IS NULL
		AND coalesce(c.updated_at, c.created_at) <= $1
		AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.contact_id = c.id)
		AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.channel = c.channel AND v.chat_id = c.chat_id
			AND v.updated_at > $1)
		AND NOT EXISTS (SELECT 1 FROM inbound i WHERE i.channel = c.channel AND i.chat_id = c.chat_id
			AND (i.received_at > $1 OR i.handled_at IS NULL))
		AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.channel = c.channel AND o.chat_id = c.chat_id
			AND (o.created_at > $1 OR o.status = 'queued'))
	ORDER BY c.id LIMIT $2`

// RetentionChats lists anonymous web chats (no vendor, no ticket) with no
// message, state change or contact change after `before`, by id.
func (tx *Tx) RetentionChats(ctx context.Context, before time.Time, limit int) ([]store.DueChat, error) {
	rs, err := tx.q.Query(ctx, retentionChats, tm(before), limit)
	out, err := collect(rs, err, func(r Row, d *store.DueChat) error {
		return r.Scan(&d.ContactID, ts(&d.CreatedAt), &d.Messages)
	})
	return out, tx.d.fail("retention chats", err)
}

// deleteConversation deletes a chat's conversation by its chat ($1, $2):
// the unique index finds it, where by contact the whole table was read.
const deleteConversation = `DELETE FROM conversations WHERE channel = $1 AND chat_id = $2`

// DeleteChat removes a contact with its conversation and every inbound
// and outbound message of its chat.
func (tx *Tx) DeleteChat(ctx context.Context, contactID int64) error {
	var ch, chat string
	if err := tx.q.QueryRow(ctx, `SELECT channel, chat_id FROM contacts WHERE id = $1`, contactID).Scan(&ch, &chat); err != nil {
		return tx.d.fail("delete chat", err)
	}
	for _, q := range []string{
		`DELETE FROM inbound_unhandled WHERE id IN (SELECT id FROM inbound WHERE channel = $1 AND chat_id = $2)`,
		`DELETE FROM inbound WHERE channel = $1 AND chat_id = $2`,
		`DELETE FROM outbox WHERE channel = $1 AND chat_id = $2`,
		`DELETE FROM inbound_dead WHERE channel = $1 AND chat_id = $2`,
		deleteConversation,
	} {
		if _, err := tx.q.Exec(ctx, q, ch, chat); err != nil {
			return tx.d.fail("delete chat", err)
		}
	}
	if _, err := tx.q.Exec(ctx, `DELETE FROM bot_questions WHERE contact_id = $1`, contactID); err != nil {
		return tx.d.fail("delete chat", err)
	}
	n, err := tx.q.Exec(ctx, `DELETE FROM contacts WHERE id = $1`, contactID)
	return tx.d.mustAffect("delete chat", n, err)
}
