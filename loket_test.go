package loket

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestErrorCodesMatchThroughWrapping(t *testing.T) {
	err := fmt.Errorf("store: ticket 7: %w", Errorf(ENotFound, "ticket 7 not found"))
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) {
		t.Fatalf("errors.Is on %v", err)
	}
	if ErrorCode(err) != ENotFound || ErrorMessage(err) != "ticket 7 not found" {
		t.Fatalf("code %q message %q", ErrorCode(err), ErrorMessage(err))
	}
	if ErrorCode(errors.New("boom")) != EInternal || ErrorCode(nil) != "" {
		t.Fatal("a plain error is internal, nil has no code")
	}
}

func TestParseLangAndRoles(t *testing.T) {
	for in, want := range map[string]Lang{"en-US": LangEN, "EN": LangEN, "id-ID": LangID, "": LangID, "e": LangID, "fr": LangID} {
		if got := ParseLang(in); got != want {
			t.Errorf("ParseLang(%q) = %q, want %q", in, got, want)
		}
	}
	if !RoleAdmin.AtLeast(RoleSupervisor) || RoleAgent.AtLeast(RoleSupervisor) || Role("boss").AtLeast(RoleAgent) {
		t.Fatal("role ranks")
	}
	for _, s := range TicketStatuses {
		if !s.Valid() {
			t.Errorf("%s not valid", s)
		}
	}
	if StatusClosed.Open() || StatusCancelled.Open() || !StatusNeedsFix.Open() {
		t.Fatal("open statuses")
	}
	tk := Ticket{Number: 1001}
	if tk.Ref() != "#1001" {
		t.Fatal(tk.Ref())
	}
}

// fakeOutbox records what Enqueue writes.
type fakeOutbox struct {
	out  []*Outbound
	acts []*Activity
}

func (f *fakeOutbox) EnqueueOutbound(_ context.Context, m *Outbound) error {
	m.ID = int64(len(f.out) + 1)
	f.out = append(f.out, m)
	return nil
}

func (f *fakeOutbox) AddActivity(_ context.Context, a *Activity) error {
	f.acts = append(f.acts, a)
	return nil
}

func (f *fakeOutbox) NoteActivity(ctx context.Context, a *Activity) error {
	return f.AddActivity(ctx, a)
}

func TestEnqueueLinksTicketMessagesToTheTimeline(t *testing.T) {
	var f fakeOutbox
	at := time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)
	if err := Enqueue(context.Background(), &f, &Outbound{ChatID: "c", Text: "no ticket", CreatedAt: at}, ActorBot, 0); err != nil {
		t.Fatal(err)
	}
	if err := Enqueue(context.Background(), &f, &Outbound{ChatID: "c", TicketID: 7, Text: "hi", CreatedAt: at}, ActorAgent, 3); err != nil {
		t.Fatal(err)
	}
	if len(f.out) != 2 || f.out[0].Status != OutQueued || !f.out[0].NextAttemptAt.Equal(at) {
		t.Fatalf("outbox %+v", f.out)
	}
	if len(f.acts) != 1 || f.acts[0].OutboundID != 2 || f.acts[0].Kind != ActMessageOut || f.acts[0].AgentID != 3 || f.acts[0].Body != "hi" {
		t.Fatalf("timeline %+v", f.acts)
	}
}

type fakeStatus struct {
	fakeOutbox
	updated int
}

func (f *fakeStatus) UpdateTicket(context.Context, *Ticket) error { f.updated++; return nil }

func TestSetStatusClosesReopensAndRecordsTheChange(t *testing.T) {
	var f fakeStatus
	at := time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)
	tk := &Ticket{ID: 9, Status: StatusVerified}
	if err := SetStatus(context.Background(), &f, tk, StatusClosed, ActorAgent, 4, "", at); err != nil {
		t.Fatal(err)
	}
	if !tk.ClosedAt.Equal(at) || len(f.acts) != 1 || string(f.acts[0].Meta) != `{"from":"verified","to":"closed"}` ||
		f.acts[0].Body != "verified → closed" || f.acts[0].AgentID != 4 {
		t.Fatalf("close: ticket %+v, activities %+v", tk, f.acts)
	}
	if err := SetStatus(context.Background(), &f, tk, StatusClosed, ActorAgent, 4, "", at); err != nil || f.updated != 1 {
		t.Fatalf("same status must change nothing: updated %d, %v", f.updated, err)
	}
	if err := SetStatus(context.Background(), &f, tk, StatusInReview, ActorBot, 0, "reopened", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !tk.ClosedAt.IsZero() || f.acts[1].Body != "reopened" {
		t.Fatalf("reopen: ticket %+v, activity %+v", tk, f.acts[1])
	}
}
