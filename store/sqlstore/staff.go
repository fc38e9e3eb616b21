package sqlstore

import (
	"context"
	"errors"
	"slices"
	"time"

	"loket"
	"loket/store"
)

// LockStaffCursor returns the last activity mirrored to the staff chat and
// locks its row. A missing cursor starts at the newest activity, so
// enabling the staff group does not replay the whole history. With wait
// false a row locked elsewhere gives ok false (PostgreSQL SKIP LOCKED;
// SQLite serialises writers, so the row is always free there).
func (tx *Tx) LockStaffCursor(ctx context.Context, chat string, wait bool) (int64, bool, error) {
	if chat == "" {
		return 0, false, errInvalid("a staff cursor needs a chat id")
	}
	var exists int
	err := tx.q.QueryRow(ctx, `SELECT COUNT(*) FROM staff_cursors WHERE chat_id = $1`, chat).Scan(&exists)
	if err != nil {
		return 0, false, tx.d.fail("find staff cursor", err)
	}
	if exists == 0 { // start after what is committed now: number it first
		if err := tx.sequence(ctx, 1000); err != nil {
			return 0, false, err
		}
	}
	_, err = tx.q.Exec(ctx, `INSERT INTO staff_cursors (chat_id, activity_id)
		VALUES ($1, (SELECT last FROM activity_sequencer WHERE id = 1)) ON CONFLICT (chat_id) DO NOTHING`, chat)
	if err != nil {
		return 0, false, tx.d.fail("create staff cursor", err)
	}
	lock := tx.d.ForUpdate
	if !wait {
		lock = tx.d.SkipLocked
	}
	var after int64
	err = tx.q.QueryRow(ctx, `SELECT activity_id FROM staff_cursors WHERE chat_id = $1`+lock, chat).Scan(&after)
	if errors.Is(err, ErrNoRows) && !wait {
		return 0, false, nil // another transaction holds it
	}
	if err != nil {
		return 0, false, tx.d.fail("lock staff cursor", err)
	}
	return after, true, nil
}

// SaveStaffCursor moves the staff chat's cursor.
func (tx *Tx) SaveStaffCursor(ctx context.Context, chat string, afterID int64, at time.Time) error {
	n, err := tx.q.Exec(ctx, `UPDATE staff_cursors SET activity_id = $2, updated_at = $3 WHERE chat_id = $1`,
		chat, afterID, tm(orNow(at)))
	return tx.d.mustAffect("save staff cursor", n, err)
}

// ActivitiesSince lists activities of every ticket with Seq > afterSeq, by
// Seq, after giving committed activities their Seq (see sequence).
func (tx *Tx) ActivitiesSince(ctx context.Context, afterSeq int64, limit int) ([]loket.Activity, error) {
	if limit <= 0 {
		limit = 100
	}
	if err := tx.sequence(ctx, limit); err != nil {
		return nil, err
	}
	rs, err := tx.q.Query(ctx, `SELECT `+activityCols+` FROM activities WHERE seq > $1 ORDER BY seq LIMIT $2`, afterSeq, limit)
	out, err := collect(rs, err, scanActivity)
	return out, tx.d.fail("activities since", err)
}

// sequence gives up to limit committed activities without a Seq the next
// ones, in id order. One transaction at a time holds the sequencer row
// (another skips: what it would number is numbered by the holder), so
// each Seq given is above every Seq committed before: an activity that
// commits late gets a late Seq, and no observer cursor has passed it.
func (tx *Tx) sequence(ctx context.Context, limit int) error {
	var last int64
	err := tx.q.QueryRow(ctx, `SELECT last FROM activity_sequencer WHERE id = 1`+tx.d.SkipLocked).Scan(&last)
	if errors.Is(err, ErrNoRows) {
		return nil
	}
	if err != nil {
		return tx.d.fail("lock the activity sequencer", err)
	}
	// One statement numbers them all, in id order (a statement per
	// activity was a round trip each: half a round trip per message
	// handled, where a timeline observer runs).
	rs, err := tx.q.Query(ctx, `UPDATE activities SET seq = s.n + $2
		FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM activities WHERE seq IS NULL ORDER BY id LIMIT $1) AS s
		WHERE activities.id = s.id RETURNING activities.seq`, limit, last)
	seqs, err := collect(rs, err, func(r Row, v *int64) error { return r.Scan(v) })
	if err != nil || len(seqs) == 0 {
		return tx.d.fail("sequence activities", err)
	}
	last = slices.Max(seqs)
	_, err = tx.q.Exec(ctx, `UPDATE activity_sequencer SET last = $1 WHERE id = 1`, last)
	return tx.d.fail("move the activity sequencer", err)
}

