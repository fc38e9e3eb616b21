package storetest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"loket"
	"loket/store"
)

const day = 24 * time.Hour

// settle moves a ticket to status at `at` with its status activity, as
// loket.SetStatus does.
func settle(t *testing.T, tx Tx, tk *loket.Ticket, status loket.TicketStatus, at time.Time) {
	t.Helper()
	must(t, loket.SetStatus(ctxT(t), tx, tk, status, loket.ActorAgent, 0, "", at))
}

func addDoc(t *testing.T, tx Tx, tk *loket.Ticket, req, sha string) *loket.Document {
	t.Helper()
	d := &loket.Document{TicketID: tk.ID, Requirement: req, FileName: req + "-budi.pdf", SHA256: sha, Size: 10, Pages: 1, CreatedAt: t0}
	must(t, tx.AddDocument(ctxT(t), d))
	return d
}

func testRetentionDocuments(t *testing.T, s Store) {
	ctx := ctxT(t)
	cutoff := t0.Add(50 * day)
	var closed, verified, open, late *loket.Ticket
	var docs [5]*loket.Document
	inTx(t, s, func(tx Tx) error {
		closed, verified, open, late = newTicket(t, tx, nil), newTicket(t, tx, nil), newTicket(t, tx, nil), newTicket(t, tx, nil)
		docs[0] = addDoc(t, tx, closed, "ktp", "s1")
		docs[1] = addDoc(t, tx, closed, "npwp", "s2")
		docs[2] = addDoc(t, tx, verified, "ktp", "s3")
		docs[3] = addDoc(t, tx, open, "ktp", "s1") // the same file on a ticket still open
		docs[4] = addDoc(t, tx, late, "ktp", "s4")
		settle(t, tx, closed, loket.StatusClosed, t0)
		settle(t, tx, verified, loket.StatusInReview, t0)
		settle(t, tx, verified, loket.StatusVerified, t0.Add(10*day))
		settle(t, tx, open, loket.StatusInReview, t0)
		settle(t, tx, late, loket.StatusCancelled, t0.Add(100*day))
		return nil
	})
	inTx(t, s, func(tx Tx) error {
		due, err := tx.RetentionDocuments(ctx, cutoff, 100)
		must(t, err)
		want := []store.DueDocument{
			{ID: docs[0].ID, TicketID: closed.ID, TicketNumber: closed.Number, Requirement: "ktp", SHA256: "s1", SettledAt: t0},
			{ID: docs[1].ID, TicketID: closed.ID, TicketNumber: closed.Number, Requirement: "npwp", SHA256: "s2", SettledAt: t0},
			{ID: docs[2].ID, TicketID: verified.ID, TicketNumber: verified.Number, Requirement: "ktp", SHA256: "s3", SettledAt: t0.Add(10 * day)},
		}
		if !reflect.DeepEqual(due, want) {
			t.Fatalf("due = %+v\nwant %+v", due, want)
		}
		if due, _ := tx.RetentionDocuments(ctx, cutoff, 1); len(due) != 1 || due[0].ID != docs[0].ID {
			t.Fatalf("limit 1 = %+v", due)
		}
		users, err := tx.DocumentsWithBlob(ctx, "s1")
		must(t, err)
		if fmt.Sprint(users) != fmt.Sprint([]int64{docs[0].ID, docs[3].ID}) {
			t.Fatalf("users of s1 = %v", users)
		}
		must(t, tx.PurgeDocument(ctx, docs[0].ID, cutoff))
		wantErr(t, tx.PurgeDocument(ctx, 987654, cutoff), loket.ErrNotFound)
		got, err := tx.DocumentByID(ctx, docs[0].ID)
		must(t, err)
		if got.FileName != "" || got.SHA256 != "" || got.Requirement != "ktp" || got.Status != loket.DocReceived {
			t.Fatalf("purged document = %+v", got)
		}
		if users, _ := tx.DocumentsWithBlob(ctx, "s1"); fmt.Sprint(users) != fmt.Sprint([]int64{docs[3].ID}) {
			t.Fatalf("users of s1 after the purge = %v", users)
		}
		if due, _ := tx.RetentionDocuments(ctx, cutoff, 100); len(due) != 2 {
			t.Fatalf("due after a purge = %+v", due)
		}
		// A reopened ticket's documents are no longer due.
		settle(t, tx, verified, loket.StatusNeedsFix, cutoff)
		if due, _ := tx.RetentionDocuments(ctx, cutoff, 100); len(due) != 1 || due[0].ID != docs[1].ID {
			t.Fatalf("due after a reopening = %+v", due)
		}
		return nil
	})
}

