package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"loket"
)

// pushed is how many updates the bookers sent (each one is recorded).
func (e *faultEvents) pushed() int64 {
	var n int64
	for _, b := range e.vs {
		n += b.pushed.Load()
	}
	return n
}

// owns reports whether an inbound chat key ("telegram/7101") is a booker's.
func (e *faultEvents) owns(key string) bool {
	for _, b := range e.vs {
		if key == "telegram/"+strconv.FormatInt(b.chat, 10) {
			return true
		}
	}
	return false
}

// eventful selects the activities that map to an event (flows/hooks.eventOf).
const eventful = `(kind IN ('message_in', 'message_out')
	OR (kind = 'status' AND coalesce(meta->>'to', '') <> '')
	OR (kind = 'system' AND actor = 'bot' AND coalesce(meta->>'type', '') <> ''
	    AND coalesce(meta->>'status', '') <> '' AND coalesce(meta->>'reminder', '') = ''))`

// expectedEvents lists the id of every event the endpoint must receive:
// one per ticket activity that maps to an event (flows/hooks.eventOf).
func (e *faultEvents) expectedEvents() map[string]bool {
	want := map[string]bool{}
	e.f.query(func(c *pgx.Conn) error {
		rows, err := c.Query(context.Background(), `SELECT id::text || ':' || CASE kind
				WHEN 'status' THEN 'ticket.status_changed' WHEN 'system' THEN 'ticket.created' ELSE 'message.created' END
			FROM activities WHERE `+eventful)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		for _, id := range ids {
			want[id] = true
		}
		return err
	})
	return want
}

