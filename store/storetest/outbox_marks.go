package storetest

import (
	"slices"
	"testing"
	"time"

	"loket"
)

// testOutboxSentBatch: a batch of sent marks lands for each message whose
// token still holds its lease, and only for those; a stale holder's mark
// in the same batch as good ones changes nothing of its message, an
// unknown id is left out, and marking again under the same token lands.
func testOutboxSentBatch(t *testing.T, s Store) {
	ctx := ctxT(t)
	a, b, c := out(loket.ChannelTelegram, "mb1", "satu"), out(loket.ChannelTelegram, "mb2", "dua"), out(loket.ChannelTelegram, "mb3", "tiga")
	enqueue(t, s, a, b, c)
	first, err := s.ClaimOutbound(ctx, loket.ChannelTelegram, t0, 10*time.Second, 10, 0)
	must(t, err)
	if len(first) != 3 {
		t.Fatalf("claim = %+v", first)
	}
	stale := first[0].LeaseToken
	// The first holder stalls past its lease; b is taken over.
	must(t, s.OutboundRetry(ctx, a.ID, stale, t0, ""))
	must(t, s.OutboundRetry(ctx, c.ID, stale, t0, ""))
	taken, err := s.ClaimOutbound(ctx, loket.ChannelTelegram, t0.Add(11*time.Second), 10*time.Second, 10, 0)
	must(t, err)
	if len(taken) != 3 {
		t.Fatalf("second claim = %+v", taken)
	}
	tok := map[int64]int64{}
	for _, m := range taken {
		tok[m.ID] = m.LeaseToken
	}
	at := t0.Add(12 * time.Second)
	marks := []loket.SentMark{
		{ID: a.ID, Token: tok[a.ID], ExternalID: "a-1", At: at},
		{ID: b.ID, Token: stale, ExternalID: "stale-b", At: at},
		{ID: c.ID, Token: tok[c.ID], ExternalID: `c "1"`, At: at},
		{ID: 999999, Token: tok[a.ID], ExternalID: "x", At: at},
	}
	landed, err := s.OutboundSentBatch(ctx, marks)
	must(t, err)
	slices.Sort(landed)
	if want := []int64{a.ID, c.ID}; !slices.Equal(landed, want) {
		t.Fatalf("landed %v, want %v", landed, want)
	}
	for _, w := range []struct {
		id     int64
		status loket.OutboundStatus
		ext    string
	}{{a.ID, loket.OutSent, "a-1"}, {b.ID, loket.OutQueued, ""}, {c.ID, loket.OutSent, `c "1"`}} {
		got, err := s.OutboundByID(ctx, w.id)
		must(t, err)
		if got.Status != w.status || got.ExternalID != w.ext {
			t.Fatalf("message %d = %+v, want %s %q", w.id, got, w.status, w.ext)
		}
		if w.status == loket.OutSent && !got.SentAt.Equal(at) {
			t.Fatalf("message %d sent at %v, want %v", w.id, got.SentAt, at)
		}
	}
	// The holder of b marks it, and a again (a retry whose first try landed).
	landed, err = s.OutboundSentBatch(ctx, []loket.SentMark{
		{ID: b.ID, Token: tok[b.ID], ExternalID: "b-1", At: at},
		{ID: a.ID, Token: tok[a.ID], ExternalID: "a-1", At: at},
	})
	must(t, err)
	slices.Sort(landed)
	if want := []int64{a.ID, b.ID}; !slices.Equal(landed, want) {
		t.Fatalf("landed %v, want %v", landed, want)
	}
	landed, err = s.OutboundSentBatch(ctx, nil)
	if err != nil || len(landed) != 0 {
		t.Fatalf("empty batch = %v, %v", landed, err)
	}
	if d, err := s.QueueDepth(ctx); err != nil || d[loket.ChannelTelegram] != 0 {
		t.Fatalf("queue depth %v, %v", d, err)
	}
}
