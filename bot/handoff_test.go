package bot_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/store/memory"
	"loket/store/storetest"
)

// TestBatchLeasedRepliesFollowHeldOnes: with ClaimInBatch, a reply whose
// chat still has an earlier one in hand cannot be leased by its batch; it
// must go out once that one is sent, in order, with no poll to fall back
// on (the sender's poll is an hour here).
func TestBatchLeasedRepliesFollowHeldOnes(t *testing.T) {
	dbp := filepath.Join(t.TempDir(), "loket.db")
	st := openSQLite(t, dbp)
	clock := loket.SystemClock{}
	e := bot.New(bot.Config{PollEvery: time.Hour, TickSpec: "@every 1h", ClaimInBatch: true},
		st, bot.Handler[storetest.Tx](&echo{}), memory.New(clock), clock, nil, slog.New(slog.NewTextHandler(os.Stderr, nil)))
	slow := func(*loket.Outbound) error { time.Sleep(5 * time.Millisecond); return nil } // earlier replies stay in hand
	out := &recorder{ch: loket.ChannelWebChat, fail: slow}
	e.AddSender(out)
	start(t, e)
	const chats, each = 6, 15
	var wg sync.WaitGroup
	for c := range chats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				chat := fmt.Sprintf("c%d", c)
				if err := e.Accept(context.Background(), text(chat, fmt.Sprintf("%s-%d", chat, i), fmt.Sprint(i))); err != nil {
					t.Errorf("accept: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for len(out.texts("")) != chats*each && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if len(out.texts("")) != chats*each {
		db, _ := sql.Open("sqlite", "file:"+dbp+"?mode=ro")
		rows, _ := db.Query("SELECT id, chat_id, status, next_attempt_at, lease_token, created_at FROM outbox WHERE status != 'sent' ORDER BY id")
		for rows.Next() {
			var id, na, lt, ca int64
			var chat, status string
			rows.Scan(&id, &chat, &status, &na, &lt, &ca)
			t.Logf("row %d %s %s next=%d lease=%d created=%d now=%d", id, chat, status, na, lt, ca, time.Now().UnixMilli())
		}
		for c := range chats {
			t.Logf("chat c%d: %d sent", c, len(out.texts(fmt.Sprintf("c%d", c))))
		}
		t.Fatal("stuck")
	}
	for c := range chats {
		got := out.texts(fmt.Sprintf("c%d", c))
		for i, text := range got {
			if want := fmt.Sprintf("echo: %d", i); text != want {
				t.Fatalf("chat c%d reply %d = %q, want %q (all: %q)", c, i, text, want, got)
			}
		}
	}
}
