package storetest

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"loket"
)

func enqueue(t *testing.T, s Store, ms ...*loket.Outbound) {
	t.Helper()
	inTx(t, s, func(tx Tx) error {
		for _, m := range ms {
			if err := tx.EnqueueOutbound(ctxT(t), m); err != nil {
				return err
			}
		}
		return nil
	})
}

func out(ch loket.Channel, chat, text string) *loket.Outbound {
	return &loket.Outbound{Channel: ch, ChatID: chat, Text: text, CreatedAt: t0}
}

func testOutbox(t *testing.T, s Store) {
	ctx := ctxT(t)
	a := out(loket.ChannelTelegram, "c1", "halo")
	a.Buttons = [][]loket.Button{{{Label: "Ya", Data: "yes"}, {Label: "Tidak", Data: "no"}}}
	a.Document = &loket.OutboundDocument{SHA256: "abc", FileName: "panduan.pdf"}
	b := out(loket.ChannelWhatsApp, "62811", "hi")
	later := out(loket.ChannelTelegram, "c2", "nanti")
	later.NextAttemptAt = t0.Add(time.Hour)
	enqueue(t, s, a, b, later)
	if a.ID == 0 || a.Status != loket.OutQueued {
		t.Fatalf("enqueued = %+v", a)
	}
	depth, err := s.QueueDepth(ctx)
	must(t, err)
	if depth[loket.ChannelTelegram] != 2 || depth[loket.ChannelWhatsApp] != 1 {
		t.Fatalf("depth = %v", depth)
	}
	got, err := s.ClaimOutbound(ctx, loket.ChannelTelegram, t0, time.Minute, 10, 0)
	must(t, err)
	if len(got) != 1 || got[0].ID != a.ID || got[0].Attempts != 1 || !got[0].NextAttemptAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("claimed = %+v", got)
	}
	if !reflect.DeepEqual(got[0].Buttons, a.Buttons) || !reflect.DeepEqual(got[0].Document, a.Document) || got[0].Text != "halo" {
		t.Fatalf("round trip = %+v", got[0])
	}
	// Leased: not claimed again before the lease ends, claimed after.
	again, err := s.ClaimOutbound(ctx, loket.ChannelTelegram, t0.Add(30*time.Second), time.Minute, 10, 0)
	must(t, err)
	if len(again) != 0 {
		t.Fatalf("claimed while leased: %+v", again)
	}
	must(t, s.OutboundSent(ctx, a.ID, got[0].LeaseToken, "tg-77", t0.Add(time.Second)))
	m, err := s.OutboundByID(ctx, a.ID)
	must(t, err)
	if m.Status != loket.OutSent || m.ExternalID != "tg-77" || !m.SentAt.Equal(t0.Add(time.Second)) {
		t.Fatalf("sent = %+v", m)
	}
	// Failed, then requeued by the console.
	must(t, s.OutboundFailed(ctx, b.ID, 0, "blocked", t0))
	m, err = s.OutboundByID(ctx, b.ID)
	must(t, err)
	if m.Status != loket.OutFailed || m.LastError != "blocked" {
		t.Fatalf("failed = %+v", m)
	}
	must(t, s.OutboundRequeue(ctx, b.ID, t0.Add(time.Minute)))
	got, err = s.ClaimOutbound(ctx, loket.ChannelWhatsApp, t0.Add(time.Minute), time.Minute, 10, 0)
	must(t, err)
	if len(got) != 1 || got[0].ID != b.ID {
		t.Fatalf("requeued claim = %+v", got)
	}
	wantErr(t, s.OutboundRequeue(ctx, b.ID, t0), loket.ErrConflict) // queued, not failed
	_, err = s.OutboundByID(ctx, 999999)
	wantErr(t, err, loket.ErrNotFound)
	wantErr(t, s.OutboundSent(ctx, 999999, 0, "x", t0), loket.ErrNotFound)
	wantErr(t, s.OutboundRetry(ctx, 999999, 0, t0, "x"), loket.ErrNotFound)
	wantErr(t, s.OutboundFailed(ctx, 999999, 0, "x", t0), loket.ErrNotFound)
	wantErr(t, s.OutboundRequeue(ctx, 999999, t0), loket.ErrNotFound)
	depth, err = s.QueueDepth(ctx)
	must(t, err)
	if depth[loket.ChannelTelegram] != 1 || depth[loket.ChannelWhatsApp] != 1 {
		t.Fatalf("depth = %v", depth)
	}
}