func testRetentionTexts(t *testing.T, s Store) {
	ctx := ctxT(t)
	cutoff := t0.Add(50 * day)
	var a, b *loket.Ticket
	inTx(t, s, func(tx Tx) error {
		a, b = newTicket(t, tx, nil), newTicket(t, tx, nil)
		for _, act := range []*loket.Activity{
			{TicketID: a.ID, Kind: loket.ActMessageIn, Body: "NIK saya 3271…", CreatedAt: t0},
			{TicketID: a.ID, Kind: loket.ActMessageIn, Body: "masih baru", CreatedAt: t0.Add(60 * day)},
			{TicketID: a.ID, Kind: loket.ActStatus, Body: "new → closed", CreatedAt: t0},
			{TicketID: b.ID, Kind: loket.ActNote, Body: "catatan tentang Budi", CreatedAt: t0},
		} {
			must(t, tx.AddActivity(ctx, act))
		}
		must(t, tx.SaveSurvey(ctx, &loket.Survey{TicketID: a.ID, Answers: [loket.SurveyAnswers]int{4, 4, 4, 4, 4, 4, 4, 4},
			Comment: "Pak Budi ramah", CreatedAt: t0, CompletedAt: t0}))
		return nil
	})
	sent := &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: "c1", TicketID: a.ID, Text: "Halo Budi", CreatedAt: t0}
	queued := &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: "c1", Text: "belum terkirim", CreatedAt: t0}
	loose := &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: "c9", Text: "menu", CreatedAt: t0}
	enqueue(t, s, sent, queued, loose)
	must(t, s.OutboundSent(ctx, sent.ID, 0, "x1", t0))
	must(t, s.OutboundFailed(ctx, loose.ID, 0, "blocked", t0))
	in, err := s.RecordInbound(ctx, []loket.Inbound{inbound("r1", "c1", t0), inbound("r2", "c1", t0)})
	must(t, err)
	must(t, s.RecordDeadInbound(ctx, loket.Inbound{Channel: loket.ChannelTelegram, ExternalID: "dead-old", ChatID: "c1",
		SenderName: "Budi", Kind: loket.InText, Text: "NIK saya 3271"}, "refused", t0))
	must(t, s.RecordDeadInbound(ctx, loket.Inbound{Channel: loket.ChannelTelegram, ExternalID: "dead-new", ChatID: "c1",
		SenderName: "Budi", Kind: loket.InText, Text: "masih baru"}, "refused", t0.Add(60*day)))
	inTx(t, s, func(tx Tx) error {
		_, err := tx.ClaimInbound(ctx, in[0].ID, t0)
		return err
	})
	inTx(t, s, func(tx Tx) error {
		due, err := tx.RetentionTexts(ctx, cutoff)
		must(t, err)
		got := map[int64]store.DueTexts{}
		for _, d := range due {
			got[d.TicketID] = d
		}
		want := map[int64]store.DueTexts{
			a.ID: {TicketID: a.ID, TicketNumber: a.Number, Count: 3}, // message, sent outbox, survey comment
			b.ID: {TicketID: b.ID, TicketNumber: b.Number, Count: 1}, // note
			0:    {Count: 2},                                         // failed outbox, handled inbound
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("due texts = %+v\nwant %+v", got, want)
		}
		n, err := tx.PurgeTexts(ctx, cutoff)
		must(t, err)
		if n != 7 {
			t.Fatalf("purged %d texts, want 7 (with the old dead letter)", n)
		}
		dead, _, err := tx.DeadInbounds(ctx, 10)
		must(t, err)
		for _, d := range dead {
			if old := d.ExternalID == "dead-old"; old != (d.Text == "" && d.SenderName == "") {
				t.Fatalf("dead letter after the purge = %+v (only the old one loses its text and name)", d)
			}
		}
		if due, _ := tx.RetentionTexts(ctx, cutoff); len(due) != 0 {
			t.Fatalf("due after the purge = %+v", due)
		}
		acts, err := tx.Activities(ctx, a.ID)
		must(t, err)
		if acts[0].Body != "" || acts[1].Body != "new → closed" || acts[2].Body != "masih baru" {
			t.Fatalf("activities after the purge = %+v", acts)
		}
		sv, err := tx.SurveyByTicket(ctx, a.ID)
		must(t, err)
		if sv.Comment != "" || sv.Answers[0] != 4 {
			t.Fatalf("survey after the purge = %+v", sv)
		}
		return nil
	})
	if m, _ := s.OutboundByID(ctx, queued.ID); m.Text != "belum terkirim" {
		t.Fatalf("a queued message lost its text: %+v", m)
	}
	if m, _ := s.OutboundByID(ctx, sent.ID); m.Text != "" {
		t.Fatalf("a sent message kept its text: %+v", m)
	}
}

