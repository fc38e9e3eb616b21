package ops

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"loket"
	"loket/messages"
)

// NoteTx is what Note needs.
type NoteTx interface {
	AddActivity(ctx context.Context, a *loket.Activity) error
	Auditor
}

// ReplyTx is what Reply and SetStatus need.
type ReplyTx interface {
	VendorTx
	UpdateTicket(ctx context.Context, t *loket.Ticket) error
	Auditor
}

// StatusTx is what SetStatus needs: ReplyTx, the ticket's documents (a
// ticket is not verified while one of them stands rejected) and its
// calls (one still ahead is released when the ticket is verified,
// closed or cancelled).
type StatusTx interface {
	ReplyTx
	documentLister
	TicketAppointments(ctx context.Context, ticketID int64) ([]loket.Appointment, error)
	UpdateAppointment(ctx context.Context, ap *loket.Appointment) error
	CancelJob(ctx context.Context, key string) error
	NoteActivity(ctx context.Context, a *loket.Activity) error // the status entry (loket.SetStatus)
}

// documentLister lists a ticket's documents.
type documentLister interface {
	Documents(ctx context.Context, ticketID int64) ([]loket.Document, error)
}

// AssignTx is what Assign needs.
type AssignTx interface {
	AgentByID(ctx context.Context, id int64) (*loket.Agent, error)
	UpdateTicket(ctx context.Context, t *loket.Ticket) error
	AddActivity(ctx context.Context, a *loket.Activity) error
	Auditor
}

// Reply sends an agent's text to the vendor ({{ticket}} and {{vendor}}
// filled in) as that agent. A vendor who cannot be reached is an
// EConflict "ticket.err_unreachable".
func (s *Service) Reply(ctx context.Context, tx ReplyTx, by Actor, t *loket.Ticket, text string, now time.Time) (Result, error) {
	text, err := CleanText(text)
	if err != nil {
		return Result{}, err
	}
	ct, err := contactOf(ctx, tx, t)
	if err != nil {
		return Result{}, err
	}
	vars := VendorVars(ctx, tx, t, ct)
	if v := UnknownVar(text); v != "" {
		return Result{}, messages.Err(loket.EInvalid, "ticket.err_var", "var", v)
	}
	if strings.Contains(text, "{{vendor}}") && strings.TrimSpace(vars["vendor"]) == "" {
		// A vendor not known yet (a web chat visitor before registering)
		// has no name: "Selamat siang {{vendor}}," went out as "Selamat siang ,".
		return Result{}, messages.Err(loket.EInvalid, "ticket.err_vendor_unknown")
	}
	text = messages.FillVars(text, vars)
	res := Result{Ticket: t}
	if res.Channel, err = sendToVendor(ctx, tx, t, ct, text, by, now, true, loket.KindAgentReply); err != nil {
		return Result{}, err
	}
	t.UpdatedAt = now
	if err := tx.UpdateTicket(ctx, t); err != nil {
		return Result{}, fmt.Errorf("touch ticket: %w", err)
	}
	return res, s.audit(ctx, tx, by, "ticket.reply", ticketObject(t), "", now)
}

// Note adds an internal note, never sent to the vendor.
func (s *Service) Note(ctx context.Context, tx NoteTx, by Actor, t *loket.Ticket, text string, now time.Time) (Result, error) {
	text, err := CleanText(text)
	if err != nil {
		return Result{}, err
	}
	act := &loket.Activity{TicketID: t.ID, Kind: loket.ActNote, Actor: loket.ActorAgent, AgentID: by.Agent.ID, Body: text, CreatedAt: now}
	if err := tx.AddActivity(ctx, act); err != nil {
		return Result{}, fmt.Errorf("add note: %w", err)
	}
	return Result{Ticket: t}, s.audit(ctx, tx, by, "ticket.note", ticketObject(t), "", now)
}

