package flows

import (
	"context"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/store/memory"
	"loket/store/storetest"
)

// restart replaces the rig's engines with two brand-new ones over the same
// store, as after a deploy: nothing survives but the database (the
// ephemeral store is new too).
func (r *reminderRig) restart() {
	r.t.Helper()
	old := r.engines
	noop := bot.HandlerFunc[storetest.Tx](func(context.Context, storetest.Tx, *loket.Turn) error { return nil })
	eph := memory.New(r.clock)
	r.engines = nil
	for range 2 {
		e := bot.New[storetest.Tx](bot.Config{Location: r.loc}, r.st, noop, eph, r.clock, nil, nil)
		for _, k := range BookingJobKinds {
			e.HandleJob(k, func(ctx context.Context, tx storetest.Tx, j *loket.Job, now time.Time) error {
				return r.f.RunBookingJob(ctx, tx, j, now)
			})
		}
		r.engines = append(r.engines, e)
	}
	for _, e := range r.engines {
		for _, o := range old {
			if e == o {
				r.t.Fatal("restart reused an engine")
			}
		}
	}
}

// A call booked before a restart gets its reminders from the new
// processes, each exactly once, although two of them tick at the due
// time together.
func TestReminderSentOnceAfterRestart(t *testing.T) {
	wib := func(d, h, m int) time.Time { return time.Date(2026, 1, d, h, m, 0, 0, jakarta(t)) }
	r := newReminderRig(t, wib(5, 9, 0)) // Monday 09:00 WIB
	chats := []string{"6287001", "6287002", "6287003", "6287004"}
	for i, chat := range chats {
		tk, _ := r.vendorTicket(chat)
		r.book(tk, wib(6, 11, 0).Add(time.Duration(i)*20*time.Minute)) // Tuesday from 11:00
	}
	r.at(wib(5, 12, 0)) // the old processes run before anything is due
	for _, chat := range chats {
		if got := r.sent(loket.ChannelWhatsApp, chat); len(got) != 0 {
			t.Fatalf("%s: sent before the due time: %q", chat, got)
		}
	}

	r.restart()
	r.at(wib(5, 16, 0)) // due: both new engines tick at once
	r.at(wib(5, 16, 1)) // and again: nothing left to claim
	for i, chat := range chats {
		want := "besok, Selasa, 6 Januari 2026 pukul " + []string{"11.00", "11.20", "11.40", "12.00"}[i] + " WIB"
		got := r.sent(loket.ChannelWhatsApp, chat)
		if len(got) != 1 || !strings.Contains(got[0], want) {
			t.Errorf("%s: day-before reminders = %q; want exactly one saying %q", chat, got, want)
		}
	}

	r.restart() // once more before the hour-before reminder of the first call
	r.at(wib(6, 10, 0))
	r.at(wib(6, 10, 1))
	got := r.sent(loket.ChannelWhatsApp, chats[0])
	if len(got) != 2 || count(got, "Satu jam lagi (Selasa, 6 Januari 2026 pukul 11.00 WIB)") != 1 {
		t.Errorf("%s after the hour-before reminder: %q", chats[0], got)
	}
}
