package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"loket"
)

// testOutboxLeases: a sender whose lease was taken over changes nothing
// (sent, retry, failed, renew all give a conflict); the holder renews its
// lease and may mark the message sent twice (a retry after a lost
// connection); a retry ends the lease.
func testOutboxLeases(t *testing.T, s Store) {
	ctx := ctxT(t)
	m := out(loket.ChannelTelegram, "lease", "satu")
	enqueue(t, s, m)
	a, err := s.ClaimOutbound(ctx, loket.ChannelTelegram, t0, 10*time.Second, 10, 0)
	must(t, err)
	if len(a) != 1 || a[0].LeaseToken == 0 {
		t.Fatalf("claim A = %+v", a)
	}
	// A stalls past its lease; B takes the message over.
	b, err := s.ClaimOutbound(ctx, loket.ChannelTelegram, t0.Add(11*time.Second), 10*time.Second, 10, 0)
	must(t, err)
	if len(b) != 1 || b[0].ID != m.ID || b[0].LeaseToken == a[0].LeaseToken {
		t.Fatalf("claim B = %+v (A's token %d)", b, a[0].LeaseToken)
	}
	stale := a[0].LeaseToken
	wantErr(t, s.OutboundSent(ctx, m.ID, stale, "a-1", t0.Add(12*time.Second)), loket.ErrConflict)
	wantErr(t, s.OutboundRetry(ctx, m.ID, stale, t0.Add(time.Hour), "429"), loket.ErrConflict)
	wantErr(t, s.OutboundFailed(ctx, m.ID, stale, "blocked", t0), loket.ErrConflict)
	held, err := s.RenewOutbound(ctx, t0.Add(time.Hour), leasesOf(stale, m.ID))
	must(t, err)
	if len(held) != 0 {
		t.Fatalf("stale renew held %v", held)
	}
	got, err := s.OutboundByID(ctx, m.ID)
	must(t, err)
	if got.Status != loket.OutQueued || got.Attempts != 2 || !got.NextAttemptAt.Equal(t0.Add(21*time.Second)) || got.LastError != "" {
		t.Fatalf("after the stale holder = %+v", got)
	}
	// B's heartbeat keeps it: nobody claims it at +25s.
	held, err = s.RenewOutbound(ctx, t0.Add(31*time.Second), leasesOf(b[0].LeaseToken, m.ID, 999999))
	must(t, err)
	if !slices.Equal(held, []int64{m.ID}) {
		t.Fatalf("renew held %v", held)
	}
	c, err := s.ClaimOutbound(ctx, loket.ChannelTelegram, t0.Add(25*time.Second), 10*time.Second, 10, 0)
	must(t, err)
	if len(c) != 0 {
		t.Fatalf("claimed a renewed message: %+v", c)
	}
	must(t, s.OutboundSent(ctx, m.ID, b[0].LeaseToken, "b-1", t0.Add(26*time.Second)))
	must(t, s.OutboundSent(ctx, m.ID, b[0].LeaseToken, "b-1", t0.Add(26*time.Second))) // marking again is harmless
	wantErr(t, s.OutboundSent(ctx, m.ID, stale, "a-1", t0.Add(27*time.Second)), loket.ErrConflict)
	got, err = s.OutboundByID(ctx, m.ID)
	must(t, err)
	if got.Status != loket.OutSent || got.ExternalID != "b-1" {
		t.Fatalf("sent = %+v", got)
	}
	held, err = s.RenewOutbound(ctx, t0.Add(time.Hour), leasesOf(b[0].LeaseToken, m.ID))
	must(t, err)
	if len(held) != 0 {
		t.Fatalf("renewed a sent message: %v", held)
	}

	// A retry ends the lease: the old token neither renews nor marks.
	r := out(loket.ChannelTelegram, "lease-2", "dua")
	enqueue(t, s, r)
	cl, err := s.ClaimOutbound(ctx, loket.ChannelTelegram, t0, time.Minute, 10, 0)
	must(t, err)
	if len(cl) != 1 || cl[0].ID != r.ID {
		t.Fatalf("claim r = %+v", cl)
	}
	must(t, s.OutboundRetry(ctx, r.ID, cl[0].LeaseToken, t0.Add(time.Hour), "429"))
	held, err = s.RenewOutbound(ctx, t0.Add(2*time.Hour), leasesOf(cl[0].LeaseToken, r.ID))
	must(t, err)
	if len(held) != 0 {
		t.Fatalf("renewed after retry: %v", held)
	}
	wantErr(t, s.OutboundSent(ctx, r.ID, cl[0].LeaseToken, "x", t0), loket.ErrConflict)
	got, err = s.OutboundByID(ctx, r.ID)
	must(t, err)
	if got.Status != loket.OutQueued || !got.NextAttemptAt.Equal(t0.Add(time.Hour)) || got.Attempts != 1 {
		t.Fatalf("retried = %+v", got)
	}
	// A release hands the message back without counting the attempt,
	// keeping the last error; a stale token changes nothing.
	cl, err = s.ClaimOutbound(ctx, loket.ChannelTelegram, t0.Add(time.Hour), time.Minute, 10, 0)
	must(t, err)
	if len(cl) != 1 || cl[0].Attempts != 2 {
		t.Fatalf("claim r again = %+v", cl)
	}
	wantErr(t, s.OutboundRelease(ctx, r.ID, stale, t0, ""), loket.ErrConflict)
	must(t, s.OutboundRelease(ctx, r.ID, cl[0].LeaseToken, t0.Add(2*time.Hour), ""))
	got, err = s.OutboundByID(ctx, r.ID)
	must(t, err)
	if got.Attempts != 1 || got.LastError != "429" || !got.NextAttemptAt.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("released = %+v", got)
	}
	wantErr(t, s.OutboundSent(ctx, r.ID, cl[0].LeaseToken, "x", t0), loket.ErrConflict)

	// One renewal for messages of several leases: each is renewed while its
	// own token holds it, whatever the others'.
	var ms []*loket.Outbound
	for _, chat := range []string{"renew-a", "renew-b", "renew-c"} {
		m := out(loket.ChannelWebChat, chat, "tiga")
		enqueue(t, s, m)
		ms = append(ms, m)
	}
	var leases []loket.HeldLease
	for range ms {
		c, err := s.ClaimOutbound(ctx, loket.ChannelWebChat, t0, time.Minute, 1, 0)
		must(t, err)
		if len(c) != 1 {
			t.Fatalf("claim one = %+v", c)
		}
		leases = append(leases, loket.HeldLease{ID: c[0].ID, Token: c[0].LeaseToken})
	}
	must(t, s.OutboundSent(ctx, leases[1].ID, leases[1].Token, "sent", t0))
	asked := append(slices.Clone(leases), loket.HeldLease{ID: leases[2].ID, Token: stale})
	held, err = s.RenewOutbound(ctx, t0.Add(3*time.Hour), asked)
	must(t, err)
	slices.Sort(held)
	if want := []int64{leases[0].ID, leases[2].ID}; !slices.Equal(held, want) {
		t.Fatalf("renewed %v of three leases (the second sent, a stale token beside the third), want %v", held, want)
	}
	for _, l := range []loket.HeldLease{leases[0], leases[2]} {
		got, err = s.OutboundByID(ctx, l.ID)
		must(t, err)
		if !got.NextAttemptAt.Equal(t0.Add(3*time.Hour)) || got.LeaseToken != l.Token {
			t.Fatalf("renewed message = %+v, want its lease until +3h under its token", got)
		}
	}
}

