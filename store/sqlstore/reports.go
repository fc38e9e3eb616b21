package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"loket"
	"loket/store"
)

// Report queries return plain rows for a time range [from, to); the
// console aggregates them in Go, so both databases give the same figures.

// ReportTickets lists the tickets created or closed in [from, to), by id.
func (tx *Tx) ReportTickets(ctx context.Context, from, to time.Time) ([]loket.Ticket, error) {
	rs, err := tx.q.Query(ctx, `SELECT `+ticketCols+` FROM tickets t
		WHERE (t.created_at >= $1 AND t.created_at < $2) OR (t.closed_at >= $1 AND t.closed_at < $2)
		ORDER BY t.id`, tm(from), tm(to))
	out, err := collect(rs, err, scanTicket)
	return out, tx.d.fail("report tickets", err)
}

// ReportActivities lists the status and assignment activities and the
// agents' outgoing messages made in [from, to), by id, each with its
// ticket's creation time and channel, without their bodies: the reports
// count them. The bot's own messages, most of a timeline, are not read.
func (tx *Tx) ReportActivities(ctx context.Context, from, to time.Time) ([]store.ReportActivity, error) {
	rs, err := tx.q.Query(ctx, `SELECT a.id, a.ticket_id, a.kind, a.actor, a.agent_id, a.meta, a.outbound_id,
			a.created_at, t.created_at, t.channel
		FROM activities a JOIN tickets t ON t.id = a.ticket_id
		WHERE a.created_at >= $1 AND a.created_at < $2
			AND (a.kind IN ('status', 'assignment') OR a.kind = 'message_out' AND a.actor = 'agent')
		ORDER BY a.id`, tm(from), tm(to))
	out, err := collect(rs, err, func(r Row, ra *store.ReportActivity) error {
		a := &ra.Activity
		return r.Scan(&a.ID, &a.TicketID, &a.Kind, &a.Actor, nid(&a.AgentID), js(&a.Meta),
			nid(&a.OutboundID), ts(&a.CreatedAt), ts(&ra.TicketCreatedAt), &ra.Channel)
	})
	return out, tx.d.fail("report activities", err)
}

// ReportDocuments lists the documents reviewed in [from, to), by id.
func (tx *Tx) ReportDocuments(ctx context.Context, from, to time.Time) ([]loket.Document, error) {
	rs, err := tx.q.Query(ctx, `SELECT `+documentCols+` FROM documents
		WHERE reviewed_at >= $1 AND reviewed_at < $2 ORDER BY id`, tm(from), tm(to))
	out, err := collect(rs, err, scanDocument)
	return out, tx.d.fail("report documents", err)
}

// ReportSurveys lists the surveys completed in [from, to), by id.
func (tx *Tx) ReportSurveys(ctx context.Context, from, to time.Time) ([]loket.Survey, error) {
	rs, err := tx.q.Query(ctx, `SELECT id, ticket_id, answers, comment, created_at, completed_at FROM surveys
		WHERE completed_at >= $1 AND completed_at < $2 ORDER BY id`, tm(from), tm(to))
	out, err := collect(rs, err, func(r Row, s *loket.Survey) error {
		var answers []byte
		if err := r.Scan(&s.ID, &s.TicketID, js(&answers), &s.Comment, ts(&s.CreatedAt), ts(&s.CompletedAt)); err != nil {
			return err
		}
		if len(answers) > 0 {
			if err := json.Unmarshal(answers, &s.Answers); err != nil {
				return fmt.Errorf("store: decode survey answers: %w", err)
			}
		}
		return nil
	})
	return out, tx.d.fail("report surveys", err)
}
