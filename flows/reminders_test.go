package flows

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/store/memory"
	"loket/store/sqlite"
	"loket/store/storetest"
)

// reminderRig is two engines over one SQLite store (two replicas, or a
// process before and after a restart) running the booking jobs.
type reminderRig struct {
	t       *testing.T
	f       *Flows
	st      *sqlite.Store
	clock   *loket.FixedClock
	engines []*bot.Engine[storetest.Tx]
	loc     *time.Location
	agent   *loket.Agent
}

func newReminderRig(t *testing.T, start time.Time) *reminderRig {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, migratedCopy(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	loc := jakarta(t)
	f, err := New(Config{Location: loc}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := &reminderRig{t: t, f: f, st: st, clock: loket.NewFixedClock(start), loc: loc}
	noop := bot.HandlerFunc[storetest.Tx](func(context.Context, storetest.Tx, *loket.Turn) error { return nil })
	for i := 0; i < 2; i++ {
		e := bot.New[storetest.Tx](bot.Config{Location: loc}, st, noop, memory.New(r.clock), r.clock, nil, nil)
		for _, k := range BookingJobKinds {
			e.HandleJob(k, func(ctx context.Context, tx storetest.Tx, j *loket.Job, now time.Time) error {
				return f.RunBookingJob(ctx, tx, j, now)
			})
		}
		r.engines = append(r.engines, e)
	}
	return r
}

// at sets the clock and ticks both engines at the same time.
func (r *reminderRig) at(t time.Time) {
	r.clock.Set(t)
	var wg sync.WaitGroup
	for _, e := range r.engines {
		wg.Add(1)
		go func() { defer wg.Done(); e.Tick(context.Background()) }()
	}
	wg.Wait()
}

func (r *reminderRig) tx(fn func(tx storetest.Tx) error) {
	r.t.Helper()
	if err := r.st.InTx(context.Background(), fn); err != nil {
		r.t.Fatal(err)
	}
}

// sent returns the texts sent to a chat so far.
func (r *reminderRig) sent(ch loket.Channel, chat string) []string {
	r.t.Helper()
	lines, err := r.st.Transcript(context.Background(), ch, chat, 0, 0, 200)
	if err != nil {
		r.t.Fatal(err)
	}
	var out []string
	for _, l := range lines {
		if l.OutboundID != 0 {
			out = append(out, l.Text)
		}
	}
	return out
}

// vendorTicket makes a vendor, its WhatsApp contact and an in-review
// registration ticket assigned to an officer linked to Telegram 777.
func (r *reminderRig) vendorTicket(chat string) (*loket.Ticket, *loket.Agent) {
	ctx := context.Background()
	var t *loket.Ticket
	r.tx(func(tx storetest.Tx) error {
		if r.agent == nil {
			r.agent = &loket.Agent{Username: "rina", Name: "Rina", Role: loket.RoleAgent, TelegramUserID: 777, Active: true}
			if err := tx.SaveAgent(ctx, r.agent); err != nil {
				return err
			}
		}
		ag := r.agent
		v := &loket.Vendor{Name: "CV " + chat, Form: loket.FormCompany, NPWP: chat + "000000000", Phone: "+" + chat, SPSEUserID: "USER" + chat}
		if err := tx.SaveVendor(ctx, v); err != nil {
			return err
		}
		ct := &loket.Contact{Channel: loket.ChannelWhatsApp, ChatID: chat, Lang: loket.LangID, VendorID: v.ID}
		if err := tx.SaveContact(ctx, ct); err != nil {
			return err
		}
		t = &loket.Ticket{VendorID: v.ID, ContactID: ct.ID, Channel: loket.ChannelWhatsApp, Title: "reg", Type: loket.TypeRegistration,
			Status: loket.StatusCallScheduled, AssigneeID: ag.ID, CreatedAt: r.clock.Now(), UpdatedAt: r.clock.Now()}
		return tx.CreateTicket(ctx, t)
	})
	return t, r.agent
}

// book books a call and plans its reminders as the chat flow does.
func (r *reminderRig) book(t *loket.Ticket, at time.Time) *loket.Appointment {
	a := &loket.Appointment{TicketID: t.ID, StartsAt: at, EndsAt: at.Add(20 * time.Minute), Phone: "+62811", CreatedAt: r.clock.Now()}
	r.tx(func(tx storetest.Tx) error {
		if err := tx.BookAppointment(context.Background(), a, 1); err != nil {
			return err
		}
		_, err := r.f.scheduleCallJobs(context.Background(), tx, a, r.clock.Now())
		return err
	})
	return a
}

func count(texts []string, sub string) int {
	n := 0
	for _, s := range texts {
		if strings.Contains(s, sub) {
			n++
		}
	}
	return n
}

func TestRemindersFireOnceAtTheirTimes(t *testing.T) {
	wibTime := func(d, h, m int) time.Time { return time.Date(2026, 1, d, h, m, 0, 0, jakarta(t)) }
	r := newReminderRig(t, wibTime(5, 9, 0)) // Monday 09:00 WIB
	tk, _ := r.vendorTicket("6281111")
	r.tx(func(tx storetest.Tx) error { return r.f.EnsureBookingJobs(context.Background(), tx, r.clock.Now()) })
	a := r.book(tk, wibTime(6, 11, 0)) // Tuesday 11:00

	r.at(wibTime(5, 15, 59))
	if got := r.sent(loket.ChannelWhatsApp, "6281111"); len(got) != 0 {
		t.Fatalf("sent before 16:00: %q", got)
	}
	r.at(wibTime(5, 16, 0))
	r.at(wibTime(5, 16, 1))
	got := r.sent(loket.ChannelWhatsApp, "6281111")
	if len(got) != 1 || !strings.Contains(got[0], "besok, Selasa, 6 Januari 2026 pukul 11.00 WIB") {
		t.Fatalf("day-before reminder = %q, want exactly one", got)
	}
	r.at(wibTime(6, 7, 30)) // morning digest to the officer
	if d := r.sent(loket.ChannelTelegram, "777"); len(d) != 1 || !strings.Contains(d[0], "11.00 "+tk.Ref()) {
		t.Fatalf("digest = %q", d)
	}
	r.at(wibTime(6, 9, 59))
	if n := len(r.sent(loket.ChannelWhatsApp, "6281111")); n != 1 {
		t.Fatalf("hour-before sent early (%d messages)", n)
	}
	r.at(wibTime(6, 10, 0))
	// A "restart": a third engine over the same store finds nothing left to do.
	r.engines = append(r.engines[:0], r.engines[1])
	r.at(wibTime(6, 10, 1))
	got = r.sent(loket.ChannelWhatsApp, "6281111")
	if len(got) != 2 || count(got, "Satu jam lagi (Selasa, 6 Januari 2026 pukul 11.00 WIB)") != 1 {
		t.Fatalf("after hour-before: %q", got)
	}
	off := r.sent(loket.ChannelTelegram, "777")
	if len(off) != 2 || count(off, "Satu jam lagi") != 1 {
		t.Fatalf("officer messages %q", off)
	}
	_ = a
	r.at(wibTime(7, 7, 30)) // Wednesday digest: no calls, nothing sent, next one planned
	if n := len(r.sent(loket.ChannelTelegram, "777")); n != 2 {
		t.Errorf("empty digest sent (%d)", n)
	}
}

func TestMovedAndClosedRemindersAreNotSent(t *testing.T) {
	wibTime := func(d, h, m int) time.Time { return time.Date(2026, 1, d, h, m, 0, 0, jakarta(t)) }
	r := newReminderRig(t, wibTime(5, 9, 0))
	moved, _ := r.vendorTicket("6282222")
	closed, _ := r.vendorTicket("6283333")
	old := r.book(moved, wibTime(6, 11, 0))
	r.book(closed, wibTime(6, 11, 20))
	// The vendor moves the call to Thursday without the old jobs being
	// cancelled (the run-time check must catch it); the other ticket closes.
	r.tx(func(tx storetest.Tx) error {
		old.Status = loket.ApptCancelled
		if err := tx.UpdateAppointment(context.Background(), old); err != nil {
			return err
		}
		closed.Status, closed.ClosedAt = loket.StatusClosed, r.clock.Now()
		return tx.UpdateTicket(context.Background(), closed)
	})
	r.book(moved, wibTime(8, 11, 0))
	for _, at := range []time.Time{wibTime(5, 16, 0), wibTime(6, 10, 0), wibTime(6, 10, 20)} {
		r.at(at)
	}
	if got := r.sent(loket.ChannelWhatsApp, "6282222"); len(got) != 0 {
		t.Errorf("moved call's old reminders sent: %q", got)
	}
	if got := r.sent(loket.ChannelWhatsApp, "6283333"); len(got) != 0 {
		t.Errorf("closed ticket's reminders sent: %q", got)
	}
	if got := r.sent(loket.ChannelTelegram, "777"); len(got) != 0 {
		t.Errorf("officer reminders for moved/closed calls sent: %q", got)
	}
	r.at(wibTime(7, 16, 0)) // day before the new Thursday call
	if got := r.sent(loket.ChannelWhatsApp, "6282222"); len(got) != 1 || !strings.Contains(got[0], "Kamis, 8 Januari 2026 pukul 11.00") {
		t.Errorf("new call's day-before reminder = %q", got)
	}
}

func TestSweepDocsMissingIdleAndOffer(t *testing.T) {
	wibTime := func(d, h, m int) time.Time { return time.Date(2026, 1, d, h, m, 0, 0, jakarta(t)) }
	r := newReminderRig(t, wibTime(5, 9, 0))
	tk, _ := r.vendorTicket("6284444")
	offer, _ := r.vendorTicket("6285555")
	r.tx(func(tx storetest.Tx) error {
		tk.Status = loket.StatusWaitingDocuments
		if err := tx.UpdateTicket(context.Background(), tk); err != nil {
			return err
		}
		offer.Status = loket.StatusInReview
		if err := tx.UpdateTicket(context.Background(), offer); err != nil {
			return err
		}
		return r.f.EnsureBookingJobs(context.Background(), tx, r.clock.Now())
	})
	const sweepEvery = 15 * time.Minute // the default sweep schedule, */15 * * * *
	step := func(until time.Time) {
		for now := r.clock.Now(); !now.After(until); now = now.Add(sweepEvery) {
			r.at(now)
		}
	}
	step(wibTime(5, 9, 30))
	if got := r.sent(loket.ChannelWhatsApp, "6285555"); len(got) != 1 || !strings.Contains(got[0], "Pilih harinya") {
		t.Fatalf("call offer = %q", got)
	}
	step(wibTime(7, 9, 30)) // 2 days
	got := r.sent(loket.ChannelWhatsApp, "6284444")
	if len(got) != 1 || !strings.Contains(got[0], "2 hari menunggu berkas") || !strings.Contains(got[0], "KTP") {
		t.Fatalf("2-day reminder = %q", got)
	}
	step(wibTime(12, 9, 30)) // 5 days, then 7 days silent: warning
	got = r.sent(loket.ChannelWhatsApp, "6284444")
	if count(got, "5 hari menunggu berkas") != 1 || count(got, "7 hari menunggu tanggapan") != 1 || len(got) != 3 {
		t.Fatalf("after a week: %q", got)
	}
	step(wibTime(15, 9, 30)) // 3 more days: closed
	got = r.sent(loket.ChannelWhatsApp, "6284444")
	if len(got) != 4 || !strings.Contains(got[3], "kami tutup") {
		t.Fatalf("closing message = %q", got)
	}
	r.tx(func(tx storetest.Tx) error {
		t2, err := tx.TicketByID(context.Background(), tk.ID)
		if err == nil && t2.Status != loket.StatusClosed {
			t.Errorf("ticket %s, want closed", t2.Status)
		}
		if err != nil {
			return err
		}
		acts, err := tx.Activities(context.Background(), tk.ID)
		var events []string // the reminders and the closing are events the console renders
		for _, a := range acts {
			if a.Kind == loket.ActSystem && a.Actor == loket.ActorBot {
				events = append(events, string(a.Meta))
			}
		}
		if want := `{"days":10,"event":"idle_closed","reminder":"ticket.idle.closed"}`; len(events) < 4 ||
			events[len(events)-1] != want || !strings.Contains(events[0], `"event":"reminder"`) {
			t.Errorf("timeline events %q, want reminders then %s", events, want)
		}
		return err
	})
	if got := r.sent(loket.ChannelWhatsApp, "6285555"); len(got) != 1 {
		t.Errorf("call offer repeated: %d", len(got))
	}
}
