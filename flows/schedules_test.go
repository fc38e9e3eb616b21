package flows

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// The digest runs when the saved schedule says, and keeps that time on
// the following days.
func TestDigestFollowsTheSavedSchedule(t *testing.T) {
	wibTime := func(d, h, m int) time.Time { return time.Date(2026, 1, d, h, m, 0, 0, jakarta(t)) }
	r := newReminderRig(t, wibTime(5, 6, 0)) // Monday 06:00 WIB
	tk, _ := r.vendorTicket("6286666")
	r.tx(func(tx storetest.Tx) error {
		b, _ := json.Marshal(Schedules{Digest: "15 8 * * 1-5", Sweep: "*/15 * * * *"})
		if err := tx.SaveSetting(context.Background(), SchedulesKey, b, r.clock.Now()); err != nil {
			return err
		}
		return r.f.EnsureBookingJobs(context.Background(), tx, r.clock.Now())
	})
	r.book(tk, wibTime(5, 11, 0))
	r.book(tk, wibTime(6, 11, 0))
	r.at(wibTime(5, 7, 30))
	if d := r.sent(loket.ChannelTelegram, "777"); len(d) != 0 {
		t.Fatalf("digest at 07:30 although the schedule says 08:15: %q", d)
	}
	r.at(wibTime(5, 8, 15))
	r.at(wibTime(6, 8, 15))
	if d := r.sent(loket.ChannelTelegram, "777"); len(d) != 2 || !strings.Contains(d[1], "11.00 "+tk.Ref()) {
		t.Fatalf("digests = %q, want one on Monday and one on Tuesday at 08:15", d)
	}
}

func TestSchedulesValidate(t *testing.T) {
	if err := DefaultSchedules().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, s := range []Schedules{
		{Digest: "30 7 * *", Sweep: "*/15 * * * *"},            // four fields
		{Digest: "30 7 * * *", Sweep: "@every 15m"},            // a descriptor
		{Digest: "CRON_TZ=UTC 30 7 * * *", Sweep: "* * * * *"}, // a time zone
		{Digest: "61 7 * * *", Sweep: "* * * * *"},             // out of range
	} {
		if err := s.Validate(); loket.ErrorCode(err) != loket.EInvalid {
			t.Errorf("%+v: %v, want invalid", s, err)
		}
	}
}
