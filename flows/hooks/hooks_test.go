package hooks

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

var endpoints = []loket.WebhookEndpoint{
	{ID: "all", URL: "http://127.0.0.1:1/all", Secret: "a", Active: true},
	{ID: "status", URL: "http://127.0.0.1:1/status", Secret: "s", Events: []string{loket.EventTicketStatusChanged}, Active: true},
	{ID: "off", URL: "http://127.0.0.1:1/off", Secret: "o", Active: false},
}

// TestEmitEvents: a ticket's timeline becomes events in order, one outbox
// row per interested active endpoint; notes, documents, reminders and
// the survey entry are never emitted; nothing from before the hooks were
// enabled is replayed.
func TestEmitEvents(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, open, endpoints...)
			opened := e.activity(loket.ActSystem, loket.ActorBot, "Tiket #1001 dibuka lewat telegram", `{"type":"registration","status":"new"}`)
			in := e.activity(loket.ActMessageIn, loket.ActorVendor, "Halo, saya mau daftar", "")
			e.activity(loket.ActNote, loket.ActorAgent, "RAHASIA internal", "")
			e.activity(loket.ActDocument, loket.ActorVendor, "ktp.pdf", `{"file_name":"ktp.pdf","sha256":"abc"}`)
			e.activity(loket.ActSystem, loket.ActorBot, "Pengingat", `{"reminder":"docs.missing"}`)
			e.activity(loket.ActSystem, loket.ActorVendor, "Survei selesai", `{"survey":1,"answers":[4,4,4,4,4,4,4,4]}`)
			e.activity(loket.ActAssignment, loket.ActorAgent, "ditugaskan", "")
			status := e.activity(loket.ActStatus, loket.ActorAgent, "new → in_review", `{"from":"new","to":"in_review"}`)
			out := e.activity(loket.ActMessageOut, loket.ActorAgent, "Berkas sedang diperiksa", "")

			e.emit() // too young: waits for the settle time
			if q := e.queued(); len(q) != 0 {
				t.Fatalf("queued %d before the activities settled", len(q))
			}
			e.clock.Advance(3 * time.Second)
			e.emit()
			q := e.queued()
			var got []string
			for _, m := range q {
				if strings.Contains(m.Text, "RAHASIA") || strings.Contains(m.Text, "sha256") || strings.Contains(m.Text, "before the hooks") {
					t.Errorf("leaked into %s: %s", m.ChatID, m.Text)
				}
				if m.Channel != loket.ChannelWebhook || m.TicketID != 0 {
					t.Errorf("row %+v", m)
				}
				var ev Event
				if err := json.Unmarshal([]byte(m.Text), &ev); err != nil {
					t.Fatal(err)
				}
				got = append(got, m.ChatID+" "+ev.ID)
			}
			want := []string{
				fmt.Sprintf("all %d:ticket.created", opened),
				fmt.Sprintf("all %d:message.created", in),
				fmt.Sprintf("all %d:ticket.status_changed", status),
				fmt.Sprintf("status %d:ticket.status_changed", status),
				fmt.Sprintf("all %d:message.created", out),
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("queued:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if e.woken.Load() == 0 {
				t.Error("the webhook channel was not woken")
			}
			checkBodies(t, q, e.ticket)

			e.clock.Advance(time.Minute)
			e.emit()
			if q := e.queued(); len(q) != 0 {
				t.Fatalf("a second emit queued %d more", len(q))
			}
		})
	}
}

// checkBodies pins the JSON shapes of the three events.
func checkBodies(t *testing.T, q []loket.Outbound, tk *loket.Ticket) {
	t.Helper()
	wants := []string{
		`"type":"ticket.created","created_at":"2025-03-03T03:00:00Z","ticket":{"number":%d,"status":"new","channel":"telegram"},"data":{"type":"registration","status":"new","title":"` + loket.RegistrationTitle + `"}}`,
		`"type":"message.created","created_at":"2025-03-03T03:00:00Z","ticket":{"number":%d,"status":"new","channel":"telegram"},"data":{"direction":"in","actor":"vendor","text":"Halo, saya mau daftar"}}`,
		`"type":"ticket.status_changed","created_at":"2025-03-03T03:00:00Z","ticket":{"number":%d,"status":"new","channel":"telegram"},"data":{"from":"new","to":"in_review","actor":"agent"}}`,
	}
	for i, w := range wants {
		if w = fmt.Sprintf(w, tk.Number); !strings.HasSuffix(q[i].Text, w) {
			t.Errorf("body %d:\n%s\nwant suffix\n%s", i, q[i].Text, w)
		}
	}
	if !strings.Contains(q[4].Text, `"data":{"direction":"out","actor":"agent","text":"Berkas sedang diperiksa"}`) {
		t.Errorf("outgoing message body %s", q[4].Text)
	}
}

// TestEmitOnceConcurrently: two replicas ticking at the same time emit
// every event exactly once per endpoint.
func TestEmitOnceConcurrently(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, open, endpoints[0])
			const n = 40
			ids := map[string]bool{}
			for i := range n {
				ids[fmt.Sprintf("%d:message.created", e.activity(loket.ActMessageIn, loket.ActorVendor, fmt.Sprintf("pesan %d", i), ""))] = true
			}
			e.h.cfg.Batch = 7 // several passes, so the replicas interleave
			e.clock.Advance(3 * time.Second)
			var wg sync.WaitGroup
			errs := make(chan error, 8)
			for range 4 {
				wg.Go(func() {
					for range 3 {
						if err := e.h.Emit(e.ctx); err != nil {
							errs <- err
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			e.emit() // whatever a skipped pass left
			e.emit()
			q := e.queued()
			seen := map[string]int{}
			for _, m := range q {
				var ev Event
				must(t, json.Unmarshal([]byte(m.Text), &ev))
				seen[ev.ID]++
			}
			for id := range ids {
				if seen[id] != 1 {
					t.Errorf("event %s queued %d times", id, seen[id])
				}
			}
			if len(q) != n {
				t.Errorf("queued %d; want %d", len(q), n)
			}
		})
	}
}

// TestEmitWithoutEndpoints: with no active endpoint the cursor still
// moves, so enabling one later does not replay old activity.
func TestEmitWithoutEndpoints(t *testing.T) {
	e := newEnv(t, openSQLite, endpoints[2])
	e.activity(loket.ActMessageIn, loket.ActorVendor, "lama", "")
	e.clock.Advance(3 * time.Second)
	e.emit()
	b, _ := json.Marshal([]loket.WebhookEndpoint{endpoints[0]})
	e.inTx(func(tx storetest.Tx) error { return tx.SaveSetting(e.ctx, loket.WebhookSettingKey, b, e.clock.Now()) })
	id := e.activity(loket.ActMessageIn, loket.ActorVendor, "baru", "")
	e.clock.Advance(3 * time.Second)
	e.emit()
	q := e.queued()
	if len(q) != 1 || !strings.HasPrefix(q[0].Text, fmt.Sprintf(`{"id":"%d:message.created"`, id)) {
		t.Fatalf("queued %+v; want only the new message", q)
	}
}
