package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/internal/testkit"
	"loket/store/postgres"
	"loket/store/sqlstore"
)

// TestClaimPlanOnNewTables: a connection's prepared claim may be planned
// once, generically, while the tables are still empty and without
// statistics (a new install, a new schema), and then kept. That plan must
// still read only the claimed messages' own chats when the channel holds
// thousands of messages: it once read the whole channel through the
// unique index on (channel, external_id), so every claim grew with the
// table.
func TestClaimPlanOnNewTables(t *testing.T) {
	st := testkit.OpenPostgres(t, "claimplan")
	ctx := context.Background()
	conn, err := st.Pool().Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	q, _ := sqlstore.ClaimInboundsSQL(postgres.Dialect, []int64{1}, time.Now())
	for _, s := range []string{
		"SET plan_cache_mode = force_generic_plan",
		"PREPARE claim(timestamptz, bigint[]) AS " + q,
		"EXECUTE claim(now(), '{1}')", // planned now, on empty tables
	} {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}

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
	var out []byte
	err = conn.QueryRow(ctx, "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE claim(now(), '{"+strings.Join(ids, ",")+"}')").Scan(&out)
	if err != nil {
		t.Fatal(err)
	}
	var plan []struct {
		Plan struct {
			Hit  int `json:"Shared Hit Blocks"`
			Read int `json:"Shared Read Blocks"`
		}
	}
	if err := json.Unmarshal(out, &plan); err != nil || len(plan) != 1 {
		t.Fatalf("explain: %v %s", err, out)
	}
	if blocks := plan[0].Plan.Hit + plan[0].Plan.Read; blocks > 400 {
		t.Errorf("claiming 20 messages read %d blocks (the channel holds %d messages); plan:\n%s", blocks, len(rec), out)
	}
}
