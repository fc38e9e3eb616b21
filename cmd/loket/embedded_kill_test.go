package main

import (
	"database/sql"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	ct "loket/bot/whatsappcloud/cloudtest"
)

// TestEmbeddedKillNineKeepsEveryAcceptedMessage posts webhook deliveries
// from sixteen vendors at once to `loket serve` on the embedded store
// (whose writers share commits, store/sqlite/group.go), kills it with
// SIGKILL in the middle, three times over the same data, and checks that
// every delivery answered 200 is in the database: an answer is given
// only after the commit that holds the message, never before.
func TestEmbeddedKillNineKeepsEveryAcceptedMessage(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts child processes")
	}
	api := ct.New(t)
	data := t.TempDir()
	var accepted []string
	const rounds = 3
	for round := 0; round < rounds; round++ {
		accepted = append(accepted, killWhilePosting(t, api, data, round)...)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "loket.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored := map[string]bool{}
	rows, err := db.Query(`SELECT external_id FROM inbound WHERE channel = 'whatsapp'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		stored[id] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	lost := 0
	for _, id := range accepted {
		if !stored[id] {
			lost++
			if lost <= 5 {
				t.Errorf("%s was answered 200 and is not in the database after the kill", id)
			}
		}
	}
	if lost > 0 {
		t.Fatalf("%d of %d accepted deliveries lost", lost, len(accepted))
	}
	t.Logf("%d deliveries accepted over %d kills, all stored (%d rows)", len(accepted), rounds, len(stored))
}

// killWhilePosting starts `loket serve` on data, posts deliveries from
// sixteen vendors at once, kills it with SIGKILL once 200 were answered,
// and returns the ids answered 200.
func killWhilePosting(t *testing.T, api *ct.Server, data string, round int) []string {
	t.Helper()
	child, base := startChild(t, cloudEnv(api, data))
	hook := base + "/whatsapp/webhook"
	const vendors = 16
	var mu sync.Mutex
	var accepted []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < vendors; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from := fmt.Sprintf("62812000%05d", w)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id := fmt.Sprintf("wamid.kill-%d-%02d-%05d", round, w, i)
				if api.Post(hook, api.Message(from, "Vendor", id, "text", ct.Obj{"body": "halo"})) == http.StatusOK {
					mu.Lock()
					accepted = append(accepted, id)
					mu.Unlock()
				}
			}
		}()
	}
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(accepted) }
	for deadline := time.Now().Add(20 * time.Second); count() < 200 && time.Now().Before(deadline); {
		time.Sleep(2 * time.Millisecond)
	}
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()
	close(stop)
	wg.Wait()
	if len(accepted) < 50 {
		t.Fatalf("round %d: only %d deliveries were answered before the kill", round, len(accepted))
	}
	return accepted
}
