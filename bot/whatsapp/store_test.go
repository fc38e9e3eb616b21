package whatsapp

import (
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"loket/internal/testkit"

	_ "github.com/jackc/pgx/v5/stdlib"
	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/types"
	_ "modernc.org/sqlite"
)

func sqliteDB(t *testing.T) *sql.DB {
	t.Helper()
	dsn := "file:" + filepath.Join(t.TempDir(), "loket.db") +
		"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// postgresDB opens LOKET_TEST_DATABASE_URL in a fresh schema (search_path).
func postgresDB(t *testing.T) *sql.DB {
	t.Helper()
	url := testkit.PostgresURL(t, "wa")
	if url == "" {
		t.Skip("LOKET_TEST_DATABASE_URL is not set: skipping the WhatsApp device store on PostgreSQL")
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestDeviceStore(t *testing.T) {
	for _, tc := range []struct {
		dialect string
		open    func(*testing.T) *sql.DB
	}{{"sqlite", sqliteDB}, {"postgres", postgresDB}} {
		t.Run(tc.dialect, func(t *testing.T) {
			db := tc.open(t)
			ctx := context.Background()
			c, err := New(ctx, Config{}, db, tc.dialect, nil, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			if st := c.Status(); st.State != StateLoggedOut {
				t.Errorf("fresh store: state %s, want logged_out", st.State)
			}
			var n int
			if err := db.QueryRow("SELECT count(*) FROM whatsmeow_device").Scan(&n); err != nil || n != 0 {
				t.Fatalf("whatsmeow_device: %d rows, %v", n, err)
			}
			// a paired device survives a restart: store one, open again
			container, err := OpenStore(ctx, db, tc.dialect, nil) // Upgrade again is a no-op
			if err != nil {
				t.Fatal(err)
			}
			dev := container.NewDevice()
			jid := types.NewADJID("6285500000000", 0, 9)
			dev.ID = &jid
			dev.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte("d"), AccountSignature: make([]byte, 64), AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
			if err := container.PutDevice(ctx, dev); err != nil {
				t.Fatal(err)
			}
			c2, err := New(ctx, Config{}, db, tc.dialect, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if st := c2.Status(); st.State != StateDisconnected || st.JID != "6285500000000@s.whatsapp.net" {
				t.Errorf("after restart: %+v, want disconnected as the stored JID", st)
			}
		})
	}
}

func TestDeviceStoreRefusals(t *testing.T) {
	ctx := context.Background()
	if _, err := OpenStore(ctx, sqliteDB(t), "pgx/v5", nil); err == nil || !strings.Contains(err.Error(), "dialect") {
		t.Errorf("unknown dialect: %v", err)
	}
	noFK, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "nofk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer noFK.Close()
	if _, err := OpenStore(ctx, noFK, "sqlite", nil); err == nil {
		t.Error("SQLite without foreign keys was accepted")
	}
}
