package loket

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// StatusWriter is what SetStatus needs of a store transaction.
// NoteActivity is AddActivity for a caller that does not read the new
// entry's ID at once (the store may write it with the transaction's next
// statement or its commit).
type StatusWriter interface {
	UpdateTicket(ctx context.Context, t *Ticket) error
	NoteActivity(ctx context.Context, a *Activity) error
}

// StatusMeta is an ActStatus activity's meta.
type StatusMeta struct {
	From TicketStatus `json:"from"`
	To   TicketStatus `json:"to"`
	Note string       `json:"note,omitempty"` // the officer's note sent with the change
}

// SetStatus moves t to status: ClosedAt is set when the ticket stops being
// open and cleared when it is reopened, and an ActStatus activity records
// {"from","to"} — what the timeline observers (survey, webhooks, staff
// group) read. body is how the timeline shows the change ("" gives
// "old → new"). A ticket already in status is left alone. Telling the
// vendor is the caller's part: the console, the staff group and the bot
// word it differently.
func SetStatus(ctx context.Context, tx StatusWriter, t *Ticket, status TicketStatus, actor ActorType, agentID int64, body string, now time.Time) error {
	return SetStatusNote(ctx, tx, t, status, actor, agentID, body, "", now)
}

// SetStatusNote is SetStatus with the officer's note to the vendor kept
// on the activity ({"from","to","note"}): what the vendor's status view
// repeats while the ticket needs fixing ("fix as the officer's note
// says" named no note).
func SetStatusNote(ctx context.Context, tx StatusWriter, t *Ticket, status TicketStatus, actor ActorType, agentID int64, body, note string, now time.Time) error {
	if t.Status == status {
		return nil
	}
	old := t.Status
	t.Status, t.UpdatedAt = status, now
	if status.Open() {
		t.ClosedAt = time.Time{}
	} else {
		t.ClosedAt = now
	}
	if err := tx.UpdateTicket(ctx, t); err != nil {
		return fmt.Errorf("update ticket status: %w", err)
	}
	if body == "" {
		body = fmt.Sprintf("%s → %s", old, status)
	}
	meta, _ := json.Marshal(StatusMeta{From: old, To: status, Note: note})
	a := &Activity{TicketID: t.ID, Kind: ActStatus, Actor: actor, AgentID: agentID, Body: body, Meta: meta, CreatedAt: now}
	if err := tx.NoteActivity(ctx, a); err != nil {
		return fmt.Errorf("add status activity: %w", err)
	}
	return nil
}
