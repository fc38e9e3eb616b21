package ops_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/internal/testkit"
	"loket/messages"
	"loket/ops"
	"loket/store"
)

var t0 = time.Date(2025, 3, 3, 3, 0, 0, 0, time.UTC)

type env struct {
	t       *testing.T
	ctx     context.Context
	st      store.Store
	ops     *ops.Service
	cat     messages.Catalog
	contact *loket.Contact
	ticket  *loket.Ticket
	agent   *loket.Agent // role agent
	other   *loket.Agent // role agent
	idle    *loket.Agent // deactivated
}

func newEnv(t *testing.T) *env {
	t.Helper()
	cat, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: context.Background(), st: testkit.OpenSQLite(t), cat: cat, ops: ops.New(cat, nil)}
	e.tx(func(tx store.Tx) error {
		v := &loket.Vendor{Name: "CV Maju Jaya", Form: loket.FormCompany, CreatedAt: t0}
		must(t, tx.SaveVendor(e.ctx, v))
		e.contact = &loket.Contact{Channel: loket.ChannelTelegram, ChatID: "501", Name: "Budi", Lang: loket.LangEN, VendorID: v.ID, CreatedAt: t0}
		must(t, tx.SaveContact(e.ctx, e.contact))
		e.ticket = &loket.Ticket{VendorID: v.ID, ContactID: e.contact.ID, Channel: loket.ChannelTelegram, Title: loket.RegistrationTitle,
			Type: loket.TypeRegistration, Status: loket.StatusNew, CreatedAt: t0, UpdatedAt: t0}
		must(t, tx.CreateTicket(e.ctx, e.ticket))
		for _, p := range []struct {
			a      **loket.Agent
			name   string
			active bool
		}{{&e.agent, "rina", true}, {&e.other, "sari", true}, {&e.idle, "old", false}} {
			*p.a = &loket.Agent{Username: p.name, Name: strings.ToUpper(p.name[:1]) + p.name[1:], Role: loket.RoleAgent, Active: p.active, CreatedAt: t0}
			must(t, tx.SaveAgent(e.ctx, *p.a))
		}
		return nil
	})
	return e
}

func (e *env) tx(fn func(tx store.Tx) error) error {
	e.t.Helper()
	return e.st.InTx(e.ctx, fn)
}