// testOutboxOrder: when the first message of a chat is retried later, the
// messages after it wait; other chats go on.
func testOutboxOrder(t *testing.T, s Store) {
	ctx := ctxT(t)
	m1, m2, m3 := out(loket.ChannelTelegram, "c", "1"), out(loket.ChannelTelegram, "c", "2"), out(loket.ChannelTelegram, "c", "3")
	other := out(loket.ChannelTelegram, "d", "x")
	enqueue(t, s, m1)
	got, err := s.ClaimOutbound(ctx, loket.ChannelTelegram, t0, time.Minute, 1, 0)
	must(t, err)
	if len(got) != 1 || got[0].ID != m1.ID {
		t.Fatalf("first claim = %+v", got)
	}
	m1tok := got[0].LeaseToken
	enqueue(t, s, m2, m3, other)
	// m1 is leased: m2, m3 wait.
	got, err = s.ClaimOutbound(ctx, loket.ChannelTelegram, t0, time.Minute, 10, 0)
	must(t, err)
	if len(got) != 1 || got[0].ID != other.ID {
		t.Fatalf("claim while head leased = %+v", got)
	}
	must(t, s.OutboundSent(ctx, other.ID, got[0].LeaseToken, "x", t0))
	must(t, s.OutboundRetry(ctx, m1.ID, m1tok, t0.Add(10*time.Minute), "429"))
	for _, at := range []time.Duration{2 * time.Minute, 9 * time.Minute} {
		got, err = s.ClaimOutbound(ctx, loket.ChannelTelegram, t0.Add(at), time.Minute, 10, 0)
		must(t, err)
		if len(got) != 0 {
			t.Fatalf("claimed behind a retrying head at +%v: %+v", at, got)
		}
	}
	got, err = s.ClaimOutbound(ctx, loket.ChannelTelegram, t0.Add(10*time.Minute), time.Minute, 10, 0)
	must(t, err)
	if len(got) != 3 || got[0].ID != m1.ID || got[1].ID != m2.ID || got[2].ID != m3.ID || got[0].Attempts != 2 {
		t.Fatalf("claim after retry = %+v", got)
	}
}

func testOutboxConcurrent(t *testing.T, s Store) {
	ctx := ctxT(t)
	const n = 40
	var ms []*loket.Outbound
	for i := 0; i < n; i++ {
		ms = append(ms, out(loket.ChannelTelegram, fmt.Sprintf("chat-%d", i), "x"))
	}
	enqueue(t, s, ms...)
	var mu sync.Mutex
	seen := map[int64]int{}
	errs := race(4, func(int) error {
		for round := 0; round < 20; round++ {
			got, err := s.ClaimOutbound(ctx, loket.ChannelTelegram, t0, time.Hour, 3, 0)
			if err != nil {
				return err
			}
			mu.Lock()
			for _, m := range got {
				seen[m.ID]++
			}
			mu.Unlock()
		}
		return nil
	})
	for _, err := range errs {
		must(t, err)
	}
	for id, c := range seen {
		if c != 1 {
			t.Fatalf("message %d claimed %d times", id, c)
		}
	}
	if len(seen) != n {
		t.Fatalf("claimed %d of %d", len(seen), n)
	}
}