// Assign gives the ticket to an agent (0 = unassign); assigning the
// ticket to whom it already has changes nothing. An agent may claim a
// ticket or give up their own; assigning others needs a supervisor.
func (s *Service) Assign(ctx context.Context, tx AssignTx, by Actor, t *loket.Ticket, assigneeID int64, now time.Time) (Result, error) {
	if t.AssigneeID == assigneeID {
		return Result{Ticket: t}, nil
	}
	self := assigneeID == by.Agent.ID || (assigneeID == 0 && t.AssigneeID == by.Agent.ID)
	if !self && !by.Agent.Role.AtLeast(loket.RoleSupervisor) {
		return Result{}, messages.Err(loket.EForbidden, "ticket.err_assign_others")
	}
	body, meta := s.Event("unassigned", map[string]any{"from": t.AssigneeID, "to": assigneeID})
	if assigneeID != 0 {
		ag, err := activeAgent(ctx, tx, assigneeID)
		if err != nil {
			return Result{}, err
		}
		body, meta = s.Event("assigned", map[string]any{"from": t.AssigneeID, "to": assigneeID, "agent_id": assigneeID, "agent": ag.Name})
	}
	t.AssigneeID, t.UpdatedAt = assigneeID, now
	if err := tx.UpdateTicket(ctx, t); err != nil {
		return Result{}, fmt.Errorf("update ticket: %w", err)
	}
	act := &loket.Activity{TicketID: t.ID, Kind: loket.ActAssignment, Actor: loket.ActorAgent, AgentID: by.Agent.ID, Body: body, Meta: meta, CreatedAt: now}
	if err := tx.AddActivity(ctx, act); err != nil {
		return Result{}, fmt.Errorf("add assignment activity: %w", err)
	}
	return Result{Ticket: t}, s.audit(ctx, tx, by, "ticket.assign", ticketObject(t), strconv.FormatInt(assigneeID, 10), now)
}

