package telegram

import (
	"context"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/bot/telegram/telegramtest"
)

func ids(msgs []loket.Inbound) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.ExternalID
	}
	return out
}

func TestPollingDeliversAndConfirms(t *testing.T) {
	srv := telegramtest.New(t, "")
	srv.SetWebhook("https://old.example/hook") // polling must remove it
	srv.PushUpdate(telegramtest.Private(1, 42, "halo"))
	srv.PushUpdate(telegramtest.Private(2, 42, "/status"))
	c := newChannel(t, srv, nil)
	sink := newSink(nil)
	stop := runChannel(t, c, sink)

	got := sink.waitFor(t, func(m []loket.Inbound) bool { return len(m) == 2 })
	if want := "m42:1 m42:2"; strings.Join(ids(got), " ") != want {
		t.Fatalf("external ids = %v, want %s", ids(got), want)
	}
	srv.PushUpdate(telegramtest.Private(3, 42, "lagi"))
	sink.waitFor(t, func(m []loket.Inbound) bool { return len(m) == 3 })
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(srv.Calls("deleteWebhook")) == 0 || srv.Webhook() != "" {
		t.Fatal("deleteWebhook was not called when polling started")
	}
	// The first two were confirmed by the getUpdates that followed them.
	for _, id := range srv.Pending() {
		if id < 1002 {
			t.Fatalf("update %d still pending after being accepted and followed by getUpdates", id)
		}
	}
	for _, call := range srv.Calls("getUpdates") {
		if !strings.Contains(call.Params["allowed_updates"], "callback_query") ||
			!strings.Contains(call.Params["allowed_updates"], "my_chat_member") {
			t.Fatalf("allowed_updates = %q", call.Params["allowed_updates"])
		}
	}
}

// The offset only moves past a batch that Accept recorded: failures make
// Telegram send the same updates again, none is lost or reordered.
func TestPollingRetriesWhenAcceptFails(t *testing.T) {
	srv := telegramtest.New(t, "")
	for i := 1; i <= 3; i++ {
		srv.PushUpdate(telegramtest.Private(i, 7, "pesan"))
	}
	c := newChannel(t, srv, nil)
	var failed [][]string
	sink := newSink(func(call int, msgs []loket.Inbound) error {
		if call <= 2 {
			failed = append(failed, ids(msgs))
			return errDown
		}
		return nil
	})
	runChannel(t, c, sink)
	got := sink.waitFor(t, func(m []loket.Inbound) bool { return len(m) == 3 })
	if strings.Join(ids(got), " ") != "m7:1 m7:2 m7:3" {
		t.Fatalf("got %v", ids(got))
	}
	for _, f := range failed {
		if strings.Join(f, " ") != "m7:1 m7:2 m7:3" {
			t.Fatalf("redelivered batch %v differs from the final one", f)
		}
	}
	offsets := map[string]int{}
	for _, call := range srv.Calls("getUpdates") {
		offsets[call.Params["offset"]]++
	}
	if offsets["0"] < 3 {
		t.Fatalf("getUpdates offsets %v: want the unconfirmed batch fetched 3 times with offset 0", offsets)
	}
}

// A process that dies before confirming (Accept failed, or succeeded but no
// further getUpdates happened) loses nothing: a new Channel on the same bot
// receives the same updates with the same ExternalIDs.
func TestCrashRedelivers(t *testing.T) {
	for _, tc := range []struct {
		name      string
		acceptErr error
	}{
		{"accept failed", errDown},
		{"accepted but not confirmed", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := telegramtest.New(t, "")
			srv.PushUpdate(telegramtest.Private(10, 5, "satu"))
			srv.PushUpdate(telegramtest.Callback("cbq1", 5, 9, "menu:status"))
			first := newChannel(t, srv, nil)
			ctx, crash := context.WithCancel(context.Background())
			var seen []string
			sink1 := newSink(func(_ int, msgs []loket.Inbound) error {
				seen = ids(msgs)
				crash() // the process dies right here
				return tc.acceptErr
			})
			done := make(chan error, 1)
			go func() { done <- first.Run(ctx, sink1) }()
			if err := <-done; err != nil {
				t.Fatalf("Run: %v", err)
			}
			if len(srv.Pending()) != 2 {
				t.Fatalf("pending = %v, want both updates unconfirmed", srv.Pending())
			}
			second := newChannel(t, srv, nil)
			sink2 := newSink(nil)
			runChannel(t, second, sink2)
			got := sink2.waitFor(t, func(m []loket.Inbound) bool { return len(m) == 2 })
			if strings.Join(ids(got), " ") != strings.Join(seen, " ") || len(seen) != 2 {
				t.Fatalf("after restart got %v, first process saw %v", ids(got), seen)
			}
		})
	}
}

func TestPollingAnswersEveryCallback(t *testing.T) {
	srv := telegramtest.New(t, "")
	srv.PushUpdate(telegramtest.Callback("known", 5, 9, "menu:status"))
	srv.PushUpdate(telegramtest.Callback("weird", 5, 9, "??unknown??"))
	group := telegramtest.Callback("ingroup", 5, 9, "x")
	group["callback_query"].(telegramtest.Obj)["message"].(telegramtest.Obj)["chat"] = telegramtest.Chat(-100999, "supergroup")
	srv.PushUpdate(group)
	srv.PushUpdate(telegramtest.Private(11, 5, "sentinel"))
	c := newChannel(t, srv, nil)
	sink := newSink(nil)
	runChannel(t, c, sink)
	got := sink.waitFor(t, func(m []loket.Inbound) bool { return len(m) == 3 })
	if got[0].Kind != loket.InButton || got[0].Button != "menu:status" || got[1].Button != "??unknown??" {
		t.Fatalf("buttons: %+v", got[:2])
	}
	// The answers run in the background: wait for them.
	answered := map[string]bool{}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		for _, call := range srv.Calls("answerCallbackQuery") {
			answered[call.Params["callback_query_id"]] = true
		}
		if answered["known"] && answered["weird"] && answered["ingroup"] || time.Now().After(deadline) {
			break
		}
	}
	for _, id := range []string{"known", "weird", "ingroup"} {
		if !answered[id] {
			t.Errorf("callback %q not answered (answered: %v)", id, answered)
		}
	}
}

func TestPollingStopsOnCancelDuringLongPoll(t *testing.T) {
	srv := telegramtest.New(t, "")
	c := newChannel(t, srv, func(cfg *Config) { cfg.PollTimeout = DefaultPollTimeout })
	sink := newSink(nil)
	stop := runChannel(t, c, sink)
	srv.PushUpdate(telegramtest.Private(1, 3, "x"))
	sink.waitFor(t, func(m []loket.Inbound) bool { return len(m) == 1 })
	if err := stop(); err != nil { // the next getUpdates is waiting 50 s on the fake
		t.Fatalf("Run: %v", err)
	}
}

func TestPollingStopsWhenTokenRevoked(t *testing.T) {
	srv := telegramtest.New(t, "")
	c := newChannel(t, srv, nil)
	srv.Fail("getUpdates", telegramtest.Failure{Code: 401, Description: "Unauthorized"})
	err := c.Run(context.Background(), newSink(nil))
	if err == nil || !strings.Contains(err.Error(), "token rejected") {
		t.Fatalf("Run = %v, want token rejected", err)
	}
}
