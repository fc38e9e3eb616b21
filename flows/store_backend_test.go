package flows

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"loket"
	"loket/internal/testkit"
	"loket/store/sqlite"
	"loket/store/storetest"
)

// testTx is what the transcript tests need from a transaction: the
// flows' Tx (scene-setting uses its UpdateTicket and AddDocument).
type testTx interface {
	Tx
	SaveKnowledge(ctx context.Context, k *loket.KnowledgeVersion) error
	KnowledgeStamp(ctx context.Context) (int64, error)
	OpenBotQuestions(ctx context.Context, limit int) ([]loket.BotQuestion, error)
	BotQuestionsBetween(ctx context.Context, from, to time.Time) ([]loket.BotQuestion, error)
}

var _ testTx = storetest.Tx(nil) // the real transaction has every method the tests use

// backend runs one engine-like turn: load (or create) the chat's contact
// and conversation, call fn, save both; all or nothing.
type backend interface {
	turn(ctx context.Context, ch loket.Channel, chatID string, now time.Time,
		fn func(tx testTx, ct *loket.Contact, cv *loket.Conversation) error) error
	inTx(ctx context.Context, fn func(tx testTx) error) error
}

// storeBackend runs each turn the way the engine does: one InTx,
// ConversationForUpdate, Handle, then SaveContact and SaveConversation,
// over any real store (newSQLiteBackend opens SQLite,
// postgres_backend_test.go PostgreSQL). failOn, when set to "AddActivity", makes that
// method fail, to prove a failed turn leaves nothing behind.
type storeBackend struct {
	s      storetest.Store
	failOn *string
}

func newSQLiteBackend(t testing.TB) storeBackend {
	t.Helper()
	s, err := sqlite.Open(context.Background(), migratedCopy(t), nil)
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return storeBackend{s: s, failOn: new(string)}
}

// errInjected is the failure failOn injects.
var errInjected = errors.New("injected failure")

// failingTx fails AddActivity and NoteActivity while failOn says so.
type failingTx struct {
	storetest.Tx
	failOn *string
}

func (f failingTx) AddActivity(ctx context.Context, a *loket.Activity) error {
	if f.failOn != nil && *f.failOn == "AddActivity" {
		return errInjected
	}
	return f.Tx.AddActivity(ctx, a)
}

func (f failingTx) NoteActivity(ctx context.Context, a *loket.Activity) error {
	if f.failOn != nil && *f.failOn == "AddActivity" {
		return errInjected
	}
	return f.Tx.NoteActivity(ctx, a)
}

func (b storeBackend) wrap(tx storetest.Tx) testTx { return failingTx{Tx: tx, failOn: b.failOn} }

func (b storeBackend) inTx(ctx context.Context, fn func(tx testTx) error) error {
	return b.s.InTx(ctx, func(tx storetest.Tx) error { return fn(b.wrap(tx)) })
}

func (b storeBackend) turn(ctx context.Context, ch loket.Channel, chatID string, now time.Time,
	fn func(tx testTx, ct *loket.Contact, cv *loket.Conversation) error) error {
	return b.s.InTx(ctx, func(tx storetest.Tx) error {
		cv, err := tx.ConversationForUpdate(ctx, ch, chatID, now)
		if err != nil {
			return err
		}
		ct, err := tx.ContactByID(ctx, cv.ContactID)
		if err != nil {
			return err
		}
		if err := fn(b.wrap(tx), ct, cv); err != nil {
			return err
		}
		if err := tx.SaveContact(ctx, ct); err != nil {
			return err
		}
		return tx.SaveConversation(ctx, cv)
	})
}

// tickets lists every ticket in the store, newest first.
func (b storeBackend) tickets(t testing.TB) []loket.Ticket {
	t.Helper()
	var ts []loket.Ticket
	err := b.inTx(bg, func(tx testTx) error {
		var err error
		ts, err = tx.ListTickets(bg, loket.TicketFilter{Limit: 200})
		return err
	})
	if err != nil {
		t.Fatalf("list tickets: %v", err)
	}
	return ts
}

// activities lists the timeline entries of every ticket in the store.
func (b storeBackend) activities(t testing.TB) []loket.Activity {
	t.Helper()
	var out []loket.Activity
	err := b.inTx(bg, func(tx testTx) error {
		ts, err := tx.ListTickets(bg, loket.TicketFilter{Limit: 200})
		if err != nil {
			return err
		}
		for _, tk := range ts {
			acts, err := tx.Activities(bg, tk.ID)
			if err != nil {
				return err
			}
			out = append(out, acts...)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("list activities: %v", err)
	}
	return out
}

// scratchDir is a temporary directory for a throwaway database: on the
// machine's tmpfs (/dev/shm) when it has one, where a commit's fsync costs
// nothing (the transcripts and the monkey vendor commit thousands of
// turns), else t.TempDir.
// migratedCopy returns the path of a fresh copy of a migrated database
// in a scratch directory of the test.
func migratedCopy(t testing.TB) string { return testkit.MigratedSQLite(t, scratchDir(t)) }

func scratchDir(t testing.TB) string {
	t.Helper()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "loket-flows-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}
