package sqlstore_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket/internal/testkit"
	"loket/store/sqlite"
	"loket/store/sqlstore"
)

// keyLookups are the statements that find a job by its key or a message
// by its platform id, with the index each must use and arguments for it.
// The indexes hold non-empty keys and ids only, and a parameter cannot
// show the planner that a value is not empty, so each statement says so
// itself. Before it did, SQLite read the whole jobs table for every keyed
// job scheduled, a channel's whole history for every delivery receipt and
// the whole outbox for every reply in the staff group, the whole vendors
// table for every NPWP; PostgreSQL's generic plans read every pending job
// and the whole outbox.
var keyLookups = []struct {
	name, sql string
	index     string
	args      []any
	blocks    int // read to find the row, at most, on PostgreSQL
}{
	{"release an idle job", sqlstore.ReleaseIdleJobSQL, "jobs_key_idx", []any{"doc:1", 0}, 8},
	{"cancel a job", sqlstore.CancelJobSQL, "jobs_key_idx", []any{"doc:1"}, 12},
	{"delivery receipt", sqlstore.DeliveryReceiptSQL, "outbox_channel_external_idx", []any{"whatsapp_cloud", "wamid.1", "read", ""}, 12},
	{"staff post", sqlstore.StaffPostTicketSQL, "outbox_external_idx", []any{"-100", "55"}, 12},
	{"vendor by NPWP", sqlstore.VendorByNPWPSQL, "vendors_npwp_key", []any{"012345678901234"}, 8},
}

// TestRetentionPlansSQLite: the retention sweep of web chats finds each
// candidate's conversation, and deletes it, by its chat: by contact (no
// index) every candidate read the whole conversations table.
func TestRetentionPlansSQLite(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "plan.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{sqlstore.RetentionChatsSQL, []any{0, 100}},
		{sqlstore.DeleteConvSQL, []any{"webchat", "v1"}},
		{`DELETE FROM bot_questions WHERE contact_id = $1`, []any{1}},
	} {
		plan := sqlitePlan(t, s, q.sql, q.args...)
		for _, p := range plan {
			if strings.HasPrefix(p, "SCAN ") {
				t.Errorf("plan %q reads a table whole: %s", strings.Join(plan, "; "), q.sql[:min(len(q.sql), 60)])
			}
		}
	}
}

func TestKeyLookupPlansSQLite(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "plan.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, l := range keyLookups {
		plan := sqlitePlan(t, s, l.sql, l.args...)
		got := strings.Join(plan, "; ")
		scans := false
		for _, p := range plan {
			scans = scans || strings.HasPrefix(p, "SCAN ")
		}
		if scans || !strings.Contains(got, l.index) {
			t.Errorf("%s: plan %q, want a search of %s and no scan", l.name, got, l.index)
		}
	}
}

// TestRenewPlanSQLite: the heartbeat's one renewal of every message in
// hand looks each up by its key, never reading the outbox whole (it
// holds every message ever sent).
func TestRenewPlanSQLite(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "plan.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	plan := strings.Join(sqlitePlan(t, s, sqlstore.RenewOutboundJSON, `[[1,7],[2,7]]`, time.Now().UnixMilli()), "; ")
	if strings.Contains(plan, "SCAN outbox") || !strings.Contains(plan, "SEARCH outbox USING INTEGER PRIMARY KEY") {
		t.Errorf("renewal plan %q, want a key look-up of outbox per lease", plan)
	}
}

// TestKeyLookupPlansPostgres: the same statements, planned generically on
// empty tables and kept (as a connection keeps its prepared statements),
// read a few blocks when thousands of jobs are pending and the outbox
// holds thousands of sent messages.
func TestKeyLookupPlansPostgres(t *testing.T) {
	ctx := context.Background()
	types := []string{"(text, timestamptz)", "(text)", "(text, text, text, text)", "(text, text)", "(text)"}
	stmts := make([]string, len(keyLookups))
	for i, l := range keyLookups {
		stmts[i] = "PREPARE k" + strconv.Itoa(i) + types[i] + " AS " + l.sql
	}
	st, conn := plannedOnEmptyTables(t, "keyplan", stmts...)
	for _, fill := range []string{
		`INSERT INTO jobs (kind, key, payload, due_at, attempts, created_at)
			SELECT 'remind', 'remind:' || g, '{}', now() + interval '1 day', 0, now() FROM generate_series(1, 4000) g`,
		`INSERT INTO jobs (kind, key, payload, due_at, attempts, created_at, done_at)
			SELECT 'doc.check', 'doc:' || g, '{}', now(), 0, now(), now() FROM generate_series(1, 4000) g`,
		`INSERT INTO outbox (channel, chat_id, text, status, external_id, next_attempt_at, created_at)
			SELECT 'whatsapp_cloud', 'c' || (g % 300), 'halo', 'sent', 'wamid.' || g, now(), now() FROM generate_series(1, 6000) g`,
		`INSERT INTO outbox (channel, chat_id, text, status, external_id, next_attempt_at, created_at)
			SELECT 'telegram', '-100', 'post', 'sent', g::text, now(), now() FROM generate_series(1, 6000) g`,
		`INSERT INTO vendors (name, npwp, created_at, updated_at)
			SELECT 'CV ' || g, lpad(g::text, 15, '0'), now(), now() FROM generate_series(1, 4000) g`,
		`INSERT INTO tickets (number, channel, title, type, status, created_at, updated_at)
			VALUES (1001, 'telegram', 'x', 'registration', 'new', now(), now())`,
		`INSERT INTO staff_posts (outbound_id, chat_id, ticket_id)
			SELECT id, chat_id, (SELECT max(id) FROM tickets) FROM outbox WHERE chat_id = '-100'`,
	} {
		if _, err := st.Pool().Exec(ctx, fill); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"('remind:77', now())", "('remind:78')", "('whatsapp_cloud', 'wamid.99', 'read', '')", "('-100', '55')",
		"('000000000000777')"}
	for i, l := range keyLookups {
		if blocks, plan := explainBlocks(t, conn, "EXECUTE k"+strconv.Itoa(i)+args[i]); blocks > l.blocks {
			t.Errorf("%s read %d blocks to find its row; plan:\n%s", l.name, blocks, plan)
		}
	}
}

// sqlitePlan returns the details of q's query plan on s.
func sqlitePlan(t *testing.T, s *sqlite.Store, q string, args ...any) []string {
	t.Helper()
	return testkit.SQLitePlan(t, s.DB(), q, args...)
}