const staffThreadCols = `chat_id, ticket_id, topic_id, header_outbound_id, from_activity_id, ready, created_at`

func scanStaffThread(r Row, th *store.StaffThread) error {
	return r.Scan(&th.ChatID, &th.TicketID, &th.TopicID, nid(&th.HeaderOutboundID), &th.FromActivityID,
		bl(&th.Ready), ts(&th.CreatedAt))
}

// CreateStaffThread inserts a ticket's thread; a second one for the same
// chat and ticket is ErrConflict.
func (tx *Tx) CreateStaffThread(ctx context.Context, th *store.StaffThread) error {
	if th.ChatID == "" || th.TicketID == 0 {
		return errInvalid("a staff thread needs a chat and a ticket")
	}
	th.CreatedAt = orNow(th.CreatedAt)
	_, err := tx.q.Exec(ctx, `INSERT INTO staff_threads (`+staffThreadCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		th.ChatID, th.TicketID, th.TopicID, id(th.HeaderOutboundID), th.FromActivityID, th.Ready, tm(th.CreatedAt))
	return tx.d.fail("create staff thread", err)
}

// UpdateStaffThread saves a thread's topic, header and readiness.
func (tx *Tx) UpdateStaffThread(ctx context.Context, th *store.StaffThread) error {
	n, err := tx.q.Exec(ctx, `UPDATE staff_threads SET topic_id = $3, header_outbound_id = $4, ready = $5
		WHERE chat_id = $1 AND ticket_id = $2`, th.ChatID, th.TicketID, th.TopicID, id(th.HeaderOutboundID), th.Ready)
	return tx.d.mustAffect("update staff thread", n, err)
}

// StaffThread returns a ticket's thread in chat, or ErrNotFound.
func (tx *Tx) StaffThread(ctx context.Context, chat string, ticketID int64) (*store.StaffThread, error) {
	var th store.StaffThread
	err := scanStaffThread(tx.q.QueryRow(ctx, `SELECT `+staffThreadCols+` FROM staff_threads
		WHERE chat_id = $1 AND ticket_id = $2`, chat, ticketID), &th)
	if err != nil {
		return nil, tx.d.fail("staff thread", err)
	}
	return &th, nil
}

// StaffThreadByTopic returns the thread of a forum topic, or ErrNotFound.
func (tx *Tx) StaffThreadByTopic(ctx context.Context, chat string, topicID int64) (*store.StaffThread, error) {
	if topicID == 0 {
		return nil, notFound("staff thread")
	}
	var th store.StaffThread
	err := scanStaffThread(tx.q.QueryRow(ctx, `SELECT `+staffThreadCols+` FROM staff_threads
		WHERE chat_id = $1 AND topic_id = $2`, chat, topicID), &th)
	if err != nil {
		return nil, tx.d.fail("staff thread by topic", err)
	}
	return &th, nil
}

// AddStaffPost records that an outbound message to chat belongs to a ticket.
func (tx *Tx) AddStaffPost(ctx context.Context, chat string, outboundID, ticketID int64) error {
	_, err := tx.q.Exec(ctx, `INSERT INTO staff_posts (outbound_id, chat_id, ticket_id) VALUES ($1, $2, $3)`,
		outboundID, chat, ticketID)
	return tx.d.fail("add staff post", err)
}

// staffPostTicket finds a staff post by its platform id. Asking for a
// non-empty external_id lets the planner use the partial index on
// (chat_id, external_id): without it SQLite read the whole outbox for each
// reply in the staff group.
const staffPostTicket = `SELECT p.ticket_id FROM outbox o JOIN staff_posts p ON p.outbound_id = o.id
	WHERE o.chat_id = $1 AND o.external_id = $2 AND o.external_id <> '' AND p.chat_id = $1 ORDER BY o.id DESC LIMIT 1`

// StaffPostTicket returns the ticket of the post that went out to chat as
// platform message messageID, or ErrNotFound.
func (tx *Tx) StaffPostTicket(ctx context.Context, chat, messageID string) (int64, error) {
	if messageID == "" {
		return 0, notFound("staff post")
	}
	var ticketID int64
	err := tx.q.QueryRow(ctx, staffPostTicket, chat, messageID).Scan(&ticketID)
	return ticketID, tx.d.fail("staff post", err)
}
