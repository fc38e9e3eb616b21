package main

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	tt "loket/bot/telegram/telegramtest"
)

// jstepRec is one vendor step as the benchmark saw it: when its first
// update was pushed and when the first reply to its chat came.
type jstepRec struct {
	chat     int64
	update   int64  // the id of the step's first update
	inbound  string // the external id Loket gives that update's message
	pushed   time.Time
	replied  time.Time
	reply    int // the message_id of the first reply
	answered bool
}

// inboundExternalID is the external id the Telegram adapter gives the
// message of update u ("m<chat>:<message id>", "c<callback query id>").
func inboundExternalID(u tt.Obj) string {
	if m, ok := u["message"].(tt.Obj); ok {
		if chat, ok := m["chat"].(tt.Obj); ok {
			return fmt.Sprintf("m%v:%v", chat["id"], m["message_id"])
		}
	}
	if q, ok := u["callback_query"].(tt.Obj); ok {
		return fmt.Sprintf("c%v", q["id"])
	}
	return ""
}

// stageNames name the parts of a step's latency, in order: push →
// getUpdates handed the update out ("poll") → a batch claimed it
// (handled_at, read before the claim) → its turn began (the reply's
// created_at: the batch's earlier turns) → the reply's lease was taken
// (see stepTimes.claimed) → the platform had the reply. A batch writes
// its replies leased (bot's preLease, on both backends), so that lease
// dates from the turn's start, as the reply's creation does: "lease" is
// 0 and the last stage holds the turn, the rest of the batch, its commit
// and the send. A reply written behind an earlier one of its chat is
// leased by the sender's claim later: "lease" is then the wait for it.
var stageNames = []string{"poll", "record+queue", "turns-before", "lease", "turn+commit+send"}

// stepTimes are the bounds of a step's stages: the benchmark's own times
// (pushed, replied), the fake Bot API's (served) and the rows' (handled,
// created, claimed), all from this process's clock.
type stepTimes struct {
	pushed, served, handled, created, claimed, replied time.Time
}

// stages splits a step's latency at its bounds. Every bound is taken to
// the millisecond first, the resolution of the coarsest source (SQLite's
// times, the lease's end on both backends), so that two events in one
// millisecond give 0 and never a negative stage. A lease taken before
// the reply's creation was taken as it was written (preLease's clock is
// the batch's): its wait is 0. A step whose other bounds are
// out of order is not split; why is returned instead: a first reply
// queued before the step's message was handled answers an earlier step,
// and a lease that ends more than bot.Config.SendLease after the reply
// reached the platform was renewed after the send began, so its claim is
// not known.
func (t stepTimes) stages() ([]time.Duration, string) {
	at := []time.Time{t.pushed, t.served, t.handled, t.created, t.claimed, t.replied}
	what := []string{"pushed", "served", "handled", "queued", "claimed", "replied"}
	if t.pushed.IsZero() {
		return nil, "no pushed time"
	}
	out := make([]time.Duration, 0, len(at)-1)
	for i := 1; i < len(at); i++ {
		a, b := at[i-1].Truncate(time.Millisecond), at[i].Truncate(time.Millisecond)
		if at[i].IsZero() {
			return nil, "no " + what[i] + " time"
		}
		if b.Before(a) && what[i] == "claimed" {
			// written leased: the turn read its clock for the lease
			// just before the reply's creation time
			at[i], b = at[i-1], a
		}
		if b.Before(a) {
			switch what[i] {
			case "queued":
				return nil, "answered by an earlier reply"
			case "replied":
				return nil, "lease renewed during the send"
			}
			return nil, what[i] + " before " + what[i-1]
		}
		out = append(out, b.Sub(a))
	}
	return out, ""
}

// sendLease is the sender's lease (bot.Config.SendLease's default): a
// reply's lease ends that long after it was taken.
const sendLease = 4 * time.Second

