package custody

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/internal/testkit"
	"loket/store"
	"loket/store/files"
)

var wib = time.FixedZone("WIB", 7*3600)

// now0 is the tests' "now": Monday 5 January 2026, 10:00 WIB.
var now0 = time.Date(2026, 1, 5, 10, 0, 0, 0, wib)

type env struct {
	t     *testing.T
	st    store.Store
	files *files.Dir
	c     *Custody
}

func newEnv(t *testing.T, open func(testing.TB) store.Store) *env {
	t.Helper()
	st := open(t)
	fd, err := files.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{InTx: func(ctx context.Context, fn func(Tx) error) error {
		return st.InTx(ctx, func(tx store.Tx) error { return fn(tx) })
	}, Blobs: fd, Location: wib})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, st: st, files: fd, c: c}
}

func (e *env) tx(fn func(tx store.Tx) error) {
	e.t.Helper()
	if err := e.st.InTx(context.Background(), fn); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) blob(body string) string {
	e.t.Helper()
	sha, err := e.files.Put(context.Background(), []byte(body))
	if err != nil {
		e.t.Fatal(err)
	}
	return sha
}

func (e *env) exists(sha string) bool {
	ok, err := e.files.Exists(context.Background(), sha)
	if err != nil {
		e.t.Fatal(err)
	}
	return ok
}