// testJobLeases: a job holder whose lease was taken over changes nothing,
// and the new holder's heartbeat keeps the job.
func testJobLeases(t *testing.T, s Store) {
	ctx := ctxT(t)
	j := &loket.Job{Kind: "k", DueAt: t0, CreatedAt: t0}
	inTx(t, s, func(tx Tx) error { return tx.ScheduleJob(ctx, j) })
	a, err := s.ClaimJobs(ctx, t0, 10*time.Second, 10)
	must(t, err)
	if len(a) != 1 || a[0].Token == 0 {
		t.Fatalf("claim A = %+v", a)
	}
	b, err := s.ClaimJobs(ctx, t0.Add(11*time.Second), 10*time.Second, 10)
	must(t, err)
	if len(b) != 1 || b[0].ID != j.ID || b[0].Token == a[0].Token || b[0].Attempts != 2 {
		t.Fatalf("claim B = %+v", b)
	}
	stale := a[0].Token
	// The stale completion rolls back with everything it did.
	side := &loket.Job{Kind: "side-effect", DueAt: t0, CreatedAt: t0}
	err = s.InTx(ctx, func(tx Tx) error {
		must(t, tx.ScheduleJob(ctx, side))
		return tx.CompleteJob(ctx, j.ID, stale, t0.Add(12*time.Second))
	})
	wantErr(t, err, loket.ErrConflict)
	wantErr(t, s.RetryJob(ctx, j.ID, stale, t0, "x"), loket.ErrConflict)
	wantErr(t, s.BuryJob(ctx, j.ID, stale, "x", t0), loket.ErrConflict)
	wantErr(t, s.RenewJob(ctx, j.ID, stale, t0.Add(time.Hour)), loket.ErrConflict)
	// B's heartbeat: not claimable at +25s.
	must(t, s.RenewJob(ctx, j.ID, b[0].Token, t0.Add(31*time.Second)))
	c, err := s.ClaimJobs(ctx, t0.Add(25*time.Second), 10*time.Second, 10)
	must(t, err)
	if len(c) != 0 {
		t.Fatalf("claimed a renewed job or a rolled-back side effect: %+v", c)
	}
	inTx(t, s, func(tx Tx) error { return tx.CompleteJob(ctx, j.ID, b[0].Token, t0.Add(26*time.Second)) })
	wantErr(t, s.RenewJob(ctx, j.ID, b[0].Token, t0.Add(time.Hour)), loket.ErrConflict)
	wantErr(t, s.RetryJob(ctx, j.ID, b[0].Token, t0, "x"), loket.ErrConflict)
}

