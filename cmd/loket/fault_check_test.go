package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// calibrate learns how many replies the bot gives to a chat's first
// "menu" and to each later one, on either channel, before any fault.
func (f *fault) calibrate() {
	f.first, f.next = map[string]int{}, map[string]int{}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 5 * time.Second}
	f.openChat(c, "10.2.0.1", 0)
	for i, ch := range []string{"webchat", "webchat", "telegram", "telegram"} {
		before := f.replies(ch)
		if ch == "webchat" {
			if !f.post(c, "10.2.0.1", 0, fmt.Sprintf("c%d", i), "menu") {
				f.t.Fatal("the calibration message was not accepted")
			}
		} else {
			f.push(i, 7000, "menu")
		}
		n := f.waitStable(ch, before)
		if i%2 == 0 {
			f.first[ch] = n - before
		} else {
			f.next[ch] = n - before
		}
	}
	f.t.Logf("replies to a first menu: %v; to a later one: %v", f.first, f.next)
}

// replies counts the outbox rows of a channel.
func (f *fault) replies(ch string) int {
	var n int
	f.query(func(c *pgx.Conn) error {
		return c.QueryRow(context.Background(), `SELECT count(*) FROM outbox WHERE channel = $1`, ch).Scan(&n)
	})
	return n
}

func (f *fault) waitStable(ch string, before int) int {
	last, since := before, time.Now()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		n := f.replies(ch)
		if n != last {
			last, since = n, time.Now()
		}
		if last > before && time.Since(since) > 1500*time.Millisecond {
			return last
		}
		time.Sleep(100 * time.Millisecond)
	}
	f.t.Fatalf("no stable answer on %s", ch)
	return 0
}

// query runs fn on a fresh connection to the test's schema.
func (f *fault) query(fn func(c *pgx.Conn) error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, f.url)
	if err != nil {
		f.t.Fatalf("connect: %v", err)
	}
	defer c.Close(ctx)
	if err := fn(c); err != nil {
		f.t.Fatalf("query: %v", err)
	}
}

