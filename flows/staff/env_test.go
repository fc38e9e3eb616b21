package staff

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/internal/testkit"

	"loket"
	"loket/bot/telegram"
	"loket/bot/telegram/telegramtest"
	"loket/messages"
	"loket/ops"
	"loket/store/storetest"
)

const (
	staffChat  = "-100500"
	vendorChat = "501"
	agentUser  = "9001" // linked to an active agent
	idleUser   = "9002" // linked to an inactive agent
)

var t0 = time.Date(2025, 3, 3, 3, 0, 0, 0, time.UTC)

// backends are the real stores the tests run on (SQLite always,
// PostgreSQL when LOKET_TEST_DATABASE_URL is set).
func backends(t *testing.T) map[string]func(testing.TB) storetest.Store {
	return testkit.Stores(t, "staff")
}

func openSQLite(t testing.TB) storetest.Store { return testkit.OpenSQLite(t) }

// env is a staff group over a real store and the fake Bot API.
type env struct {
	t      *testing.T
	ctx    context.Context
	st     storetest.Store
	clock  *loket.FixedClock
	s      *Staff
	srv    *telegramtest.Server
	agent  *loket.Agent
	ticket *loket.Ticket
	sent   int // external ids handed out by send
}

func newEnv(t *testing.T, open func(testing.TB) storetest.Store, forum bool) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), st: open(t), clock: loket.NewFixedClock(t0)}
	e.srv = telegramtest.New(t, "")
	chat, _ := strconv.ParseInt(staffChat, 10, 64)
	e.srv.SetForum(chat, forum)
	ch, err := telegram.New(e.ctx, telegram.Config{Token: telegramtest.Token, APIURL: e.srv.URL, PollTimeout: time.Second}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	inTx := func(ctx context.Context, fn func(tx Tx) error) error {
		return e.st.InTx(ctx, func(tx storetest.Tx) error { return fn(tx) })
	}
	cat, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	e.s, err = New(Config{ChatID: staffChat, ConsoleURL: "http://console.test/"}, inTx, ops.New(cat, nil), ch, nil, e.clock, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	// Enabling the group: the cursor starts here, nothing older is replayed.
	e.mirror()
	e.seed()
	return e
}

func (e *env) inTx(fn func(tx storetest.Tx) error) {
	e.t.Helper()
	if err := e.st.InTx(e.ctx, fn); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) seed() {
	e.inTx(func(tx storetest.Tx) error {
		v := &loket.Vendor{Name: "CV Maju Jaya", Form: loket.FormCompany, CreatedAt: t0}
		must(e.t, tx.SaveVendor(e.ctx, v))
		c := &loket.Contact{Channel: loket.ChannelTelegram, ChatID: vendorChat, Name: "Budi", Lang: loket.LangID, VendorID: v.ID, CreatedAt: t0}
		must(e.t, tx.SaveContact(e.ctx, c))
		e.ticket = &loket.Ticket{VendorID: v.ID, ContactID: c.ID, Channel: loket.ChannelTelegram, Title: loket.RegistrationTitle,
			Type: loket.TypeRegistration, Status: loket.StatusNew, CreatedAt: t0, UpdatedAt: t0}
		must(e.t, tx.CreateTicket(e.ctx, e.ticket))
		e.agent = &loket.Agent{Username: "rina", Name: "Rina", Role: loket.RoleAgent, TelegramUserID: 9001, Active: true, CreatedAt: t0}
		must(e.t, tx.SaveAgent(e.ctx, e.agent))
		must(e.t, tx.SaveAgent(e.ctx, &loket.Agent{Username: "old", Name: "Old", Role: loket.RoleAgent, TelegramUserID: 9002, CreatedAt: t0}))
		return nil
	})
}

// activity adds an activity to a ticket at the clock's time.
func (e *env) activity(ticketID int64, kind loket.ActivityKind, actor loket.ActorType, body, meta string) {
	e.inTx(func(tx storetest.Tx) error {
		a := &loket.Activity{TicketID: ticketID, Kind: kind, Actor: actor, Body: body, CreatedAt: e.clock.Now()}
		if meta != "" {
			a.Meta = []byte(meta)
		}
		return tx.AddActivity(e.ctx, a)
	})
}

// mirror runs Mirror once activities have settled.
func (e *env) mirror() {
	e.t.Helper()
	e.clock.Advance(5 * time.Second)
	if err := e.s.Mirror(e.ctx); err != nil {
		e.t.Fatalf("Mirror: %v", err)
	}
}

// runJobs runs due jobs the way the engine does (I/O step, then commit
// with the completion in one transaction).
func (e *env) runJobs() {
	e.t.Helper()
	now := e.clock.Now()
	jobs, err := e.st.ClaimJobs(e.ctx, now, time.Minute, 100)
	must(e.t, err)
	for i := range jobs {
		j := &jobs[i]
		if j.Kind != JobTopic {
			e.t.Fatalf("unexpected job kind %q", j.Kind)
		}
		commit, err := e.s.PrepareTopic(e.ctx, j, now)
		if err != nil {
			must(e.t, e.st.RetryJob(e.ctx, j.ID, j.Token, now, err.Error()))
			continue
		}
		e.inTx(func(tx storetest.Tx) error {
			if commit != nil {
				if err := commit(e.ctx, tx, j, now); err != nil {
					return err
				}
			}
			return tx.CompleteJob(e.ctx, j.ID, j.Token, now)
		})
	}
}

// send "delivers" every queued Telegram message, handing out message
// ids, and returns them.
func (e *env) send() []loket.Outbound {
	e.t.Helper()
	msgs, err := e.st.ClaimOutbound(e.ctx, loket.ChannelTelegram, e.clock.Now().Add(time.Hour), time.Minute, 1000, 0)
	must(e.t, err)
	for i := range msgs {
		e.sent++
		msgs[i].ExternalID = strconv.Itoa(1000 + e.sent)
		must(e.t, e.st.OutboundSent(e.ctx, msgs[i].ID, msgs[i].LeaseToken, msgs[i].ExternalID, e.clock.Now()))
	}
	return msgs
}

// say delivers a staff-group message through Handle as the engine does.
func (e *env) say(user, replyTo, text string) {
	e.t.Helper()
	e.clock.Advance(time.Second)
	now := e.clock.Now()
	in := &loket.Inbound{Channel: loket.ChannelTelegram, ExternalID: "m" + strconv.FormatInt(now.UnixNano(), 10), ChatID: staffChat,
		SenderID: user, SenderName: "Staff", Kind: loket.InText, Text: text, ReplyTo: replyTo, ReceivedAt: now}
	e.inTx(func(tx storetest.Tx) error {
		conv, err := tx.ConversationForUpdate(e.ctx, in.Channel, in.ChatID, now)
		if err != nil {
			return err
		}
		ct, err := tx.ContactByID(e.ctx, conv.ContactID)
		if err != nil {
			return err
		}
		turn := &loket.Turn{Inbound: in, Contact: ct, Conversation: conv, Now: now}
		if err := e.s.Handle(e.ctx, tx, turn); err != nil {
			return err
		}
		if len(turn.Replies) != 0 || turn.TicketID != 0 {
			e.t.Errorf("Handle used turn replies %v / ticket %d", turn.Replies, turn.TicketID)
		}
		return nil
	})
}

func (e *env) load() *loket.Ticket {
	var t *loket.Ticket
	e.inTx(func(tx storetest.Tx) error {
		var err error
		t, err = tx.TicketByID(e.ctx, e.ticket.ID)
		return err
	})
	return t
}

func (e *env) activities() []loket.Activity {
	var acts []loket.Activity
	e.inTx(func(tx storetest.Tx) error {
		var err error
		acts, err = tx.Activities(e.ctx, e.ticket.ID)
		return err
	})
	return acts
}

func to(msgs []loket.Outbound, chat string) []loket.Outbound {
	var out []loket.Outbound
	for _, m := range msgs {
		if m.ChatID == chat {
			out = append(out, m)
		}
	}
	return out
}

func texts(msgs []loket.Outbound) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString(m.Text + "\n---\n")
	}
	return b.String()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// parallel runs fn n times at once.
func parallel(n int, fn func()) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			fn()
		}()
	}
	close(start)
	wg.Wait()
}
