package main

import (
	"slices"
	"testing"
	"time"

	tt "loket/bot/telegram/telegramtest"
)

// TestStepStages: a step's stages are never negative, events in one
// millisecond give 0 whichever source stamped them, and a step whose
// bounds are out of order is left out with why, not split.
func TestStepStages(t *testing.T) {
	base := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	at := func(us int) time.Time { return base.Add(time.Duration(us) * time.Microsecond) }
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	inOrder := stepTimes{pushed: at(0), served: at(2_300), handled: at(5_000), created: at(6_000),
		claimed: at(9_000), replied: at(12_400)}
	cases := []struct {
		name string
		t    stepTimes
		want []time.Duration
		why  string
	}{
		{"in order", inOrder, []time.Duration{ms(2), ms(3), ms(1), ms(3), ms(3)}, ""},
		// SQLite keeps milliseconds: a claim 0.2 ms after getUpdates, in
		// the same millisecond, is stored before it.
		{"one millisecond, two resolutions", stepTimes{pushed: at(0), served: at(2_700), handled: at(2_000),
			created: at(2_000), claimed: at(2_000), replied: at(2_900)}, []time.Duration{ms(2), 0, 0, 0, 0}, ""},
		// A reply written leased takes its lease from the batch's clock,
		// read before the reply's creation time: no wait for a lease.
		{"written leased", func() stepTimes {
			s := inOrder
			s.claimed = at(4_500)
			return s
		}(), []time.Duration{ms(2), ms(3), ms(1), 0, ms(6)}, ""},
		{"first reply queued before the message was handled", func() stepTimes {
			s := inOrder
			s.created = at(4_000)
			return s
		}(), nil, "answered by an earlier reply"},
		{"lease renewed after the reply reached the platform", func() stepTimes {
			s := inOrder
			s.claimed = at(13_000)
			return s
		}(), nil, "lease renewed during the send"},
		{"handled before it was handed out", func() stepTimes {
			s := inOrder
			s.handled = at(1_000)
			return s
		}(), nil, "handled before served"},
		{"no row for the reply", func() stepTimes {
			s := inOrder
			s.created, s.claimed = time.Time{}, time.Time{}
			return s
		}(), nil, "no queued time"},
		{"never handed out", func() stepTimes {
			s := inOrder
			s.served = time.Time{}
			return s
		}(), nil, "no served time"},
	}
	for _, c := range cases {
		got, why := c.t.stages()
		if why != c.why || !slices.Equal(got, c.want) {
			t.Errorf("%s: stages = %v, %q; want %v, %q", c.name, got, why, c.want, c.why)
		}
		for _, d := range got {
			if d < 0 {
				t.Errorf("%s: negative stage in %v", c.name, got)
			}
		}
	}
}

func TestInboundExternalID(t *testing.T) {
	msg := tt.Private(7, 100_123, "halo")
	if got := inboundExternalID(msg); got != "m100123:7" {
		t.Errorf("message: %q", got)
	}
	cb := tt.CallbackOn("q100123-8", 100_123, 7, "menu", nil, "x")
	if got := inboundExternalID(cb); got != "cq100123-8" {
		t.Errorf("callback query: %q", got)
	}
}