// settle waits until everything accepted is handled and sent.
func (f *fault) settle() {
	want := f.webSent.Load() + f.tgSent.Load() + 4 + f.events.pushed()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var recorded, open, queued int64
		f.query(func(c *pgx.Conn) error {
			return c.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM inbound), (SELECT count(*) FROM inbound WHERE handled_at IS NULL),
				(SELECT count(*) FROM outbox WHERE status = 'queued')`).Scan(&recorded, &open, &queued)
		})
		if recorded >= want && open == 0 && queued == 0 && len(f.api.Pending()) == 0 {
			return
		}
		if time.Now().After(deadline) {
			f.missing()
			f.t.Fatalf("not settled after 30 s: %d of %d recorded, %d unhandled, %d replies queued, %d updates unconfirmed",
				recorded, want, open, queued, len(f.api.Pending()))
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// missing logs which accepted messages are not in the inbound log.
func (f *fault) missing() {
	f.query(func(c *pgx.Conn) error {
		rows, err := c.Query(context.Background(), `SELECT channel, chat_id, external_id FROM inbound ORDER BY id`)
		if err != nil {
			return err
		}
		got := map[string][]string{}
		for rows.Next() {
			var ch, chat, ext string
			if err := rows.Scan(&ch, &chat, &ext); err != nil {
				return err
			}
			got[ch+"/"+chat] = append(got[ch+"/"+chat], ext)
		}
		for key, exts := range got {
			f.t.Logf("%s: %d recorded, last %s", key, len(exts), exts[len(exts)-1])
		}
		f.mu.Lock()
		for chat, p := range f.pushed {
			f.t.Logf("telegram chat %s: %d pushed", chat, len(p))
		}
		f.mu.Unlock()
		return nil
	})
}

type msgRow struct {
	ch, chat          string
	received, handled time.Time
}

type outRow struct {
	ch, chat, ext string
	sent          time.Time
}

// markWindow bounds how long before a SIGKILL a send the platform accepted
// may still lack its sent mark: the mark batch in flight and its own (the
// README's Reliability section). Such a reply goes out again from its next
// claim; Telegram has no idempotency key, so that is the one double the
// design allows.
const markWindow = 3 * time.Second

// diedUnmarked reports whether a send at `at` lay within markWindow before
// a kill.
func (f *fault) diedUnmarked(at time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, k := range f.kills {
		if !at.After(k) && k.Sub(at) <= markWindow {
			return true
		}
	}
	return false
}

// check proves the outcome from the database and the fake Bot API, and
// prints the counts.
func (f *fault) check() {
	var ins []msgRow
	var outs []outRow
	var dead int
	f.query(func(c *pgx.Conn) error {
		ctx := context.Background()
		rows, err := c.Query(ctx, `SELECT channel, chat_id, received_at, handled_at FROM inbound ORDER BY id`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var m msgRow
			if err := rows.Scan(&m.ch, &m.chat, &m.received, &m.handled); err != nil {
				return err
			}
			ins = append(ins, m)
		}
		rows, err = c.Query(ctx, `SELECT channel, chat_id, external_id, sent_at FROM outbox WHERE channel IN ('webchat', 'telegram') ORDER BY id`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var o outRow
			if err := rows.Scan(&o.ch, &o.chat, &o.ext, &o.sent); err != nil {
				return err
			}
			outs = append(outs, o)
		}
		return c.QueryRow(ctx, `SELECT count(*) FROM inbound_dead`).Scan(&dead)
	})
	byChat := map[string][]msgRow{}
	for _, m := range ins {
		byChat[m.ch+"/"+m.chat] = append(byChat[m.ch+"/"+m.chat], m)
	}
	outByChat := map[string][]outRow{}
	for _, o := range outs {
		outByChat[o.ch+"/"+o.chat] = append(outByChat[o.ch+"/"+o.chat], o)
	}
	recorded := map[string]bool{} // Telegram message ids the outbox recorded as its sends
	for _, o := range outs {
		if o.ch == "telegram" {
			recorded[o.chat+"/"+o.ext] = true
		}
	}
	sends := map[string]int{}
	resent := 0 // sends the platform took whose sent mark died with a killed replica
	for _, c := range f.api.Calls("sendMessage") {
		chat := c.Params["chat_id"]
		if c.MessageID == 0 || recorded[chat+"/"+strconv.Itoa(c.MessageID)] {
			sends[chat]++
			continue
		}
		if f.diedUnmarked(c.At) {
			resent++
			continue
		}
		sends[chat]++
		f.t.Logf("telegram/%s: message %d sent at %s was never marked sent, and no kill came after it", chat, c.MessageID, c.At.Format(time.StampMicro))
	}
	wantIn := f.webSent.Load() + f.tgSent.Load() + 4 + f.events.pushed()
	if int64(len(ins)) != wantIn || dead != 0 {
		f.t.Errorf("%d messages recorded, %d set aside; %d were accepted", len(ins), dead, wantIn)
	}
	var slowest, slowestNearKill time.Duration
	slowestOn := "" // the channel of the slowest reply around a kill
	doubled, misordered := 0, 0
	for key, msgs := range byChat {
		if f.events.owns(key) {
			continue // the bookers' chats are checked by f.events.check
		}
		ch := msgs[0].ch
		replies := outByChat[key]
		if want := f.first[ch] + (len(msgs)-1)*f.next[ch]; len(replies) != want {
			doubled++
			f.t.Errorf("%s: %d messages got %d replies, want %d (handled exactly once)", key, len(msgs), len(replies), want)
			continue
		}
		if ch == "telegram" && sends[msgs[0].chat] != len(replies) {
			doubled++
			f.t.Errorf("%s: %d replies went out %d times", key, len(replies), sends[msgs[0].chat])
		}
		for j, m := range msgs {
			// A claim records a time no earlier than the chat's previous
			// handled message, so a time going back means a message was
			// claimed before the one it follows.
			if j > 0 && m.handled.Before(msgs[j-1].handled) {
				misordered++
				f.t.Logf("%s: message %d handled at %s, before message %d (%s)", key, j, m.handled.Format(time.StampMicro), j-1, msgs[j-1].handled.Format(time.StampMicro))
			}
			idx := f.first[ch] + (j-1)*f.next[ch]
			if j == 0 {
				idx = 0
			}
			if idx > 0 && replies[idx].sent.Before(replies[idx-1].sent) {
				misordered++
				f.t.Logf("%s: reply %d sent at %s, before reply %d (%s)", key, idx, replies[idx].sent.Format(time.StampMicro), idx-1, replies[idx-1].sent.Format(time.StampMicro))
			}
			received := m.received
			if ch == "telegram" {
				received = f.pushed[m.chat][j]
			}
			lat := replies[idx].sent.Sub(received)
			slowest = max(slowest, lat)
			for _, k := range f.kills {
				if received.After(k.Add(-2*time.Second)) && received.Before(k.Add(10*time.Second)) {
					if lat > slowestNearKill {
						slowestNearKill, slowestOn = lat, ch
					}
				}
			}
		}
	}
	slices.SortFunc(f.accepted, func(a, b time.Time) int { return a.Compare(b) })
	var gap time.Duration
	for i := 1; i < len(f.accepted); i++ {
		gap = max(gap, f.accepted[i].Sub(f.accepted[i-1]))
	}
	summary := fmt.Sprintf("fault test: %d web + %d Telegram messages accepted (%s), %d kills, 2 connection cuts; "+
		"recorded %d, dead letters %d, chats with lost or doubled replies %d, replies out of order %d; "+
		"replies sent again after a kill took their sent mark %d; "+
		"longest intake pause %s; slowest reply %s, slowest around a kill %s (%s)",
		f.webSent.Load(), f.tgSent.Load(), strconv.Itoa(len(byChat))+" chats", len(f.kills), len(ins), dead, doubled, misordered, resent,
		gap.Round(time.Millisecond), slowest.Round(time.Millisecond), slowestNearKill.Round(time.Millisecond), slowestOn)
	fmt.Println(summary)
	f.t.Log(summary)
	if misordered > 0 {
		f.t.Errorf("%d messages or replies out of order", misordered)
	}
	if gap > 5*time.Second {
		f.t.Errorf("intake stopped for %s", gap)
	}
	if slowestNearKill > 10*time.Second {
		f.t.Errorf("the slowest reply around a kill took %s (want within 10 s)", slowestNearKill)
	}
}
