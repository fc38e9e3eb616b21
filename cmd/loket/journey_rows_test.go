package main

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"testing"
	"time"

	"loket"
	"loket/internal/testkit"
	"loket/store/postgres"
	"loket/store/sqlite"
	"loket/store/storetest"
)

// TestStepRows: the breakdown reads a step's times from the rows of its
// message and of the reply that was its first, and takes the reply's
// claim from the lease end its claim gave, not the one a renewal moved
// it to; on both backends.
func TestStepRows(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	type backend struct {
		name string
		open func(t *testing.T) (storetest.Store, *sql.DB)
	}
	backends := []backend{{"sqlite", func(t *testing.T) (storetest.Store, *sql.DB) {
		path := testkit.MigratedSQLite(t, t.TempDir())
		st, err := sqlite.Open(ctx, path, quiet)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return st, db
	}}}
	if url := testkit.PostgresURL(t, "steprows"); url != "" {
		backends = append(backends, backend{"postgres", func(t *testing.T) (storetest.Store, *sql.DB) {
			st, err := postgres.Open(ctx, url, quiet)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			db, err := sql.Open("pgx", url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return st, db
		}})
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			st, db := b.open(t)
			base := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
			ms := func(n int) time.Time { return base.Add(time.Duration(n) * time.Millisecond) }
			in, err := st.RecordInbound(ctx, []loket.Inbound{{Channel: loket.ChannelTelegram, ExternalID: "m100200:7",
				ChatID: "100200", Kind: loket.InText, Text: "halo", ReceivedAt: base}})
			if err != nil || len(in) != 1 {
				t.Fatalf("record inbound: %v (%d)", err, len(in))
			}
			var replies []loket.Outbound
			err = st.InTx(ctx, func(tx storetest.Tx) error {
				if ok, err := tx.ClaimInbound(ctx, in[0].ID, ms(5)); err != nil || !ok {
					t.Fatalf("claim inbound: %v %v", ok, err)
				}
				for i, chat := range []string{"100200", "100200", "100300"} {
					m := &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: chat, Text: "r",
						CreatedAt: ms(6 + i), NextAttemptAt: ms(6 + i)}
					if err := tx.EnqueueOutbound(ctx, m); err != nil {
						return err
					}
				}
				return nil
			})
			if err == nil {
				replies, err = st.ClaimOutbound(ctx, loket.ChannelTelegram, ms(9), sendLease, 10, 0)
			}
			if err != nil || len(replies) != 3 {
				t.Fatalf("write, then claim the replies: %v (%d)", err, len(replies))
			}
			token := replies[0].LeaseToken
			// A heartbeat renews the chat's first reply while it is in hand.
			if _, err := st.RenewOutbound(ctx, ms(1_400).Add(sendLease), []loket.HeldLease{{ID: replies[0].ID, Token: token}}); err != nil {
				t.Fatalf("renew: %v", err)
			}
			var marks []loket.SentMark
			for i, r := range replies {
				marks = append(marks, loket.SentMark{ID: r.ID, Token: token, ExternalID: []string{"501", "502", "503"}[i], At: ms(1_500)})
			}
			if _, err := st.OutboundSentBatch(ctx, marks); err != nil {
				t.Fatalf("mark sent: %v", err)
			}
			for _, c := range []struct {
				reply   int
				created time.Time
			}{{501, ms(6)}, {502, ms(7)}} {
				got, tok, err := stepRows(db, b.name == "postgres", &jstepRec{chat: 100200, inbound: "m100200:7", reply: c.reply})
				if err != nil {
					t.Fatal(err)
				}
				ends, err := leaseEnds(db, []int64{tok, 0, tok})
				if err != nil {
					t.Fatal(err)
				}
				got.claimedBy(ends, tok)
				if !got.handled.Equal(ms(5)) || !got.created.Equal(c.created) || !got.claimed.Equal(ms(9)) {
					t.Errorf("reply %d: handled %s, queued %s, claimed %s; want %s, %s, %s", c.reply,
						got.handled, got.created, got.claimed, ms(5), c.created, ms(9))
				}
			}
		})
	}
}