// do runs fn on a fresh copy of the ticket in one transaction.
func (e *env) do(fn func(tx store.Tx, t *loket.Ticket) (ops.Result, error)) (ops.Result, error) {
	var res ops.Result
	err := e.tx(func(tx store.Tx) error {
		t, err := tx.TicketByID(e.ctx, e.ticket.ID)
		if err != nil {
			return err
		}
		res, err = fn(tx, t)
		return err
	})
	return res, err
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func key(err error) string {
	var me *messages.Error
	if errors.As(err, &me) {
		return me.Key
	}
	return ""
}

// The console and the staff group are two Actors of the same operation:
// the timeline event and the vendor's message are the same, only the
// audit entry says where the agent acted.
func TestSameOperationFromConsoleAndGroup(t *testing.T) {
	console := ops.Actor{IP: "192.0.2.7"}
	group := ops.Actor{IP: "telegram", Via: "telegram staff group"}
	type outcome struct{ body, meta, vendor, vendorMeta, detail, ip string }
	run := func(by ops.Actor) outcome {
		e := newEnv(t)
		by.Agent = e.agent
		res, err := e.do(func(tx store.Tx, tk *loket.Ticket) (ops.Result, error) {
			return e.ops.SetStatus(e.ctx, tx, by, tk, loket.StatusInReview, t0)
		})
		must(t, err)
		if res.Channel != loket.ChannelTelegram || res.Ticket.Status != loket.StatusInReview || !res.Ticket.ClosedAt.IsZero() {
			t.Fatalf("result = %+v", res)
		}
		var o outcome
		must(t, e.tx(func(tx store.Tx) error {
			acts, err := tx.Activities(e.ctx, e.ticket.ID)
			if err != nil {
				return err
			}
			for _, a := range acts {
				switch a.Kind {
				case loket.ActStatus:
					o.body, o.meta = a.Body, string(a.Meta)
				case loket.ActMessageOut:
					o.vendor, o.vendorMeta = a.Body, string(a.Meta)
				}
			}
			au, err := tx.ListAudit(e.ctx, "ticket:"+itoa(e.ticket.Number), 10)
			if err != nil || len(au) != 1 || au[0].Action != "ticket.status" {
				t.Fatalf("audit = %+v, %v", au, err)
			}
			o.detail, o.ip = au[0].Detail, au[0].RemoteIP
			return nil
		}))
		return o
	}
	c, g := run(console), run(group)
	want := newEnv(t).cat.Text(loket.LangEN, "status.in_review", map[string]string{"ticket": "#1001", "vendor": "CV Maju Jaya"})
	if c.vendor != want || g.vendor != want {
		t.Errorf("vendor told %q (console) / %q (group), want %q", c.vendor, g.vendor, want)
	}
	// The notice says it is one: the workload report does not count it as a reply written.
	if c.vendorMeta != `{"kind":"status"}` || g.vendorMeta != c.vendorMeta {
		t.Errorf("notice's timeline meta %q (console) / %q (group)", c.vendorMeta, g.vendorMeta)
	}
	if c.body != g.body || c.meta != g.meta || c.body != "Status: Baru → Sedang diperiksa" {
		t.Errorf("timeline: console %q %s, group %q %s", c.body, c.meta, g.body, g.meta)
	}
	if c.detail != "new→in_review" || c.ip != "192.0.2.7" || g.detail != "telegram staff group new→in_review" || g.ip != "telegram" {
		t.Errorf("audit: console %q from %q, group %q from %q", c.detail, c.ip, g.detail, g.ip)
	}
}

// Each rule refuses with a catalogue key, whichever edge shows it.
func TestRefusals(t *testing.T) {
	e := newEnv(t)
	me := ops.Actor{Agent: e.agent, IP: "192.0.2.7"}
	cases := []struct {
		name, key string
		op        func(tx store.Tx, tk *loket.Ticket) (ops.Result, error)
	}{
		{"empty note", "ticket.err_text_empty", func(tx store.Tx, tk *loket.Ticket) (ops.Result, error) {
			return e.ops.Note(e.ctx, tx, me, tk, " \r\n ", t0)
		}},
		{"long reply", "ticket.err_text_long", func(tx store.Tx, tk *loket.Ticket) (ops.Result, error) {
			return e.ops.Reply(e.ctx, tx, me, tk, strings.Repeat("a", ops.MaxText+1), t0)
		}},
		{"assign another", "ticket.err_assign_others", func(tx store.Tx, tk *loket.Ticket) (ops.Result, error) {
			return e.ops.Assign(e.ctx, tx, me, tk, e.other.ID, t0)
		}},
		{"same status", "ticket.err_already", func(tx store.Tx, tk *loket.Ticket) (ops.Result, error) {
			return e.ops.SetStatus(e.ctx, tx, me, tk, loket.StatusNew, t0)
		}},
		{"unknown status", "ticket.err_status", func(tx store.Tx, tk *loket.Ticket) (ops.Result, error) {
			return e.ops.SetStatus(e.ctx, tx, me, tk, "done", t0)
		}},
	}
	for _, c := range cases {
		if _, err := e.do(c.op); key(err) != c.key {
			t.Errorf("%s: err %v, want key %s", c.name, err, c.key)
		}
	}

	boss := ops.Actor{Agent: &loket.Agent{ID: e.other.ID, Role: loket.RoleSupervisor}}
	if _, err := e.do(func(tx store.Tx, tk *loket.Ticket) (ops.Result, error) {
		return e.ops.Assign(e.ctx, tx, boss, tk, e.idle.ID, t0)
	}); key(err) != "ticket.err_no_agent" {
		t.Errorf("assign to a deactivated agent: %v", err)
	}
	res, err := e.do(func(tx store.Tx, tk *loket.Ticket) (ops.Result, error) {
		return e.ops.Assign(e.ctx, tx, boss, tk, e.agent.ID, t0)
	})
	if err != nil || res.Ticket.AssigneeID != e.agent.ID {
		t.Fatalf("supervisor assigns: %+v, %v", res, err)
	}

	e.contact.Unreachable = true
	must(t, e.tx(func(tx store.Tx) error { return tx.SaveContact(e.ctx, e.contact) }))
	if _, err := e.do(func(tx store.Tx, tk *loket.Ticket) (ops.Result, error) {
		return e.ops.Reply(e.ctx, tx, me, tk, "Halo {{vendor}}", t0)
	}); key(err) != "ticket.err_unreachable" || !errors.Is(err, loket.ErrConflict) {
		t.Errorf("reply to an unreachable vendor: %v", err)
	}
	// A status change still happens; the vendor simply is not told.
	res, err = e.do(func(tx store.Tx, tk *loket.Ticket) (ops.Result, error) {
		return e.ops.SetStatus(e.ctx, tx, me, tk, loket.StatusClosed, t0)
	})
	if err != nil || res.Channel != "" || res.Ticket.ClosedAt.IsZero() {
		t.Errorf("close for an unreachable vendor: %+v, %v", res, err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A ticket is not verified while one of its documents stands rejected,
// by a status change or by a call marked done: the vendor was asked for
// the document again, and "verified" would tell them to log in. Once the
// agent accepts the document, both go through.
func TestNotVerifiedWhileADocumentStandsRejected(t *testing.T) {
	e := newEnv(t)
	me := ops.Actor{Agent: e.agent, IP: "192.0.2.7"}
	doc := &loket.Document{TicketID: e.ticket.ID, Requirement: "ktp", FileName: "ktp.pdf", SHA256: strings.Repeat("a", 64),
		Size: 1000, Pages: 1, Status: loket.DocReceived, CreatedAt: t0}
	call := &loket.Appointment{TicketID: e.ticket.ID, StartsAt: t0, EndsAt: t0.Add(30 * time.Minute), Phone: "+6281234567890",
		Status: loket.ApptBooked, CreatedAt: t0, UpdatedAt: t0}
	must(t, e.tx(func(tx store.Tx) error {
		if err := tx.AddDocument(e.ctx, doc); err != nil {
			return err
		}
		doc.Status, doc.RejectReason = loket.DocRejected, "Tidak terbaca."
		if err := tx.UpdateDocument(e.ctx, doc); err != nil {
			return err
		}
		return tx.BookAppointment(e.ctx, call, 1)
	}))
	later := t0.Add(time.Hour)
	verify := func(tx store.Tx, tk *loket.Ticket) (ops.Result, error) {
		return e.ops.SetStatus(e.ctx, tx, me, tk, loket.StatusVerified, later)
	}
	done := func(tx store.Tx, _ *loket.Ticket) (ops.Result, error) {
		return e.ops.MarkCall(e.ctx, tx, me, call.ID, loket.ApptDone, later)
	}
	for name, op := range map[string]func(store.Tx, *loket.Ticket) (ops.Result, error){"status": verify, "call done": done} {
		_, err := e.do(op)
		if key(err) != "ticket.err_verify_rejected" || !errors.Is(err, loket.ErrConflict) {
			t.Fatalf("%s with a rejected document: %v", name, err)
		}
		if msg := e.cat.Text(loket.LangID, key(err), map[string]string{"docs": "ktp.pdf"}); !strings.Contains(msg, "ktp.pdf") {
			t.Fatalf("%s: the refusal does not name the document: %q", name, msg)
		}
	}
	must(t, e.tx(func(tx store.Tx) error {
		tk, err := tx.TicketByID(e.ctx, e.ticket.ID)
		if err == nil && tk.Status == loket.StatusVerified {
			t.Fatal("the ticket was verified anyway")
		}
		ap, err2 := tx.AppointmentByID(e.ctx, call.ID)
		if err2 == nil && ap.Status != loket.ApptBooked {
			t.Fatalf("the refused call was marked %s", ap.Status)
		}
		return errors.Join(err, err2)
	}))

	must(t, e.tx(func(tx store.Tx) error {
		doc.Status, doc.RejectReason = loket.DocAccepted, ""
		return tx.UpdateDocument(e.ctx, doc)
	}))
	res, err := e.do(done)
	if err != nil || res.Ticket.Status != loket.StatusVerified {
		t.Fatalf("call done once the document is accepted: %+v, %v", res, err)
	}
}

// Needs-fix from the status list told the vendor to "read the officer's
// note and send the correct files again" with no note anywhere. The
// agent's note now goes with the notice, and needs-fix without one is
// refused unless a document stands rejected (its rejection said why);
// a note past the limit is refused, not cut.
func TestNeedsFixCarriesTheAgentsNote(t *testing.T) {
	e := newEnv(t)
	me := ops.Actor{Agent: e.agent, IP: "192.0.2.7"}
	fix := func(note string) error {
		_, err := e.do(func(tx store.Tx, tk *loket.Ticket) (ops.Result, error) {
			return e.ops.SetStatusNoted(e.ctx, tx, me, tk, loket.StatusNeedsFix, note, t0)
		})
		return err
	}
	if err := fix("  "); key(err) != "ticket.err_fix_note" || !errors.Is(err, loket.ErrInvalid) {
		t.Fatalf("needs-fix without a note: %v", err)
	}
	if err := fix(strings.Repeat("x", 1001)); key(err) != "ticket.err_note_long" {
		t.Fatalf("a note of 1001 characters: %v", err)
	}
	must(t, fix("The NPWP scan is unreadable; please send a clearer one."))
	var vendor string
	var meta loket.StatusMeta // the note kept on the change, for the vendor's status view
	must(t, e.tx(func(tx store.Tx) error {
		acts, err := tx.Activities(e.ctx, e.ticket.ID)
		for _, a := range acts {
			switch a.Kind {
			case loket.ActMessageOut:
				vendor = a.Body
			case loket.ActStatus:
				if err := json.Unmarshal(a.Meta, &meta); err != nil {
					return err
				}
			}
		}
		return err
	}))
	if meta.To != loket.StatusNeedsFix || meta.Note != "The NPWP scan is unreadable; please send a clearer one." {
		t.Fatalf("status activity meta %+v, want the needs-fix note", meta)
	}
	notice := e.cat.Text(loket.LangEN, "status.needs_fix", map[string]string{"ticket": "#1001", "vendor": "CV Maju Jaya"})
	if want := notice + "\n\nOfficer's note: The NPWP scan is unreadable; please send a clearer one."; vendor != want {
		t.Fatalf("vendor told %q, want %q", vendor, want)
	}

	// back to review, then needs-fix again with a document rejected: no note needed
	_, err := e.do(func(tx store.Tx, tk *loket.Ticket) (ops.Result, error) {
		return e.ops.SetStatus(e.ctx, tx, me, tk, loket.StatusInReview, t0)
	})
	must(t, err)
	must(t, e.tx(func(tx store.Tx) error {
		return tx.AddDocument(e.ctx, &loket.Document{TicketID: e.ticket.ID, Requirement: "npwp", FileName: "npwp.pdf",
			SHA256: strings.Repeat("b", 64), Size: 1000, Pages: 1, Status: loket.DocRejected, RejectReason: "Tidak terbaca.", CreatedAt: t0})
	}))
	must(t, fix(""))
}
