package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/sqlite"
	"loket/store/storetest"
)

// FuzzListTicketsQuery feeds arbitrary search strings to ListTickets: it
// never fails, and a vendor's own name (any case) always finds its ticket.
func FuzzListTicketsQuery(f *testing.F) {
	for _, seed := range []string{"1001", "#1001", "CV Maju", "%", "_", `\`, "'; DROP TABLE tickets; --", "0812-3456", "01.234.567.8-901.234", "ñ", ""} {
		f.Add(seed)
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"), nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	f.Fuzz(func(t *testing.T, q string) {
		err := s.InTx(ctx, func(tx storetest.Tx) error {
			v := &loket.Vendor{Name: "V " + q, CreatedAt: time.Unix(1, 0)}
			if err := tx.SaveVendor(ctx, v); err != nil {
				return err
			}
			tk := &loket.Ticket{VendorID: v.ID, Channel: loket.ChannelTelegram, Type: loket.TypeOther, CreatedAt: time.Unix(1, 0)}
			if err := tx.CreateTicket(ctx, tk); err != nil {
				return err
			}
			got, err := tx.ListTickets(ctx, loket.TicketFilter{Query: q, Limit: 200})
			if err != nil {
				t.Fatalf("ListTickets(%q): %v", q, err)
			}
			if len(got) > 200 {
				t.Fatalf("%d results over the limit", len(got))
			}
			if strings.TrimSpace(q) == "" || strings.ToLower(q) != strings.ToLower(strings.ToUpper(q)) || !isASCII(q) {
				return errRollback
			}
			found := false
			for _, g := range got {
				found = found || g.ID == tk.ID
			}
			if !found && len(got) < 200 {
				t.Fatalf("query %q does not find vendor %q", q, v.Name)
			}
			return errRollback
		})
		if err != nil && err != errRollback {
			t.Fatal(err)
		}
	})
}

type rollback struct{}

func (rollback) Error() string { return "rollback" }

var errRollback error = rollback{}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