// remindersDone counts the reminder jobs made due that ran to the end.
func (e *faultEvents) remindersDone() (done, dead int) {
	e.f.query(func(c *pgx.Conn) error {
		return c.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE done_at IS NOT NULL), count(*) FILTER (WHERE dead_at IS NOT NULL)
			FROM jobs WHERE id = ANY($1)`, e.due).Scan(&done, &dead)
	})
	return done, dead
}

// settle waits until every reminder made due ran and every event
// arrived (the observer reads activities a couple of seconds late).
func (e *faultEvents) settle() {
	deadline := time.Now().Add(40 * time.Second)
	for {
		done, dead := e.remindersDone()
		lost := e.lost(e.expectedEvents())
		if done+dead == len(e.due) && len(lost) == 0 {
			return
		}
		if time.Now().After(deadline) {
			e.f.t.Errorf("not settled after 40 s: %d of %d reminders done (%d dead), %d events not arrived (e.g. %v)",
				done, len(e.due), dead, len(lost), first(lost, 5))
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// lost lists the wanted event ids that never arrived.
func (e *faultEvents) lost(want map[string]bool) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for id := range want {
		if len(e.got[id]) == 0 {
			out = append(out, id)
		}
	}
	return out
}

func first(s []string, n int) []string { return s[:min(n, len(s))] }

// check proves, for the bookers' chats, every update recorded once and
// every reply sent once; every reminder made due sent exactly once; and
// every event delivered, a repeat only with the same id and body.
func (e *faultEvents) check() {
	t := e.f.t
	ctx := context.Background()
	// A send the outbox recorded counts; so does one it did not record
	// unless a kill came right after it: the replica died between the
	// platform's answer and the sent mark, and the message went again
	// (at least once: sendMessage has no idempotency key), as the main
	// check counts it.
	recorded := map[string]bool{} // chat/message id of the sends the outbox recorded
	e.f.query(func(c *pgx.Conn) error {
		rows, err := c.Query(ctx, `SELECT chat_id, external_id FROM outbox WHERE channel = 'telegram' AND external_id <> ''`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var chat, ext string
			if err := rows.Scan(&chat, &ext); err != nil {
				return err
			}
			recorded[chat+"/"+ext] = true
		}
		return rows.Err()
	})
	sends := map[string]map[string]int{} // chat → text → successful sendMessage calls
	resent := 0
	for _, c := range e.f.api.Calls("sendMessage") {
		if c.MessageID == 0 {
			continue
		}
		if !recorded[c.Params["chat_id"]+"/"+strconv.Itoa(c.MessageID)] && e.f.diedUnmarked(c.At) {
			resent++
			continue
		}
		if sends[c.Params["chat_id"]] == nil {
			sends[c.Params["chat_id"]] = map[string]int{}
		}
		sends[c.Params["chat_id"]][c.Params["text"]]++
	}
	for _, b := range e.vs {
		chat := strconv.FormatInt(b.chat, 10)
		var recorded, replies int
		e.f.query(func(c *pgx.Conn) error {
			return c.QueryRow(ctx, `SELECT (SELECT count(*) FROM inbound WHERE channel = 'telegram' AND chat_id = $1),
				(SELECT count(*) FROM outbox WHERE channel = 'telegram' AND chat_id = $1)`, chat).Scan(&recorded, &replies)
		})
		out := 0
		for _, n := range sends[chat] {
			out += n
		}
		if int64(recorded) != b.pushed.Load() || out != replies {
			t.Errorf("booker %s: %d updates recorded of %d pushed; %d replies sent %d times", chat, recorded, b.pushed.Load(), replies, out)
		}
	}

	done, dead := e.remindersDone()
	type reminder struct{ chat, text string }
	var rems []reminder
	e.f.query(func(c *pgx.Conn) error {
		rows, err := c.Query(ctx, `SELECT chat_id, text FROM outbox WHERE kind IN ($1, $2) ORDER BY id`, loket.KindRemindDay, loket.KindRemindHour)
		if err != nil {
			return err
		}
		rems, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (reminder, error) {
			var m reminder
			return m, r.Scan(&m.chat, &m.text)
		})
		return err
	})
	remLost, remDoubled := len(e.due)-done, 0
	for _, r := range rems {
		switch n := sends[r.chat][r.text]; {
		case n == 0:
			remLost++
		case n > 1:
			remDoubled += n - 1
		}
	}
	if len(rems) != len(e.due) || dead != 0 || remLost != 0 || remDoubled != 0 {
		t.Errorf("reminders: %d made due, %d ran (%d dead), %d queued; %d not sent, %d sent twice", len(e.due), done, dead, len(rems), remLost, remDoubled)
	}

	want := e.expectedEvents()
	lost := e.lost(want)
	var during int
	e.f.query(func(c *pgx.Conn) error {
		return c.QueryRow(ctx, `SELECT count(*) FROM activities WHERE created_at >= $1 AND `+eventful, e.start).Scan(&during)
	})
	e.mu.Lock()
	unexpected, repeats, differing := 0, 0, 0
	for id, ds := range e.got {
		if !want[id] {
			unexpected++
		}
		repeats += len(ds) - 1
		for _, d := range ds[1:] {
			if d != ds[0] {
				differing++
			}
		}
	}
	arrived := len(e.got)
	e.mu.Unlock()
	if len(lost) != 0 || unexpected != 0 || differing != 0 || e.badSg.Load() != 0 {
		t.Errorf("webhook events: %d lost (e.g. %v), %d unexpected, %d repeats that differ, %d bad signatures",
			len(lost), first(lost, 5), unexpected, differing, e.badSg.Load())
	}
	summary := fmt.Sprintf("fault test: %d call reminders due around the kills: %d sent once, %d lost, %d doubled; "+
		"bookers' replies and reminders sent again after a kill took their sent mark %d; "+
		"%d webhook events (%d of them during the faults): %d arrived, %d lost, %d redelivered with the same id and body",
		len(e.due), len(rems)-remLost, remLost, remDoubled, resent, len(want), during, arrived, len(lost), repeats)
	fmt.Println(summary)
	t.Log(summary)
}