// ticket creates a ticket with documents (one per sha) and moves it to
// status at `at`.
func (e *env) ticket(tx store.Tx, status loket.TicketStatus, at time.Time, shas ...string) *loket.Ticket {
	e.t.Helper()
	ctx := context.Background()
	tk := &loket.Ticket{Channel: loket.ChannelWebChat, Title: loket.RegistrationTitle, Type: loket.TypeRegistration, CreatedAt: at.Add(-day)}
	must(e.t, tx.CreateTicket(ctx, tk))
	for i, sha := range shas {
		must(e.t, tx.AddDocument(ctx, &loket.Document{TicketID: tk.ID, Requirement: fmt.Sprintf("req%d", i), FileName: "scan.pdf",
			SHA256: sha, CreatedAt: at.Add(-day)}))
	}
	if status != loket.StatusNew {
		must(e.t, loket.SetStatus(ctx, tx, tk, status, loket.ActorAgent, 0, "", at))
	}
	return tk
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// runDue claims the retention jobs due at `at` and runs each as the
// engine does (I/O step, then the transactional step with completion).
func (e *env) runDue(at time.Time) int {
	e.t.Helper()
	ctx := context.Background()
	jobs, err := e.st.ClaimJobs(ctx, at, time.Minute, 10)
	must(e.t, err)
	for _, j := range jobs {
		if j.Kind != JobRetention {
			e.t.Fatalf("unexpected job %s", j.Kind)
		}
		commit, err := e.c.PrepareRun(ctx, &j, at)
		must(e.t, err)
		e.tx(func(tx store.Tx) error {
			if err := commit(ctx, tx, at); err != nil {
				return err
			}
			return tx.CompleteJob(ctx, j.ID, j.Token, at)
		})
	}
	return len(jobs)
}

func (e *env) audits(prefix string) []string {
	var out []string
	e.tx(func(tx store.Tx) error {
		all, err := tx.ListAudit(context.Background(), "", 1000)
		for _, a := range all {
			if strings.HasPrefix(a.Action, prefix) {
				out = append(out, a.Action+" "+a.Object)
			}
		}
		return err
	})
	slices.Sort(out)
	return out
}

// TestRetentionPreviewMatchesRun: the preview of the next run lists
// exactly what the run removes, on both databases; shared files and
// everything not yet due stay; each removal is audited.
func TestRetentionPreviewMatchesRun(t *testing.T) {
	for name, open := range testkit.Stores(t, "custody") {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, open)
			ctx := context.Background()
			shared, old1, old2, recent := e.blob("%PDF shared"), e.blob("%PDF old1"), e.blob("%PDF old2"), e.blob("%PDF recent")
			var closed, verified, open, fresh *loket.Ticket
			var idle, busy *loket.Contact
			e.tx(func(tx store.Tx) error {
				closed = e.ticket(tx, loket.StatusClosed, now0.Add(-100*day), old1, shared)
				verified = e.ticket(tx, loket.StatusVerified, now0.Add(-95*day), old2)
				open = e.ticket(tx, loket.StatusInReview, now0.Add(-200*day), shared)
				fresh = e.ticket(tx, loket.StatusClosed, now0.Add(-10*day), recent)
				must(t, tx.AddActivity(ctx, &loket.Activity{TicketID: closed.ID, Kind: loket.ActMessageIn, Body: "NIK 3271…", CreatedAt: now0.Add(-400 * day)}))
				must(t, tx.AddActivity(ctx, &loket.Activity{TicketID: fresh.ID, Kind: loket.ActMessageIn, Body: "baru", CreatedAt: now0.Add(-10 * day)}))
				var err error
				if _, idle, err = tx.OpenConversation(ctx, loket.ChannelWebChat, "idle", now0.Add(-40*day)); err != nil {
					return err
				}
				_, busy, err = tx.OpenConversation(ctx, loket.ChannelWebChat, "busy", now0.Add(-5*day))
				return err
			})
			e.tx(func(tx store.Tx) error { return e.c.EnsureScheduled(ctx, tx, now0) })

			var preview *Plan
			var next time.Time
			e.tx(func(tx store.Tx) error {
				var err error
				if next, err = e.c.NextRun(ctx, tx, now0); err != nil {
					return err
				}
				preview, err = e.c.Preview(ctx, tx, now0)
				return err
			})
			if want := time.Date(2026, 1, 6, 2, 0, 0, 0, wib); !next.Equal(want) || !preview.Now.Equal(want) {
				t.Fatalf("next run %v, preview at %v; want %v", next, preview.Now, want)
			}
			var wantAudit []string
			for _, d := range preview.Documents {
				wantAudit = append(wantAudit, "retention.document document:"+itoa(d.ID))
			}
			for _, tx := range preview.Texts {
				wantAudit = append(wantAudit, "retention.messages ticket:"+itoa(tx.TicketID))
			}
			for _, ch := range preview.Chats {
				wantAudit = append(wantAudit, "retention.webchat contact:"+itoa(ch.ContactID))
			}
			slices.Sort(wantAudit)
			if len(preview.Documents) != 3 || preview.TextCount != 1 || len(preview.Chats) != 1 || preview.Chats[0].ContactID != idle.ID {
				t.Fatalf("preview = %+v", preview)
			}

			if n := e.runDue(next.Add(-time.Second)); n != 0 {
				t.Fatalf("%d jobs ran before the schedule", n)
			}
			if n := e.runDue(next); n != 1 {
				t.Fatalf("%d jobs ran at the schedule, want 1", n)
			}
			if got := e.audits("retention."); !slices.Equal(got, wantAudit) {
				t.Fatalf("audited removals:\n%v\npreview:\n%v", got, wantAudit)
			}
			for sha, want := range map[string]bool{old1: false, old2: false, shared: true, recent: true} {
				if e.exists(sha) != want {
					t.Errorf("file %.8s exists = %v, want %v", sha, !want, want)
				}
			}
			e.tx(func(tx store.Tx) error {
				for _, tk := range []*loket.Ticket{closed, verified} {
					docs, err := tx.Documents(ctx, tk.ID)
					must(t, err)
					for _, d := range docs {
						if d.SHA256 != "" || d.FileName != "" {
							t.Errorf("document %d of #%d kept %q %q", d.ID, tk.Number, d.FileName, d.SHA256)
						}
					}
				}
				if docs, _ := tx.Documents(ctx, open.ID); docs[0].SHA256 != shared {
					t.Errorf("the open ticket's document lost its file: %+v", docs[0])
				}
				if _, err := tx.ContactByID(ctx, idle.ID); !errors.Is(err, loket.ErrNotFound) {
					t.Errorf("idle web chat kept: %v", err)
				}
				if _, err := tx.ContactByID(ctx, busy.ID); err != nil {
					t.Errorf("recent web chat removed: %v", err)
				}
				// Nothing is due any more, and the next run is a day later.
				p, err := e.c.Plan(ctx, tx, next)
				must(t, err)
				if !p.Empty() {
					t.Errorf("due after the run: %+v", p)
				}
				n, err := e.c.NextRun(ctx, tx, next)
				if want := next.Add(24 * time.Hour); err != nil || !n.Equal(want) {
					t.Errorf("next run %v, %v; want %v", n, err, want)
				}
				return nil
			})
		})
	}
}

