package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"loket"
)

// SaveSurvey inserts the ticket's survey or updates it (one per ticket);
// sets ID.
func (tx *Tx) SaveSurvey(ctx context.Context, s *loket.Survey) error {
	for _, a := range s.Answers {
		if a < 0 || a > 4 {
			return errInvalid("survey answers are 1–4 (0 = not answered)")
		}
	}
	answers, err := json.Marshal(s.Answers)
	if err != nil {
		return fmt.Errorf("store: encode survey: %w", err)
	}
	s.CreatedAt = orNow(s.CreatedAt)
	err = tx.q.QueryRow(ctx, `INSERT INTO surveys (ticket_id, answers, comment, created_at, completed_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (ticket_id) DO UPDATE SET answers = excluded.answers, comment = excluded.comment,
			completed_at = excluded.completed_at
		RETURNING id, created_at`, s.TicketID, answers, s.Comment, tm(s.CreatedAt), tm(s.CompletedAt)).Scan(&s.ID, ts(&s.CreatedAt))
	return tx.d.fail("save survey", err)
}

// SurveyByTicket returns a ticket's survey.
func (tx *Tx) SurveyByTicket(ctx context.Context, ticketID int64) (*loket.Survey, error) {
	var s loket.Survey
	var answers []byte
	err := tx.q.QueryRow(ctx, `SELECT id, ticket_id, answers, comment, created_at, completed_at FROM surveys
		WHERE ticket_id = $1`, ticketID).Scan(&s.ID, &s.TicketID, js(&answers), &s.Comment, ts(&s.CreatedAt), ts(&s.CompletedAt))
	if err != nil {
		return nil, tx.d.fail("survey", err)
	}
	if len(answers) > 0 {
		if err := json.Unmarshal(answers, &s.Answers); err != nil {
			return nil, fmt.Errorf("store: decode survey answers: %w", err)
		}
	}
	return &s, nil
}
