package hooks

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"loket/internal/testkit"

	"loket"
	"loket/store/storetest"
)

var t0 = time.Date(2025, 3, 3, 3, 0, 0, 0, time.UTC)

// backends are the real stores the tests run on (SQLite always,
// PostgreSQL when LOKET_TEST_DATABASE_URL is set).
func backends(t *testing.T) map[string]func(testing.TB) storetest.Store {
	return testkit.Stores(t, "hooks")
}

func openSQLite(t testing.TB) storetest.Store { return testkit.OpenSQLite(t) }

// env is the event reader over a real store.
type env struct {
	t      *testing.T
	ctx    context.Context
	st     storetest.Store
	clock  *loket.FixedClock
	h      *Hooks
	ticket *loket.Ticket
	woken  atomic.Int64 // wakes of the webhook channel (Emit may run on several goroutines)
}

// newEnv enables the hooks (the cursor starts here), then seeds a vendor,
// a contact and a ticket, and saves the endpoints.
func newEnv(t *testing.T, open func(testing.TB) storetest.Store, eps ...loket.WebhookEndpoint) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), st: open(t), clock: loket.NewFixedClock(t0)}
	e.seedActivityBefore()
	inTx := func(ctx context.Context, fn func(tx Tx) error) error {
		return e.st.InTx(ctx, func(tx storetest.Tx) error { return fn(tx) })
	}
	var err error
	e.h, err = New(Config{}, inTx, func(ch loket.Channel) {
		if ch == loket.ChannelWebhook {
			e.woken.Add(1)
		}
	}, e.clock, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	e.emit() // creates the cursor at the newest activity
	e.inTx(func(tx storetest.Tx) error {
		b, _ := json.Marshal(eps)
		return tx.SaveSetting(e.ctx, loket.WebhookSettingKey, b, t0)
	})
	return e
}

// seedActivityBefore creates the ticket with an activity from before the
// hooks were enabled: it must never be emitted.
func (e *env) seedActivityBefore() {
	e.inTx(func(tx storetest.Tx) error {
		v := &loket.Vendor{Name: "CV Maju Jaya", Form: loket.FormCompany, CreatedAt: t0}
		must(e.t, tx.SaveVendor(e.ctx, v))
		c := &loket.Contact{Channel: loket.ChannelTelegram, ChatID: "501", Name: "Budi", Lang: loket.LangID, VendorID: v.ID, CreatedAt: t0}
		must(e.t, tx.SaveContact(e.ctx, c))
		e.ticket = &loket.Ticket{VendorID: v.ID, ContactID: c.ID, Channel: loket.ChannelTelegram, Title: loket.RegistrationTitle,
			Type: loket.TypeRegistration, Status: loket.StatusNew, CreatedAt: t0, UpdatedAt: t0}
		must(e.t, tx.CreateTicket(e.ctx, e.ticket))
		return tx.AddActivity(e.ctx, &loket.Activity{TicketID: e.ticket.ID, Kind: loket.ActMessageIn, Actor: loket.ActorVendor,
			Body: "before the hooks", CreatedAt: t0})
	})
}

func (e *env) inTx(fn func(tx storetest.Tx) error) {
	e.t.Helper()
	if err := e.st.InTx(e.ctx, fn); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) emit() {
	e.t.Helper()
	if err := e.h.Emit(e.ctx); err != nil {
		e.t.Fatal(err)
	}
}

// activity adds an activity at the clock's time.
func (e *env) activity(kind loket.ActivityKind, actor loket.ActorType, body, meta string) int64 {
	a := &loket.Activity{TicketID: e.ticket.ID, Kind: kind, Actor: actor, Body: body, CreatedAt: e.clock.Now()}
	if meta != "" {
		a.Meta = []byte(meta)
	}
	e.inTx(func(tx storetest.Tx) error { return tx.AddActivity(e.ctx, a) })
	return a.ID
}

// queued claims every queued webhook delivery, by id.
func (e *env) queued() []loket.Outbound {
	e.t.Helper()
	out, err := e.st.ClaimOutbound(e.ctx, loket.ChannelWebhook, e.clock.Now().Add(time.Hour), 24*time.Hour, 1000, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
