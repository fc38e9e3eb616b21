package flows

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"loket"
	"loket/store/sqlite"
	"loket/store/storetest"
)

var _ testTx = storetest.Tx(nil) // the real transaction has every method the tests use

// sqliteBackend runs each turn the way the engine does: one InTx,
// ConversationForUpdate, Handle, then SaveContact and SaveConversation.
// Despite its name it runs over any real store (postgres_backend_test.go
// opens one on PostgreSQL).
type sqliteBackend struct{ s storetest.Store }

func newSQLiteBackend(t testing.TB) sqliteBackend {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "loket.db"), nil)
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return sqliteBackend{s: s}
}

func (b sqliteBackend) inTx(ctx context.Context, fn func(tx testTx) error) error {
	return b.s.InTx(ctx, func(tx storetest.Tx) error { return fn(tx) })
}

func (b sqliteBackend) turn(ctx context.Context, ch loket.Channel, chatID string, now time.Time,
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
		if err := fn(tx, ct, cv); err != nil {
			return err
		}
		if err := tx.SaveContact(ctx, ct); err != nil {
			return err
		}
		return tx.SaveConversation(ctx, cv)
	})
}
