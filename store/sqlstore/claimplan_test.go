package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/internal/testkit"
	"loket/store"
	"loket/store/postgres"
	"loket/store/sqlstore"

	"github.com/jackc/pgx/v5/pgxpool"
)

// TestClaimPlanOnNewTables: a connection's prepared claim may be planned
// once, generically, while the tables are still empty and without
// statistics (a new install, a new schema), and then kept. That plan must
// still read only the claimed messages' own chats when the channel holds
// thousands of messages: it once read the whole channel through the
// unique index on (channel, external_id), so every claim grew with the
// table.
func TestClaimPlanOnNewTables(t *testing.T) {
	ctx := context.Background()
	q, _ := sqlstore.ClaimInboundsSQL(postgres.Dialect, []int64{1}, time.Now())
	st, conn := plannedOnEmptyTables(t, "claimplan",
		"PREPARE claim(timestamptz, bigint[]) AS "+q,
		"PREPARE pending(timestamptz, int) AS "+sqlstore.PendingInboundSQL(postgres.Dialect),
		"EXECUTE claim(now(), '{1}')",
		"EXECUTE pending(now(), 100)")

	const chats, each = 300, 10
	var msgs []loket.Inbound
	for i := 0; i < each; i++ {
		for c := 0; c < chats; c++ {
			msgs = append(msgs, loket.Inbound{Channel: loket.ChannelTelegram, ExternalID: fmt.Sprintf("m%d-%d", c, i),
				ChatID: fmt.Sprintf("chat%d", c), Kind: loket.InText, Text: "halo"})
		}
	}
	rec, err := st.RecordInbound(ctx, msgs)
	if err != nil {
		t.Fatal(err)
	}
	// The oldest message of 20 chats: each claim steps back once in its chat.
	ids := make([]string, 20)
	for i := range ids {
		ids[i] = fmt.Sprint(rec[i].ID)
	}
	if blocks, plan := explainBlocks(t, conn, "EXECUTE claim(now(), '{"+strings.Join(ids, ",")+"}')"); blocks > 400 {
		t.Errorf("claiming 20 messages read %d blocks (the channel holds %d messages); plan:\n%s", blocks, len(rec), plan)
	}
	// The recovery pass reads the queue, not the table: 100 of the
	// 2,980 messages still waiting.
	if _, plan := explainBlocks(t, conn, "EXECUTE pending(now() + interval '1 hour', 100)"); slices.Contains(seqScans(t, plan), "inbound") {
		t.Errorf("listing 100 pending messages scans the whole inbound table; plan:\n%s", plan)
	}
}

// seqScans lists the tables an EXPLAIN (FORMAT JSON) plan reads whole.
func seqScans(t *testing.T, plan string) []string {
	t.Helper()
	type node struct {
		Type     string `json:"Node Type"`
		Relation string `json:"Relation Name"`
		Plans    []node
	}
	var root []struct{ Plan node }
	if err := json.Unmarshal([]byte(plan), &root); err != nil || len(root) != 1 {
		t.Fatalf("explain: %v %s", err, plan)
	}
	var out []string
	var walk func(n node)
	walk = func(n node) {
		if n.Type == "Seq Scan" {
			out = append(out, n.Relation)
		}
		for _, c := range n.Plans {
			walk(c)
		}
	}
	walk(root[0].Plan)
	return out
}

// plannedOnEmptyTables opens a store on a fresh schema and runs stmts
// (PREPARE, then a first EXECUTE) on one of its connections, which keep
// generic plans: the statements are planned now, on empty tables without
// statistics, and keep that plan.
func plannedOnEmptyTables(t *testing.T, schema string, stmts ...string) (*postgres.Store, *pgxpool.Conn) {
	t.Helper()
	st := testkit.OpenPostgres(t, schema)
	conn, err := st.Pool().Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(conn.Release)
	for _, s := range append([]string{"SET plan_cache_mode = force_generic_plan"}, stmts...) {
		if _, err := conn.Exec(t.Context(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return st, conn
}

// explainBlocks runs stmt under EXPLAIN ANALYZE and returns the buffers
// it read to find its rows, and the plan. For an UPDATE or DELETE those
// are the plan's below the modification: the modification's own (the new
// row versions, their index entries, the free space map) vary with where
// the rows land and say nothing about how they were found.
func explainBlocks(t *testing.T, conn *pgxpool.Conn, stmt string) (int, string) {
	t.Helper()
	var out []byte
	if err := conn.QueryRow(t.Context(), "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "+stmt).Scan(&out); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
	type node struct {
		Type  string `json:"Node Type"`
		Hit   int    `json:"Shared Hit Blocks"`
		Read  int    `json:"Shared Read Blocks"`
		Plans []node `json:"Plans"`
	}
	var plan []struct{ Plan node }
	if err := json.Unmarshal(out, &plan); err != nil || len(plan) != 1 {
		t.Fatalf("explain: %v %s", err, out)
	}
	n := plan[0].Plan
	if n.Type == "ModifyTable" && len(n.Plans) == 1 {
		n = n.Plans[0]
	}
	blocks := n.Hit + n.Read
	t.Logf("%s: %d blocks to find its rows", stmt[:min(len(stmt), 40)], blocks)
	return blocks, string(out)
}

// TestOutboxClaimPlanOnNewTables: the outbox claim's statements, planned
// on empty tables and kept, stay look-ups of the candidates' own chats
// when the channel holds thousands of messages, most of them sent.
func TestOutboxClaimPlanOnNewTables(t *testing.T) {
	ctx := context.Background()
	check, _ := sqlstore.OutboxOrderCheckSQL(postgres.Dialect, []int64{1})
	st, conn := plannedOnEmptyTables(t, "outboxplan",
		"PREPARE cands(text, timestamptz, int) AS "+sqlstore.OutboxCandidatesSQL+postgres.Dialect.SkipLocked,
		"PREPARE ordercheck(bigint[]) AS "+check,
		"EXECUTE cands('telegram', now(), 200)",
		"EXECUTE ordercheck('{1}')")
	const chats, each = 300, 10
	err := st.InTx(ctx, func(tx store.Tx) error {
		for i := 0; i < each; i++ {
			for c := 0; c < chats; c++ {
				m := &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: fmt.Sprintf("chat%d", c), Text: "halo",
					CreatedAt: time.Now(), NextAttemptAt: time.Now().Add(-time.Minute)}
				if err := tx.EnqueueOutbound(ctx, m); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// All but the newest of each chat were sent.
	if _, err := conn.Exec(ctx, `UPDATE outbox SET status = 'sent' WHERE id NOT IN (SELECT max(id) FROM outbox GROUP BY chat_id)`); err != nil {
		t.Fatal(err)
	}
	explainBlocks(t, conn, "EXECUTE cands('telegram', now(), 200)") // the first read marks the sent rows' old index entries dead
	if blocks, plan := explainBlocks(t, conn, "EXECUTE cands('telegram', now(), 200)"); blocks > 3000 {
		t.Errorf("the claim's candidates read %d blocks; plan:\n%s", blocks, plan)
	}
	var ids []string
	rs, err := conn.Query(ctx, "SELECT id FROM outbox WHERE status = 'queued' ORDER BY id LIMIT 50")
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var id int64
		_ = rs.Scan(&id)
		ids = append(ids, fmt.Sprint(id))
	}
	rs.Close()
	if blocks, plan := explainBlocks(t, conn, "EXECUTE ordercheck('{"+strings.Join(ids, ",")+"}')"); blocks > 1000 {
		t.Errorf("the order check of 50 messages read %d blocks; plan:\n%s", blocks, plan)
	}
}
