package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"

	"loket"
	"loket/bot"
	"loket/internal/testkit"
	"loket/store/memory"
	"loket/store/postgres"
	"loket/store/storetest"
)

// TestPoisonMessagesFailAlone sends, among many concurrent messages, ones
// with NUL bytes and invalid UTF-8 (which PostgreSQL refuses) and ones
// the database itself still refuses (a CHECK constraint stands in for
// any refusal left after cleaning). Every other message is recorded and
// answered; the NUL ones are stored cleaned; the refused ones are set
// aside as dead letters, counted, and their Accept succeeds so the
// platform moves on.
func TestPoisonMessagesFailAlone(t *testing.T) {
	url := testkit.PostgresURL(t, "poison")
	if url == "" {
		t.Skip("LOKET_TEST_DATABASE_URL is not set: skipping the PostgreSQL poison test")
	}
	ctx := context.Background()
	st, err := postgres.Open(ctx, url, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `ALTER TABLE inbound ADD CONSTRAINT no_poison CHECK (text NOT LIKE '%REFUSE%')`); err != nil {
		t.Fatal(err)
	}

	reg := prometheus.NewRegistry()
	h := &echo{}
	e := bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1s"},
		storetest.Store(st), bot.Handler[storetest.Tx](h), memory.New(loket.SystemClock{}), loket.SystemClock{}, bot.NewMetrics(reg), quietLog())
	out := &recorder{ch: loket.ChannelWebChat}
	e.AddSender(out)
	start(t, e)

	const chats, per = 20, 5
	var wg sync.WaitGroup
	errs := make(chan error, chats*per)
	for c := range chats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			chat := fmt.Sprintf("v%d", c)
			for i := range per {
				body := fmt.Sprintf("pesan %d", i)
				switch {
				case c%5 == 0 && i == 2:
					body = "nul\x00byte \xff"
				case c%7 == 0 && i == 3:
					body = "REFUSE me"
				}
				if err := e.Accept(ctx, text(chat, fmt.Sprintf("%s-%d", chat, i), body)); err != nil {
					errs <- fmt.Errorf("%s message %d: %w", chat, i, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err) // no message fails because another one was poison
	}
	refused := 0
	for c := 0; c < chats; c += 7 {
		refused++
	}
	eventually(t, "every recorded message answered", func() bool { return len(out.texts("")) == chats*per-refused })
	if got := out.texts("v5"); got[2] != "echo: nulbyte \uFFFD" {
		t.Errorf("the NUL message was not stored cleaned: %q", got)
	}
	var dead int
	var deadText string
	if err := conn.QueryRow(ctx, `SELECT COUNT(*), MIN(text) FROM inbound_dead`).Scan(&dead, &deadText); err != nil {
		t.Fatal(err)
	}
	if dead != refused || !strings.Contains(deadText, "REFUSE me") {
		t.Errorf("dead letters: %d (%q), want %d", dead, deadText, refused)
	}
	if n := inboundCount(t, reg, "dead"); int(n) != refused {
		t.Errorf("metric of dead letters = %v, want %d", n, refused)
	}
	// A refused message delivered again is recognised, not set aside twice.
	if err := e.Accept(ctx, text("v0", "v0-3", "REFUSE me")); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, `SELECT COUNT(*) FROM inbound_dead`).Scan(&dead); err != nil || dead != refused {
		t.Errorf("after redelivery: %d dead letters (%v)", dead, err)
	}
}

// inboundCount sums loket_inbound_messages_total over channels for a result.
func inboundCount(t *testing.T, reg *prometheus.Registry, result string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, mf := range mfs {
		if mf.GetName() != "loket_inbound_messages_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "result" && l.GetValue() == result {
					sum += m.GetCounter().GetValue()
				}
			}
		}
	}
	return sum
}
