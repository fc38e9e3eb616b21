package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"loket"
	"loket/store"
	"loket/store/postgres"
	"loket/store/storetest"

	"github.com/jackc/pgx/v5/pgxpool"
)

// freshSchema creates schema t_<random> and returns a pool configuration
// whose connections use it; the schema is dropped in Cleanup.
func freshSchema(t *testing.T) *pgxpool.Config {
	t.Helper()
	url := os.Getenv("LOKET_TEST_DATABASE_URL")
	if url == "" {
		t.Skip("LOKET_TEST_DATABASE_URL is not set: skipping the PostgreSQL store suite")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Errorf("cleanup connect: %v", err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	cfg.MaxConns = 8
	return cfg
}

func open(t *testing.T) storetest.Store {
	s, err := postgres.OpenConfig(context.Background(), freshSchema(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) { storetest.Run(t, open) }

func TestMigrationsIdempotent(t *testing.T) {
	cfg := freshSchema(t)
	for i := 0; i < 2; i++ {
		s, err := postgres.OpenConfig(context.Background(), cfg.Copy(), nil)
		if err != nil {
			t.Fatalf("open %d: %v", i+1, err)
		}
		s.Close()
	}
}

func TestOpenErrors(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, tc := range []struct{ name, url string }{
		{"unparsable", "postgres://%zz"},
		{"unreachable", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := postgres.Open(ctx, tc.url, nil)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			t.Log(err)
		})
	}
}

// An activity committed late (a lower id after the cursor moved past a
// higher one) is still seen by the timeline observers.
func TestLateCommitObserved(t *testing.T) { storetest.LateCommit(t, open(t)) }

// The tally counts statements and round trips: BEGIN travels with the
// transaction's first statement, COMMIT goes alone.
func TestTally(t *testing.T) {
	ctx := context.Background()
	s, err := postgres.OpenConfig(ctx, freshSchema(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stmts0, trips0 := s.Tally().Counts()
	err = s.InTx(ctx, func(tx store.Tx) error {
		_, err := tx.KnowledgeStamp(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	stmts, trips := s.Tally().Counts()
	if stmts-stmts0 != 3 || trips-trips0 != 2 {
		t.Fatalf("one read in a transaction counted %d statements in %d round trips, want 3 in 2", stmts-stmts0, trips-trips0)
	}
}

// ClaimBatch reads the configuration stamp in its own round trip: the
// turns' ConfigStamp then costs none.
func TestClaimBatchReadsConfigStamp(t *testing.T) {
	ctx := context.Background()
	s, err := postgres.OpenConfig(ctx, freshSchema(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	rec, err := s.RecordInbound(ctx, []loket.Inbound{{Channel: loket.ChannelWebChat, ExternalID: "s1", ChatID: "stamp",
		Kind: loket.InText, Text: "x", ReceivedAt: at}})
	if err != nil || len(rec) != 1 {
		t.Fatalf("record: %v %d", err, len(rec))
	}
	err = s.InTx(ctx, func(tx store.Tx) error {
		if _, err := tx.ClaimBatch(ctx, rec, at); err != nil {
			return err
		}
		_, trips0 := s.Tally().Counts()
		stamp, err := tx.ConfigStamp(ctx)
		if err != nil {
			return err
		}
		if _, trips := s.Tally().Counts(); trips != trips0 || stamp <= 0 {
			t.Errorf("ConfigStamp after ClaimBatch: stamp %d in %d round trips, want one read with the batch", stamp, trips-trips0)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// openWithPool opens the store on a fresh schema, and a pool of its own
// on that schema to read what the store wrote; both close in Cleanup.
func openWithPool(t *testing.T) (*postgres.Store, *pgxpool.Pool) {
	cfg := freshSchema(t)
	s, err := postgres.OpenConfig(context.Background(), cfg.Copy(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return s, pool
}

// TestHandledTimes runs storetest.HandledTimes, reading handled_at from
// the schema.
func TestHandledTimes(t *testing.T) {
	ctx := context.Background()
	s, pool := openWithPool(t)
	storetest.HandledTimes(t, s, func(id int64) time.Time {
		var at time.Time
		if err := pool.QueryRow(ctx, `SELECT handled_at FROM inbound WHERE id = $1`, id).Scan(&at); err != nil {
			t.Fatalf("read handled_at of %d: %v", id, err)
		}
		return at
	})
}

// Statements a turn does not need: a preload outlives reads, a turn's
// contact save and writes to other tables, not a conversation saved
// apart; a turn's contact save goes with the turns' writes. Each on a
// store of its own, its statements counted.
func TestStatementsSpared(t *testing.T) {
	for name, check := range map[string]func(*testing.T, storetest.Store, func() int64){
		"PreloadKept": storetest.PreloadKept, "ContactSaveGathered": storetest.ContactSaveGathered,
	} {
		t.Run(name, func(t *testing.T) {
			s, err := postgres.OpenConfig(context.Background(), freshSchema(t), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			check(t, s, func() int64 { n, _ := s.Tally().Counts(); return n })
		})
	}
}

// A chat opened ahead travels with the next statement: one round trip
// for both.
func TestOpenedAhead(t *testing.T) {
	s, err := postgres.OpenConfig(context.Background(), freshSchema(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.OpenedAhead(t, s, func() int64 { _, n := s.Tally().Counts(); return n })
}