func testTranscript(t *testing.T, s Store) {
	ctx := ctxT(t)
	_, err := s.RecordInbound(ctx, []loket.Inbound{inbound("t1", "web-1", t0), inbound("t2", "web-1", t0.Add(2*time.Second)), inbound("t3", "other", t0)})
	must(t, err)
	o1 := out(loket.ChannelTelegram, "web-1", "balas 1")
	o1.CreatedAt = t0.Add(time.Second)
	o1.Buttons = [][]loket.Button{{{Label: "A", Data: "a"}}}
	o2 := out(loket.ChannelTelegram, "web-1", "balas 2")
	o2.CreatedAt = t0.Add(3 * time.Second)
	enqueue(t, s, o1, o2)
	lines, err := s.Transcript(ctx, loket.ChannelTelegram, "web-1", 0, 0, 10)
	must(t, err)
	texts := []string{}
	for _, l := range lines {
		texts = append(texts, l.Text)
	}
	if fmt.Sprint(texts) != "[halo t1 balas 1 halo t2 balas 2]" || len(lines[1].Buttons) != 1 || lines[1].Status != loket.OutQueued {
		t.Fatalf("transcript = %+v", lines)
	}
	last, err := s.Transcript(ctx, loket.ChannelTelegram, "web-1", 0, 0, 2)
	must(t, err)
	if len(last) != 2 || last[0].Text != "halo t2" || last[1].Text != "balas 2" {
		t.Fatalf("last 2 = %+v", last)
	}
	after, err := s.Transcript(ctx, loket.ChannelTelegram, "web-1", lines[2].InboundID, lines[1].OutboundID, 10)
	must(t, err)
	if len(after) != 1 || after[0].Text != "balas 2" {
		t.Fatalf("after = %+v", after)
	}
	// A pressed button shows its data, a document its name, on both sides.
	btn := inbound("t4", "web-2", t0)
	btn.Kind, btn.Text, btn.Button = loket.InButton, "", "menu:daftar"
	doc := inbound("t5", "web-2", t0.Add(2*time.Second))
	doc.Kind, doc.Text = loket.InDocument, ""
	doc.Document = &loket.DocumentRef{FileID: "f5", FileName: "akta.pdf", MimeType: "application/pdf", Size: 10}
	_, err = s.RecordInbound(ctx, []loket.Inbound{btn, doc})
	must(t, err)
	o3 := out(loket.ChannelTelegram, "web-2", "berkas dari petugas")
	o3.CreatedAt = t0.Add(time.Second)
	o3.Document = &loket.OutboundDocument{SHA256: "ab12", FileName: "panduan.pdf"}
	enqueue(t, s, o3)
	sides, err := s.Transcript(ctx, loket.ChannelTelegram, "web-2", 0, 0, 10)
	must(t, err)
	if len(sides) != 3 || sides[0].Text != "menu:daftar" || sides[0].InboundID == 0 ||
		sides[1].Document != "panduan.pdf" || sides[1].OutboundID == 0 || sides[1].Buttons != nil ||
		sides[2].Document != "akta.pdf" || sides[2].InboundID == 0 || sides[2].Status != "" {
		t.Fatalf("button and documents in the transcript = %+v", sides)
	}
}

// testOutboxOrderConcurrent: 4 claimers drain 4 chats of 8 messages; a
// message is never handed out while an earlier one of its chat is unsent
// and outside the same batch.
func testOutboxOrderConcurrent(t *testing.T, s Store) {
	ctx := ctxT(t)
	var all []*loket.Outbound
	for i := 0; i < 8; i++ {
		for c := 0; c < 4; c++ {
			all = append(all, out(loket.ChannelTelegram, fmt.Sprintf("chat-%d", c), fmt.Sprint(i)))
		}
	}
	enqueue(t, s, all...)
	var mu sync.Mutex
	sent := map[int64]bool{}
	earlier := func(m loket.Outbound) []int64 {
		var ids []int64
		for _, o := range all {
			if o.ChatID == m.ChatID && o.ID < m.ID {
				ids = append(ids, o.ID)
			}
		}
		return ids
	}
	errs := race(4, func(int) error {
		for round := 0; round < 200; round++ {
			got, err := s.ClaimOutbound(ctx, loket.ChannelTelegram, t0, time.Hour, 3, 0)
			if err != nil {
				return err
			}
			mu.Lock()
			batch := map[int64]bool{}
			for _, m := range got {
				batch[m.ID] = true
			}
			for _, m := range got {
				for _, e := range earlier(m) {
					if !sent[e] && !batch[e] {
						mu.Unlock()
						return fmt.Errorf("message %d handed out before earlier %d was sent", m.ID, e)
					}
				}
			}
			for _, m := range got {
				sent[m.ID] = true
			}
			done := len(sent) == len(all)
			mu.Unlock()
			for _, m := range got {
				if err := s.OutboundSent(ctx, m.ID, m.LeaseToken, "x", t0); err != nil {
					return err
				}
			}
			if done {
				return nil
			}
		}
		return nil
	})
	for _, err := range errs {
		must(t, err)
	}
	if len(sent) != len(all) {
		t.Fatalf("sent %d of %d", len(sent), len(all))
	}
}