// testJobReschedule: rescheduling a running job keeps both runs (the new
// due time is a pending follow-up); rescheduling a job whose holder's
// lease ran out moves it and fences that holder out.
func testJobReschedule(t *testing.T, s Store) {
	ctx := ctxT(t)
	run := &loket.Job{Kind: "remind", Key: "r:1", Payload: []byte(`{"n":1}`), DueAt: t0, CreatedAt: t0}
	inTx(t, s, func(tx Tx) error { return tx.ScheduleJob(ctx, run) })
	a, err := s.ClaimJobs(ctx, t0, time.Minute, 10)
	must(t, err)
	if len(a) != 1 {
		t.Fatalf("claim = %+v", a)
	}
	next := &loket.Job{Kind: "remind", Key: "r:1", Payload: []byte(`{"n":2}`), DueAt: t0.Add(5 * time.Minute), CreatedAt: t0.Add(time.Second)}
	inTx(t, s, func(tx Tx) error { return tx.ScheduleJob(ctx, next) })
	if next.ID == run.ID {
		t.Fatalf("the running job was moved")
	}
	// A second reschedule moves the follow-up, not the running job.
	again := &loket.Job{Kind: "remind", Key: "r:1", Payload: []byte(`{"n":3}`), DueAt: t0.Add(6 * time.Minute), CreatedAt: t0.Add(2 * time.Second)}
	inTx(t, s, func(tx Tx) error { return tx.ScheduleJob(ctx, again) })
	if again.ID != next.ID {
		t.Fatalf("follow-up not moved: %d, want %d", again.ID, next.ID)
	}
	inTx(t, s, func(tx Tx) error { return tx.CompleteJob(ctx, run.ID, a[0].Token, t0.Add(3*time.Second)) })
	got, err := s.ClaimJobs(ctx, t0.Add(6*time.Minute), time.Minute, 10)
	must(t, err)
	if len(got) != 1 || got[0].ID != next.ID || !got[0].DueAt.Equal(t0.Add(6*time.Minute)) || !jsonEq(got[0].Payload, `{"n":3}`) {
		t.Fatalf("follow-up = %+v", got)
	}
	inTx(t, s, func(tx Tx) error { return tx.CompleteJob(ctx, next.ID, got[0].Token, t0.Add(6*time.Minute)) })

	// A holder that stalled past its lease: the schedule moves the job.
	crash := &loket.Job{Kind: "remind", Key: "r:2", DueAt: t0, CreatedAt: t0}
	inTx(t, s, func(tx Tx) error { return tx.ScheduleJob(ctx, crash) })
	h, err := s.ClaimJobs(ctx, t0, 10*time.Second, 10)
	must(t, err)
	if len(h) != 1 {
		t.Fatalf("claim = %+v", h)
	}
	moved := &loket.Job{Kind: "remind", Key: "r:2", DueAt: t0.Add(time.Hour), CreatedAt: t0.Add(20 * time.Second)}
	inTx(t, s, func(tx Tx) error { return tx.ScheduleJob(ctx, moved) })
	if moved.ID != crash.ID {
		t.Fatalf("an idle lease kept its row: %d, want %d", moved.ID, crash.ID)
	}
	err = s.InTx(ctx, func(tx Tx) error { return tx.CompleteJob(ctx, crash.ID, h[0].Token, t0.Add(21*time.Second)) })
	wantErr(t, err, loket.ErrConflict)
	got, err = s.ClaimJobs(ctx, t0.Add(time.Hour), time.Minute, 10)
	must(t, err)
	if len(got) != 1 || got[0].ID != crash.ID || got[0].Attempts != 1 {
		t.Fatalf("moved job = %+v", got)
	}
}