// A run larger than a batch continues at once until everything due is
// gone; a schedule changed meanwhile retires the old run.
func TestRetentionBatchesAndReschedule(t *testing.T) {
	for name, open := range testkit.Stores(t, "custody") {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, open)
			e.c.batch = 2
			ctx := context.Background()
			var shas []string
			e.tx(func(tx store.Tx) error {
				for i := range 5 {
					sha := e.blob(fmt.Sprintf("%%PDF %d", i))
					shas = append(shas, sha)
					e.ticket(tx, loket.StatusClosed, now0.Add(-100*day), sha)
				}
				return e.c.EnsureScheduled(ctx, tx, now0)
			})
			// An admin moves the run to 03:30 before it happens.
			s := Defaults()
			s.Schedule = "30 3 * * *"
			e.tx(func(tx store.Tx) error { return e.c.SaveSettings(ctx, tx, s, 7, now0) })
			at := time.Date(2026, 1, 6, 2, 0, 0, 0, wib)
			if n := e.runDue(at); n != 1 {
				t.Fatalf("%d jobs at the old time", n)
			}
			if got := e.audits("retention.document"); len(got) != 0 {
				t.Fatalf("the retired run removed %v", got)
			}
			at = time.Date(2026, 1, 6, 3, 30, 0, 0, wib)
			for i := 0; i < 5 && e.runDue(at) > 0; i++ {
			}
			if got := e.audits("retention.document"); len(got) != 5 {
				t.Fatalf("removed %d documents, want 5: %v", len(got), got)
			}
			for _, sha := range shas {
				if e.exists(sha) {
					t.Fatalf("file %.8s left", sha)
				}
			}
			if got := e.audits("retention.settings"); len(got) != 1 {
				t.Fatalf("settings change audited %v", got)
			}
		})
	}
}

func TestSettingsValidate(t *testing.T) {
	if err := Defaults().Validate(); err != nil {
		t.Fatal(err)
	}
	for _, s := range []Settings{
		{DocumentsDays: -1, Schedule: "0 2 * * *"},
		{MessagesDays: maxDays + 1, Schedule: "0 2 * * *"},
		{Schedule: "@daily"},
		{Schedule: "0 0 2 * * *"},
		{Schedule: "every day"},
		{Schedule: "CRON_TZ=UTC 0 2 * * *"},
		{Schedule: "0 2 30 2 *"}, // 30 February never comes
	} {
		err := s.Validate()
		if err == nil {
			_, err = s.Next(now0, wib)
		}
		if !errors.Is(err, loket.ErrInvalid) {
			t.Errorf("%+v: %v", s, err)
		}
	}
}

// FuzzSchedule: any expression either is refused as invalid or yields a
// next run after the given time.
func FuzzSchedule(f *testing.F) {
	for _, s := range []string{"0 2 * * *", "@daily", "*/5 * * * *", "0 0 31 2 *", "x", "CRON_TZ=Asia/Jakarta 0 2 * * *"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		s := Defaults()
		s.Schedule = spec
		next, err := s.Next(now0, wib)
		if err != nil {
			if !errors.Is(err, loket.ErrInvalid) {
				t.Fatalf("%q: %v", spec, err)
			}
			return
		}
		if !next.After(now0) {
			t.Fatalf("%q: next %v not after %v", spec, next, now0)
		}
	})
}
