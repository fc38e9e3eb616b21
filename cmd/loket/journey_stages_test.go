package main

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// jstepRec is one vendor step as the benchmark saw it: when its first
// update was pushed and when the first reply to its chat came.
type jstepRec struct {
	chat     int64
	update   int64 // the id of the step's first update
	pushed   time.Time
	replied  time.Time
	answered bool
}

// stageNames name the parts of a step's latency, in order: push →
// getUpdates handed the update out ("poll") → a shard claimed it
// (handled_at; a message's received_at is its Telegram date, in seconds)
// → its turn queued the reply (created_at) → the sender started the claim
// that took it (next_attempt_at less the 4 s lease: the claim's time is
// taken before it waits for the database) → the platform had the reply.
var stageNames = []string{"poll", "record+queue", "turns-before", "commit+wake", "claim+send"}

// stageBreakdown splits the latency of the slowest 1 % of the steps (and,
// for comparison, of all) into stages, from the fake Bot API's times and
// the rows' own timestamps (milliseconds on SQLite), and logs the mean of
// each stage and how many of those steps waited over 10 ms in it. It tells
// where the tail comes from without depending on how busy the machine
// was.
func stageBreakdown(b *testing.B, steps []*jstepRec, served func(int64) time.Time, dataDir, pgURL string) {
	var db *sql.DB
	var err error
	if pgURL != "" {
		db, err = sql.Open("pgx", pgURL)
	} else {
		db, err = sql.Open("sqlite", "file:"+filepath.Join(dataDir, "loket.db")+"?mode=ro&_pragma=busy_timeout(5000)")
	}
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var done []*jstepRec
	for _, s := range steps {
		if s.answered {
			done = append(done, s)
		}
	}
	if len(done) == 0 {
		return
	}
	slices.SortFunc(done, func(a, c *jstepRec) int { return cmp.Compare(a.replied.Sub(a.pushed), c.replied.Sub(c.pushed)) })
	slow := done[len(done)-max(1, len(done)/100):]
	all := done
	if len(all) > 1000 { // every tenth, by latency order
		all = nil
		for i := 0; i < len(done); i += len(done) / 1000 {
			all = append(all, done[i])
		}
	}
	for _, set := range []struct {
		name  string
		steps []*jstepRec
	}{{"slowest 1%", slow}, {"sample of all", all}} {
		sum := make([]time.Duration, len(stageNames))
		over := make([]int, len(stageNames))
		n := 0
		for _, s := range set.steps {
			st, ok := stepStages(b, db, pgURL != "", s, served(s.update))
			if !ok {
				continue
			}
			n++
			for i, d := range st {
				sum[i] += d
				if d > 10*time.Millisecond {
					over[i]++
				}
			}
		}
		if n == 0 {
			b.Logf("%s: no stages (%d steps)", set.name, len(set.steps))
			continue
		}
		var parts []string
		for i, name := range stageNames {
			parts = append(parts, fmt.Sprintf("%s %.1f ms (%d>10ms)", name, float64(sum[i].Microseconds())/1000/float64(n), over[i]))
		}
		b.Logf("%s, %d of %d steps: %s", set.name, n, len(set.steps), strings.Join(parts, ", "))
	}
}

// stepStages reads a step's inbound row and first reply row.
func stepStages(b *testing.B, db *sql.DB, pg bool, s *jstepRec, served time.Time) ([]time.Duration, bool) {
	ctx := context.Background()
	chat := strconv.FormatInt(s.chat, 10)
	var handled, created, leased time.Time
	if pg {
		err := db.QueryRowContext(ctx, `SELECT handled_at FROM inbound WHERE channel = 'telegram'
			AND chat_id = $1 AND handled_at >= $2 ORDER BY id LIMIT 1`, chat, s.pushed).Scan(&handled)
		if err != nil {
			return nil, false
		}
		err = db.QueryRowContext(ctx, `SELECT created_at, next_attempt_at FROM outbox WHERE channel = 'telegram'
			AND chat_id = $1 AND created_at >= $2 ORDER BY id LIMIT 1`, chat, handled).Scan(&created, &leased)
		if err != nil {
			return nil, false
		}
	} else {
		var h, c, l int64
		err := db.QueryRowContext(ctx, `SELECT handled_at FROM inbound WHERE channel = 'telegram'
			AND chat_id = ? AND handled_at >= ? ORDER BY id LIMIT 1`, chat, s.pushed.UnixMilli()).Scan(&h)
		if err != nil {
			return nil, false
		}
		err = db.QueryRowContext(ctx, `SELECT created_at, next_attempt_at FROM outbox WHERE channel = 'telegram'
			AND chat_id = ? AND created_at >= ? ORDER BY id LIMIT 1`, chat, h).Scan(&c, &l)
		if err != nil {
			return nil, false
		}
		handled, created, leased = time.UnixMilli(h), time.UnixMilli(c), time.UnixMilli(l)
	}
	if served.IsZero() {
		return nil, false
	}
	claimed := leased.Add(-4 * time.Second) // the sender's lease (bot.Config.SendLease's default)
	return []time.Duration{served.Sub(s.pushed), handled.Sub(served), created.Sub(handled),
		claimed.Sub(created), s.replied.Sub(claimed)}, true
}