// testDeadJobs: a job that used up its attempts is set aside, listed, and
// queued again by an admin's retry.
func testDeadJobs(t *testing.T, s Store) {
	ctx := ctxT(t)
	j := &loket.Job{Kind: "doc.check", Key: "d:1", DueAt: t0, CreatedAt: t0}
	inTx(t, s, func(tx Tx) error { return tx.ScheduleJob(ctx, j) })
	got, err := s.ClaimJobs(ctx, t0, time.Minute, 10)
	must(t, err)
	if len(got) != 1 {
		t.Fatalf("claim = %+v", got)
	}
	wantErr(t, s.ReviveJob(ctx, j.ID, t0), loket.ErrConflict) // not dead
	must(t, s.BuryJob(ctx, j.ID, got[0].Token, "timeout", t0.Add(time.Second)))
	dead, err := s.DeadJobs(ctx, 10)
	must(t, err)
	if len(dead) != 1 || dead[0].ID != j.ID || dead[0].LastError != "timeout" || !dead[0].DeadAt.Equal(t0.Add(time.Second)) || dead[0].Attempts != 1 {
		t.Fatalf("dead = %+v", dead)
	}
	later, err := s.ClaimJobs(ctx, t0.Add(time.Hour), time.Minute, 10)
	must(t, err)
	oldest, err := s.OldestDueJob(ctx, t0.Add(time.Hour))
	must(t, err)
	if len(later) != 0 || !oldest.IsZero() {
		t.Fatalf("a dead job is due: %+v, oldest %v", later, oldest)
	}
	// Scheduling the key again makes a new job beside the dead one.
	fresh := &loket.Job{Kind: "doc.check", Key: "d:1", DueAt: t0.Add(2 * time.Hour), CreatedAt: t0.Add(time.Hour)}
	inTx(t, s, func(tx Tx) error { return tx.ScheduleJob(ctx, fresh) })
	if fresh.ID == j.ID {
		t.Fatalf("a dead job was moved by a schedule")
	}
	must(t, s.ReviveJob(ctx, j.ID, t0.Add(time.Hour)))
	wantErr(t, s.ReviveJob(ctx, 999999, t0), loket.ErrNotFound)
	got, err = s.ClaimJobs(ctx, t0.Add(time.Hour), time.Minute, 10)
	must(t, err)
	if len(got) != 1 || got[0].ID != j.ID || got[0].Attempts != 1 || !got[0].DeadAt.IsZero() {
		t.Fatalf("revived = %+v", got)
	}
	dead, err = s.DeadJobs(ctx, 10)
	must(t, err)
	if len(dead) != 0 {
		t.Fatalf("dead after revive = %+v", dead)
	}
}

