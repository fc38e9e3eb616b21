package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/bot/webhook"
	"loket/flows/hooks"
	"loket/store/memory"
	"loket/store/sqlite"
	"loket/store/storetest"
)

// TestEndToEnd wires what cmd/loket wires: ticket activity → flows/hooks
// on the engine tick → outbox → this sender → a receiver that verifies
// the signature. The first delivery is refused with 429 and retried; the
// events arrive in order, each once.
func TestEndToEnd(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "loket.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	var mu sync.Mutex
	var got []string
	refused := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if !webhook.Verify("e2e-secret-0123456789", body, r.Header.Get("X-Loket-Signature")) {
			t.Errorf("bad signature on %s", body)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if !refused {
			refused = true
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		var ev hooks.Event
		if err := json.Unmarshal(body, &ev); err != nil || ev.Type != r.Header.Get("X-Loket-Event") {
			t.Errorf("event %s (header %q): %v", body, r.Header.Get("X-Loket-Event"), err)
		}
		got = append(got, ev.Type)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	inTx := func(ctx context.Context, fn func(tx hooks.Tx) error) error {
		return st.InTx(ctx, func(tx storetest.Tx) error { return fn(tx) })
	}
	clock := loket.SystemClock{}
	engine := bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1s"}, storetest.Store(st),
		bot.HandlerFunc[storetest.Tx](func(context.Context, storetest.Tx, *loket.Turn) error { return nil }),
		memory.New(clock), clock, nil, slog.New(slog.DiscardHandler))
	h, err := hooks.New(hooks.Config{Settle: time.Millisecond}, inTx, engine.Wake, clock, nil)
	if err != nil {
		t.Fatal(err)
	}
	sender, err := webhook.New(webhook.Config{}, h, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	engine.AddSender(sender)
	engine.OnTick(h.Tick)
	h.Tick(ctx) // the cursor starts here

	err = st.InTx(ctx, func(tx storetest.Tx) error {
		b, _ := json.Marshal([]loket.WebhookEndpoint{{ID: "wh_e2e", URL: srv.URL, Secret: "e2e-secret-0123456789", Active: true}})
		if err := tx.SaveSetting(ctx, loket.WebhookSettingKey, b, time.Now()); err != nil {
			return err
		}
		c := &loket.Contact{Channel: loket.ChannelWebChat, ChatID: "w1", Name: "Budi", Lang: loket.LangID, CreatedAt: time.Now()}
		if err := tx.SaveContact(ctx, c); err != nil {
			return err
		}
		tk := &loket.Ticket{ContactID: c.ID, Channel: loket.ChannelWebChat, Title: "t", Type: loket.TypeOther, Status: loket.StatusNew,
			CreatedAt: time.Now(), UpdatedAt: time.Now()}
		if err := tx.CreateTicket(ctx, tk); err != nil {
			return err
		}
		for _, a := range []loket.Activity{
			{TicketID: tk.ID, Kind: loket.ActSystem, Actor: loket.ActorBot, Body: "dibuka", Meta: []byte(`{"type":"other","status":"new"}`)},
			{TicketID: tk.ID, Kind: loket.ActMessageIn, Actor: loket.ActorVendor, Body: "halo"},
			{TicketID: tk.ID, Kind: loket.ActNote, Actor: loket.ActorAgent, Body: "internal"},
			{TicketID: tk.ID, Kind: loket.ActStatus, Actor: loket.ActorAgent, Meta: []byte(`{"from":"new","to":"in_review"}`)},
		} {
			a.CreatedAt = time.Now()
			if err := tx.AddActivity(ctx, &a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = engine.Run(runCtx) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: delivered %v", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // a duplicate would arrive meanwhile
	mu.Lock()
	defer mu.Unlock()
	want := []string{loket.EventTicketCreated, loket.EventMessageCreated, loket.EventTicketStatusChanged}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("delivered %v; want %v", got, want)
	}
}