func testRetentionChats(t *testing.T, s Store) {
	ctx := ctxT(t)
	cutoff := t0.Add(30 * day)
	var idle, withTicket, recent, tg *loket.Contact
	inTx(t, s, func(tx Tx) error {
		var err error
		if _, idle, err = tx.OpenConversation(ctx, loket.ChannelWebChat, "w-idle", t0); err != nil {
			return err
		}
		if _, withTicket, err = tx.OpenConversation(ctx, loket.ChannelWebChat, "w-ticket", t0); err != nil {
			return err
		}
		newTicket(t, tx, func(tk *loket.Ticket) { tk.ContactID = withTicket.ID })
		if _, recent, err = tx.OpenConversation(ctx, loket.ChannelWebChat, "w-recent", t0); err != nil {
			return err
		}
		_, tg, err = tx.OpenConversation(ctx, loket.ChannelTelegram, "t-idle", t0)
		return err
	})
	web := func(ext, chat string, at time.Time) loket.Inbound {
		in := inbound(ext, chat, at)
		in.Channel = loket.ChannelWebChat
		return in
	}
	in, err := s.RecordInbound(ctx, []loket.Inbound{web("w1", "w-idle", t0), web("w2", "w-recent", t0.Add(40*day))})
	must(t, err)
	inTx(t, s, func(tx Tx) error {
		_, err := tx.ClaimInbounds(ctx, []int64{in[0].ID, in[1].ID}, t0.Add(40*day))
		return err
	})
	enqueue(t, s, &loket.Outbound{Channel: loket.ChannelWebChat, ChatID: "w-idle", Text: "halo", CreatedAt: t0})
	inTx(t, s, func(tx Tx) error {
		due, err := tx.RetentionChats(ctx, cutoff, 10)
		must(t, err)
		// The reply to w-idle is still queued: not idle yet.
		if len(due) != 0 {
			t.Fatalf("due with a queued reply = %+v", due)
		}
		return nil
	})
	m, err := s.ClaimOutbound(ctx, loket.ChannelWebChat, t0, time.Minute, 10, 0)
	must(t, err)
	for _, o := range m {
		must(t, s.OutboundSent(ctx, o.ID, o.LeaseToken, "", t0))
	}
	inTx(t, s, func(tx Tx) error {
		due, err := tx.RetentionChats(ctx, cutoff, 10)
		must(t, err)
		if len(due) != 1 || due[0].ContactID != idle.ID || due[0].Messages != 2 {
			t.Fatalf("due chats = %+v", due)
		}
		must(t, tx.DeleteChat(ctx, idle.ID))
		wantErr(t, tx.DeleteChat(ctx, idle.ID), loket.ErrNotFound)
		_, err = tx.ContactByID(ctx, idle.ID)
		wantErr(t, err, loket.ErrNotFound)
		for _, c := range []*loket.Contact{withTicket, recent, tg} {
			_, err := tx.ContactByID(ctx, c.ID)
			must(t, err)
		}
		return nil
	})
	lines, err := s.Transcript(ctx, loket.ChannelWebChat, "w-idle", 0, 0, 10)
	must(t, err)
	if len(lines) != 0 {
		t.Fatalf("messages of a deleted chat: %+v", lines)
	}
	if lines, _ := s.Transcript(ctx, loket.ChannelWebChat, "w-recent", 0, 0, 10); len(lines) != 1 {
		t.Fatalf("messages of another chat: %+v", lines)
	}
}