// jsonEq compares JSON texts ignoring spaces (PostgreSQL's jsonb adds them).
func jsonEq(b []byte, want string) bool {
	return strings.ReplaceAll(string(b), " ", "") == strings.ReplaceAll(want, " ", "")
}

// testOutboxPerChat: a claim takes at most perChat messages of one chat,
// and a chat whose head is leased leaves the next claim to other chats.
func testOutboxPerChat(t *testing.T, s Store) {
	ctx := ctxT(t)
	var busy []*loket.Outbound
	for i := 0; i < 6; i++ {
		busy = append(busy, out(loket.ChannelWebChat, "busy", "b"))
	}
	enqueue(t, s, busy...)
	quiet := out(loket.ChannelWebChat, "quiet", "q")
	enqueue(t, s, quiet)
	got, err := s.ClaimOutbound(ctx, loket.ChannelWebChat, t0, time.Minute, 3, 2)
	must(t, err)
	if len(got) != 3 || got[0].ID != busy[0].ID || got[1].ID != busy[1].ID || got[2].ID != quiet.ID {
		t.Fatalf("first claim = %+v, want two of the busy chat and the quiet one", got)
	}
	got, err = s.ClaimOutbound(ctx, loket.ChannelWebChat, t0, time.Minute, 3, 2)
	must(t, err)
	if len(got) != 0 {
		t.Fatalf("claimed behind a leased head: %+v", got)
	}
}

// testUndelivered: the queued and failed messages of a channel are listed
// newest first; a message waiting for its retry can be made due now (an
// admin's retry), one in a sender's hand cannot.
func testUndelivered(t *testing.T, s Store) {
	ctx := ctxT(t)
	a, b, c := out(loket.ChannelWebhook, "wh_1", "a"), out(loket.ChannelWebhook, "wh_1", "b"), out(loket.ChannelWebhook, "wh_2", "c")
	enqueue(t, s, a, b, c)
	got, err := s.ClaimOutbound(ctx, loket.ChannelWebhook, t0, time.Minute, 10, 0)
	must(t, err)
	if len(got) != 3 {
		t.Fatalf("claim = %+v", got)
	}
	must(t, s.OutboundSent(ctx, c.ID, got[2].LeaseToken, "", t0))
	must(t, s.OutboundRetry(ctx, a.ID, got[0].LeaseToken, t0.Add(time.Hour), "503 Service Unavailable"))
	list, err := s.UndeliveredOutbound(ctx, loket.ChannelWebhook, 10)
	must(t, err)
	if len(list) != 2 || list[0].ID != b.ID || list[1].ID != a.ID || list[1].LastError != "503 Service Unavailable" ||
		!list[1].NextAttemptAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("undelivered = %+v", list)
	}
	wantErr(t, s.OutboundRequeue(ctx, b.ID, t0), loket.ErrConflict) // in a sender's hand
	wantErr(t, s.OutboundRequeue(ctx, c.ID, t0), loket.ErrConflict) // sent
	must(t, s.OutboundRequeue(ctx, a.ID, t0.Add(time.Minute)))
	m, err := s.OutboundByID(ctx, a.ID)
	must(t, err)
	if m.Status != loket.OutQueued || m.Attempts != 0 || !m.NextAttemptAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("retried now = %+v", m)
	}
}

// leasesOf is the leases of ids under token.
func leasesOf(token int64, ids ...int64) []loket.HeldLease {
	out := make([]loket.HeldLease, len(ids))
	for i, id := range ids {
		out[i] = loket.HeldLease{ID: id, Token: token}
	}
	return out
}