// activeAgent loads an agent who may be given work: EInvalid
// "ticket.err_no_agent" when there is none or they are deactivated.
func activeAgent(ctx context.Context, tx interface {
	AgentByID(ctx context.Context, id int64) (*loket.Agent, error)
}, id int64) (*loket.Agent, error) {
	ag, err := tx.AgentByID(ctx, id)
	if errors.Is(err, loket.ErrNotFound) || (err == nil && !ag.Active) {
		return nil, messages.Err(loket.EInvalid, "ticket.err_no_agent", "id", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load agent %d: %w", id, err)
	}
	return ag, nil
}

// SetStatus moves the ticket to a new status (closing is the status
// closed): an ActStatus activity and the catalogue's "status.<status>"
// message to the vendor in their language, unless they cannot be reached.
func (s *Service) SetStatus(ctx context.Context, tx StatusTx, by Actor, t *loket.Ticket, status loket.TicketStatus, now time.Time) (Result, error) {
	return s.SetStatusNoted(ctx, tx, by, t, status, "", now)
}

// SetStatusNoted is SetStatus with the officer's note to the vendor
// ("NPWP tidak terbaca, kirim ulang"), sent after the status's own
// message. Needs-fix asks for one unless a document of the ticket stands
// rejected (its rejection told the vendor why): "read the officer's note
// and send the correct files" with no note said nothing to act on.
func (s *Service) SetStatusNoted(ctx context.Context, tx StatusTx, by Actor, t *loket.Ticket, status loket.TicketStatus, note string, now time.Time) (Result, error) {
	note = strings.TrimSpace(note)
	if !status.Valid() {
		return Result{}, messages.Err(loket.EInvalid, "ticket.err_status", "status", status)
	}
	if t.Status == status {
		return Result{}, messages.Err(loket.EConflict, "ticket.err_already", "status", status)
	}
	if n := utf8.RuneCountInString(note); n > maxStatusNote {
		return Result{}, messages.Err(loket.EInvalid, "ticket.err_note_long", "max", maxStatusNote, "count", n)
	}
	if status == loket.StatusVerified {
		if err := verifiable(ctx, tx, t); err != nil {
			return Result{}, err
		}
	}
	if status == loket.StatusNeedsFix && note == "" {
		rejected, err := rejectedDocs(ctx, tx, t)
		if err != nil {
			return Result{}, err
		}
		if len(rejected) == 0 {
			return Result{}, messages.Err(loket.EInvalid, "ticket.err_fix_note")
		}
	}
	old := t.Status
	if err := s.moveStatusNoted(ctx, tx, by, t, status, note, now); err != nil {
		return Result{}, err
	}
	var released time.Time
	if status == loket.StatusVerified || !status.Open() {
		var err error
		if released, err = s.releaseCalls(ctx, tx, by, t, now); err != nil {
			return Result{}, err
		}
	}
	ct, err := contactOf(ctx, tx, t)
	if err != nil {
		return Result{}, err
	}
	vars := VendorVars(ctx, tx, t, ct)
	text := s.texts.Text(ct.Lang, "status."+string(status), vars)
	if !released.IsZero() {
		vars["when"] = s.whenText(ct.Lang, released)
		text += " " + s.texts.Text(ct.Lang, "status.call_released", vars)
	}
	if note != "" {
		vars["note"] = note
		text += "\n\n" + s.texts.Text(ct.Lang, "status.note", vars)
	}
	res := Result{Ticket: t}
	if res.Channel, err = sendToVendor(ctx, tx, t, ct, text, by, now, false, loket.KindStatus); err != nil {
		return Result{}, err
	}
	return res, s.audit(ctx, tx, by, "ticket.status", ticketObject(t), string(old)+"→"+string(status), now)
}

// releaseCalls cancels the ticket's calls still ahead: verified at the
// counter, closed or cancelled, the ticket needs no call, and a booked
// one would keep its slot and send the vendor its reminders. The slot is
// free at once, the reminders are dropped and the timeline says so. It
// returns the time of the call released (zero: none).
func (s *Service) releaseCalls(ctx context.Context, tx StatusTx, by Actor, t *loket.Ticket, now time.Time) (time.Time, error) {
	as, err := tx.TicketAppointments(ctx, t.ID)
	if err != nil {
		return time.Time{}, fmt.Errorf("load calls: %w", err)
	}
	var released time.Time
	for i := range as {
		ap := &as[i]
		if ap.Status != loket.ApptBooked || !ap.StartsAt.After(now) {
			continue
		}
		ap.Status, ap.UpdatedAt = loket.ApptCancelled, now
		if err := tx.UpdateAppointment(ctx, ap); err != nil {
			return time.Time{}, fmt.Errorf("release call: %w", err)
		}
		for _, k := range loket.CallReminderKeys(ap.ID) {
			if err := tx.CancelJob(ctx, k); err != nil {
				return time.Time{}, fmt.Errorf("cancel reminder: %w", err)
			}
		}
		body, meta := s.Event("call_released", map[string]any{"appointment": ap.ID, "status": t.Status,
			"starts_at": ap.StartsAt.Unix(), "when": ap.StartsAt.In(s.loc).Format("2006-01-02 15:04")})
		if err := tx.AddActivity(ctx, &loket.Activity{TicketID: t.ID, Kind: loket.ActAppointment, Actor: loket.ActorAgent,
			AgentID: by.Agent.ID, Body: body, Meta: meta, CreatedAt: now}); err != nil {
			return time.Time{}, fmt.Errorf("add call activity: %w", err)
		}
		if released.IsZero() {
			released = ap.StartsAt
		}
	}
	return released, nil
}

// whenText is a call's time for the vendor, in their language, as the
// catalogue's "date.layout.call" lays it out: "Selasa, 1 Desember 2026
// 11.00 WIB".
func (s *Service) whenText(lang loket.Lang, at time.Time) string {
	return s.texts.DateFormat(lang, s.loc, s.texts.Text(lang, "date.layout.call", nil))(at)
}

// verifiable refuses to verify a ticket while one of its documents
// stands rejected: the vendor was asked to send it again, and "verified"
// would tell them to log in and start bidding. The agent accepts the
// document first (the original shown in the call may settle it) or waits
// for its replacement.
func verifiable(ctx context.Context, tx documentLister, t *loket.Ticket) error {
	rejected, err := rejectedDocs(ctx, tx, t)
	if err != nil {
		return err
	}
	if len(rejected) > 0 {
		return messages.Err(loket.EConflict, "ticket.err_verify_rejected", "docs", strings.Join(rejected, ", "))
	}
	return nil
}

// rejectedDocs are the file names of the ticket's documents that stand
// rejected.
func rejectedDocs(ctx context.Context, tx documentLister, t *loket.Ticket) ([]string, error) {
	docs, err := tx.Documents(ctx, t.ID)
	if err != nil {
		return nil, fmt.Errorf("load documents: %w", err)
	}
	var rejected []string
	for _, d := range docs {
		if d.Status == loket.DocRejected {
			rejected = append(rejected, d.FileName)
		}
	}
	return rejected, nil
}

// maxStatusNote is the longest note to the vendor a status change takes,
// in characters: a chat message, not a letter.
const maxStatusNote = 1000

// moveStatus changes the ticket's status with its timeline entry, and
// nothing else.
func (s *Service) moveStatus(ctx context.Context, tx loket.StatusWriter, by Actor, t *loket.Ticket, status loket.TicketStatus, now time.Time) error {
	return s.moveStatusNoted(ctx, tx, by, t, status, "", now)
}

// moveStatusNoted is moveStatus keeping the note sent to the vendor on the
// status activity (loket.SetStatusNote).
func (s *Service) moveStatusNoted(ctx context.Context, tx loket.StatusWriter, by Actor, t *loket.Ticket, status loket.TicketStatus, note string, now time.Time) error {
	body := s.texts.Text(loket.LangID, "event.status", map[string]string{"from": string(t.Status), "to": string(status)})
	return loket.SetStatusNote(ctx, tx, t, status, loket.ActorAgent, by.Agent.ID, body, note, now)
}