// stageBreakdown splits the latency of the slowest 1 % of the steps (and,
// for comparison, of a sample of all) into stages, from the fake Bot
// API's times and the rows of the step's message and of its first reply,
// and logs the mean of each stage and how many of those steps waited over
// 10 ms in it, with the steps left out and why. It tells where the tail
// comes from without depending on how busy the machine was.
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
	logSlowSeconds(b, done)
	slices.SortFunc(done, func(a, c *jstepRec) int { return cmp.Compare(a.replied.Sub(a.pushed), c.replied.Sub(c.pushed)) })
	slow := done[len(done)-max(1, len(done)/100):]
	all := done
	if len(all) > 1000 { // every tenth, by latency order
		all = nil
		for i := 0; i < len(done); i += len(done) / 1000 {
			all = append(all, done[i])
		}
	}
	names := stageNames
	for _, set := range []struct {
		name  string
		steps []*jstepRec
	}{{"slowest 1%", slow}, {"sample of all", all}} {
		sum := make([]time.Duration, len(names))
		over := make([]int, len(names))
		n := 0
		left := map[string]int{}
		times := make([]stepTimes, len(set.steps))
		tokens := make([]int64, len(set.steps))
		for i, s := range set.steps {
			if times[i], tokens[i], err = stepRows(db, pgURL != "", s); err != nil {
				b.Fatalf("read the rows of chat %d's step: %v", s.chat, err)
			}
		}
		ends, err := leaseEnds(db, tokens)
		if err != nil {
			b.Fatal(err)
		}
		for i, s := range set.steps {
			t := times[i]
			t.claimedBy(ends, tokens[i])
			t.served = served(s.update)
			st, why := t.stages()
			if why != "" {
				left[why]++
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
		var parts []string
		for i, name := range names {
			if n > 0 {
				parts = append(parts, fmt.Sprintf("%s %.1f ms (%d>10ms)", name, float64(sum[i].Microseconds())/1000/float64(n), over[i]))
			}
		}
		for _, why := range slices.Sorted(maps.Keys(left)) {
			parts = append(parts, fmt.Sprintf("left out: %d %s", left[why], why))
		}
		b.Logf("%s, %d of %d steps: %s", set.name, n, len(set.steps), strings.Join(parts, ", "))
	}
}

// stepRows reads a step's times from its rows: when the step's message
// was handled, and, of the row whose send was the first reply (a row's
// external_id is the message_id of its last message), when it was queued
// and the lease token of the claim that sent it (0: none), whose lease
// end leaseEnds reads.
func stepRows(db *sql.DB, pg bool, s *jstepRec) (stepTimes, int64, error) {
	ctx := context.Background()
	q := func(query string) string {
		if pg {
			return strings.Replace(query, "?", "$1", 1)
		}
		return query
	}
	t := stepTimes{pushed: s.pushed, replied: s.replied}
	err := db.QueryRowContext(ctx, q(`SELECT handled_at FROM inbound WHERE channel = 'telegram' AND external_id = ?`),
		s.inbound).Scan(dbTime{&t.handled})
	if err != nil && err != sql.ErrNoRows {
		return t, 0, fmt.Errorf("read inbound %s: %w", s.inbound, err)
	}
	rows, err := db.QueryContext(ctx, q(`SELECT external_id, created_at, lease_token FROM outbox
		WHERE channel = 'telegram' AND chat_id = ? AND status = 'sent' ORDER BY id`), strconv.FormatInt(s.chat, 10))
	if err != nil {
		return t, 0, fmt.Errorf("read the chat's replies: %w", err)
	}
	defer rows.Close()
	var token int64
	for rows.Next() {
		var ext string
		var created time.Time
		var tok int64
		if err := rows.Scan(&ext, dbTime{&created}, &tok); err != nil {
			return t, 0, fmt.Errorf("read a reply: %w", err)
		}
		if last, _ := strconv.Atoi(ext); last >= s.reply {
			t.created, token = created, tok
			break
		}
	}
	if err := rows.Err(); err != nil {
		return t, 0, fmt.Errorf("read the chat's replies: %w", err)
	}
	rows.Close()
	return t, token, nil
}

// claimedBy sets when the claim of token took the reply's lease, from
// the claims' lease ends (leaseEnds); unknown: left zero.
func (t *stepTimes) claimedBy(ends map[int64]time.Time, token int64) {
	if end := ends[token]; !end.IsZero() {
		t.claimed = end.Add(-sendLease)
	}
}

// leaseEnds reads when the claims of tokens leased their rows until. A
// claim gives every row it leases one lease end and the heartbeat moves
// the end of those still in hand, so the claim's is the least lease end
// of the rows of its token (its next_attempt_at less the lease gives
// when it was taken): the row's own may have been moved. One read for
// all: no index holds lease tokens, and a read a step scanned the
// outbox over a thousand times after each run.
func leaseEnds(db *sql.DB, tokens []int64) (map[int64]time.Time, error) {
	want := map[int64]bool{}
	for _, tok := range tokens {
		if tok != 0 {
			want[tok] = true
		}
	}
	ends := map[int64]time.Time{}
	if len(want) == 0 {
		return ends, nil
	}
	list := make([]string, 0, len(want))
	for tok := range want {
		list = append(list, strconv.FormatInt(tok, 10))
	}
	in := strings.Join(list, ",") // integers: nothing to quote
	query := `SELECT lease_token, min(next_attempt_at) FROM outbox WHERE lease_token IN (` + in + `) GROUP BY lease_token`
	rows, err := db.QueryContext(context.Background(), query)
	if err != nil {
		return nil, fmt.Errorf("read the leases of %d claims: %w", len(want), err)
	}
	defer rows.Close()
	for rows.Next() {
		var tok int64
		var end time.Time
		if err := rows.Scan(&tok, dbTime{&end}); err != nil {
			return nil, fmt.Errorf("read a claim's lease: %w", err)
		}
		ends[tok] = end
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the leases of %d claims: %w", len(want), err)
	}
	return ends, nil
}

// dbTime scans a time as either backend stores it: a timestamp
// (PostgreSQL) or Unix milliseconds (SQLite); NULL leaves it zero.
type dbTime struct{ t *time.Time }

func (d dbTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
	case time.Time:
		*d.t = v
	case int64:
		*d.t = time.UnixMilli(v)
	default:
		return fmt.Errorf("a time stored as %T", v)
	}
	return nil
}

// logSlowSeconds logs the seconds of the run (UTC, by when the step's
// update was pushed) that had steps answered in over 20 ms, with how
// many: whether the tail is spread over the run or gathered, and when,
// to set beside the database's log (checkpoints, autovacuum).
func logSlowSeconds(b *testing.B, steps []*jstepRec) {
	slow := map[time.Time]int{}
	for _, s := range steps {
		if s.replied.Sub(s.pushed) > 20*time.Millisecond {
			slow[s.pushed.UTC().Truncate(time.Second)]++
		}
	}
	var parts []string
	for _, sec := range slices.SortedFunc(maps.Keys(slow), func(a, c time.Time) int { return a.Compare(c) }) {
		parts = append(parts, fmt.Sprintf("%s %d", sec.Format("15:04:05"), slow[sec]))
	}
	b.Logf("steps over 20 ms by second pushed, of %d: %s", len(steps), strings.Join(parts, ", "))
}
