package staff

import (
	"strconv"
	"strings"
	"testing"

	"loket"
	"loket/messages"
	"loket/store/storetest"
)

// TestMirrorForum: one topic per ticket, each activity posted once, even
// with two Mirrors at the same time; documents only as name + link.
func TestMirrorForum(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, open, true)
			var second *loket.Ticket
			e.inTx(func(tx storetest.Tx) error {
				second = &loket.Ticket{ContactID: e.ticket.ContactID, Channel: loket.ChannelTelegram, Title: "Reset", Type: loket.TypeAccountReset, CreatedAt: t0}
				return tx.CreateTicket(e.ctx, second)
			})
			e.activity(e.ticket.ID, loket.ActMessageIn, loket.ActorVendor, "Halo, saya mau daftar", "")
			e.activity(e.ticket.ID, loket.ActDocument, loket.ActorVendor, "file", `{"file_name":"ktp.pdf","file_id":"F1"}`)
			e.activity(second.ID, loket.ActMessageIn, loket.ActorVendor, "Lupa kata sandi", "")
			e.clock.Advance(5e9)
			parallel(2, func() {
				if err := e.s.Mirror(e.ctx); err != nil {
					t.Errorf("Mirror: %v", err)
				}
			})
			e.mirror()
			e.runJobs()
			e.runJobs() // nothing left: the topic is not opened twice
			topics := e.srv.Topics()
			if len(topics) != 2 || topics[0] != "#1001 CV Maju Jaya" || !strings.HasPrefix(topics[1], "#1002") {
				t.Fatalf("topics = %q, want one per ticket", topics)
			}
			msgs := e.send()
			var th *storetest.StaffThread
			e.inTx(func(tx storetest.Tx) error {
				var err error
				th, err = tx.StaffThread(e.ctx, staffChat, e.ticket.ID)
				return err
			})
			if !th.Ready || th.TopicID == 0 {
				t.Fatalf("thread = %+v", th)
			}
			inTopic := to(msgs, staffChat+"/"+strconv.FormatInt(th.TopicID, 10))
			all := texts(inTopic)
			if len(inTopic) != 2 || !strings.Contains(inTopic[0].Text, "#1001 CV Maju Jaya") || !strings.Contains(inTopic[0].Text, "http://console.test/tickets/1001") {
				t.Fatalf("topic posts:\n%s", all)
			}
			for _, want := range []string{"Halo, saya mau daftar", "ktp.pdf", "http://console.test/tickets/1001"} {
				if strings.Count(all, want) < 1 {
					t.Fatalf("topic posts lack %q:\n%s", want, all)
				}
			}
			if strings.Count(all, "Halo, saya mau daftar") != 1 || strings.Contains(all, "Lupa kata sandi") {
				t.Fatalf("posted twice or into the wrong topic:\n%s", all)
			}
			for _, m := range msgs {
				if m.Document != nil {
					t.Fatalf("a document was posted to the group: %+v", m)
				}
			}
			// Later activity goes straight into the topic, once.
			e.activity(e.ticket.ID, loket.ActMessageIn, loket.ActorVendor, "Sudah saya kirim", "")
			e.clock.Advance(5e9)
			parallel(3, func() { _ = e.s.Mirror(e.ctx) })
			e.mirror()
			later := texts(e.send())
			if strings.Count(later, "Sudah saya kirim") != 1 || len(e.srv.Topics()) != 2 {
				t.Fatalf("later posts:\n%s", later)
			}
		})
	}
}

// TestAgentActions: reply, /note, /claim, /status, /close from a topic.
func TestAgentActions(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, open, true)
			e.activity(e.ticket.ID, loket.ActMessageIn, loket.ActorVendor, "Halo", "")
			e.mirror()
			e.runJobs()
			e.send()
			var topic int64
			e.inTx(func(tx storetest.Tx) error {
				th, err := tx.StaffThread(e.ctx, staffChat, e.ticket.ID)
				topic = th.TopicID
				return err
			})
			where := "t" + strconv.FormatInt(topic, 10)

			e.say(agentUser, where, "Selamat siang, silakan kirim KTP direktur.")
			out := to(e.send(), vendorChat)
			if len(out) != 1 || out[0].Text != "Selamat siang, silakan kirim KTP direktur." || out[0].TicketID != e.ticket.ID {
				t.Fatalf("vendor outbox = %+v", out)
			}
			acts := e.activities()
			last := acts[len(acts)-1]
			if last.Kind != loket.ActMessageOut || last.Actor != loket.ActorAgent || last.AgentID != e.agent.ID || last.OutboundID != out[0].ID {
				t.Fatalf("reply activity = %+v", last)
			}

			e.say(agentUser, where+":77", "/note vendor sudah ditelepon")
			if got := to(e.send(), vendorChat); len(got) != 0 {
				t.Fatalf("a note reached the vendor: %+v", got)
			}
			acts = e.activities()
			if last = acts[len(acts)-1]; last.Kind != loket.ActNote || last.Body != "vendor sudah ditelepon" || last.AgentID != e.agent.ID {
				t.Fatalf("note activity = %+v", last)
			}

			e.say(agentUser, where, "/claim")
			if got := e.load(); got.AssigneeID != e.agent.ID {
				t.Fatalf("assignee = %d, want %d", got.AssigneeID, e.agent.ID)
			}

			e.say(agentUser, where, "/status in review")
			got := e.load()
			out = to(e.send(), vendorChat)
			cat, err := messages.Load()
			if err != nil {
				t.Fatal(err)
			}
			want := cat.Text(loket.LangID, "status.in_review", map[string]string{"ticket": "#1001", "vendor": "CV Maju Jaya"})
			if got.Status != loket.StatusInReview || len(out) != 1 || out[0].Text != want {
				t.Fatalf("status %q, vendor outbox %+v, want %q", got.Status, out, want)
			}

			n := len(e.activities())
			e.say(agentUser, where, "/status selesai")
			staff := texts(to(e.send(), staffChat+"/"+strconv.FormatInt(topic, 10)))
			if e.load().Status != loket.StatusInReview || len(e.activities()) != n || !strings.Contains(staff, "selesai") {
				t.Fatalf("a bad status changed something; group got:\n%s", staff)
			}

			// needs-fix asks for its note, and sends it after the notice
			e.say(agentUser, where, "/status needs fix")
			staff = texts(to(e.send(), staffChat+"/"+strconv.FormatInt(topic, 10)))
			if e.load().Status != loket.StatusInReview || !strings.Contains(staff, "/status needs_fix NPWP tidak terbaca") {
				t.Fatalf("needs-fix without a note changed something; group got:\n%s", staff)
			}
			e.say(agentUser, where, "/status needs_fix NPWP tidak terbaca, mohon kirim ulang")
			out = to(e.send(), vendorChat)
			if e.load().Status != loket.StatusNeedsFix || len(out) != 1 || !strings.HasSuffix(out[0].Text, "\n\nCatatan petugas: NPWP tidak terbaca, mohon kirim ulang") {
				t.Fatalf("needs-fix with a note: status %q, vendor outbox %+v", e.load().Status, out)
			}

			// verified is refused while a document stands rejected, and the
			// group is told why (it was returned as an error)
			e.inTx(func(tx storetest.Tx) error {
				return tx.AddDocument(e.ctx, &loket.Document{TicketID: e.ticket.ID, Requirement: "npwp", FileName: "npwp.pdf",
					SHA256: strings.Repeat("b", 64), Size: 1000, Pages: 1, Status: loket.DocRejected, RejectReason: "Tidak terbaca.",
					CreatedAt: e.clock.Now()})
			})
			e.say(agentUser, where, "/status verified")
			staff = texts(to(e.send(), staffChat+"/"+strconv.FormatInt(topic, 10)))
			if e.load().Status != loket.StatusNeedsFix || !strings.Contains(staff, "npwp.pdf masih berstatus ditolak") {
				t.Fatalf("verified with a rejected document; group got:\n%s", staff)
			}

			e.say(agentUser, where, "/close")
			if got := e.load(); got.Status != loket.StatusClosed || got.ClosedAt.IsZero() {
				t.Fatalf("after /close: %+v", got)
			}
			if out := to(e.send(), vendorChat); len(out) != 1 || !strings.Contains(out[0].Text, "tutup") {
				t.Fatalf("vendor not told of closing: %+v", out)
			}

			// The mirror echoes what happened into the topic.
			e.mirror()
			echo := texts(e.send())
			for _, w := range []string{"Rina", "vendor sudah ditelepon", "In review", "Closed"} {
				if !strings.Contains(echo, w) {
					t.Fatalf("mirror echo lacks %q:\n%s", w, echo)
				}
			}
		})
	}
}

// TestUnlinkedRefused: strangers and inactive agents change nothing.
func TestUnlinkedRefused(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, open, true)
			e.activity(e.ticket.ID, loket.ActMessageIn, loket.ActorVendor, "Halo", "")
			e.mirror()
			e.runJobs()
			e.send()
			var topic int64
			e.inTx(func(tx storetest.Tx) error {
				th, err := tx.StaffThread(e.ctx, staffChat, e.ticket.ID)
				topic = th.TopicID
				return err
			})
			where := "t" + strconv.FormatInt(topic, 10)
			before, n := e.load(), len(e.activities())
			for _, user := range []string{idleUser, "7777", ""} {
				for _, text := range []string{"Halo dari orang asing", "/close", "/claim", "/note x"} {
					e.say(user, where, text)
				}
			}
			msgs := e.send()
			if out := to(msgs, vendorChat); len(out) != 0 {
				t.Fatalf("vendor got %+v", out)
			}
			refusals := to(msgs, staffChat+"/"+strconv.FormatInt(topic, 10))
			if len(refusals) != 12 || !strings.Contains(refusals[0].Text, "belum ditautkan") {
				t.Fatalf("refusals:\n%s", texts(refusals))
			}
			after := e.load()
			if after.Status != before.Status || after.AssigneeID != 0 || len(e.activities()) != n {
				t.Fatalf("a refused user changed the ticket: %+v", after)
			}
		})
	}
}

// TestHeaderGroup: a group without topics gets a header message; replies
// to it (or to a later post) reach the vendor.
func TestHeaderGroup(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, open, false)
			e.activity(e.ticket.ID, loket.ActMessageIn, loket.ActorVendor, "Halo", "")
			e.mirror()
			e.runJobs()
			if n := len(e.srv.Calls("createForumTopic")); n != 0 {
				t.Fatalf("createForumTopic called %d times in a plain group", n)
			}
			posts := to(e.send(), staffChat)
			if len(posts) != 2 || !strings.Contains(posts[0].Text, "#1001 CV Maju Jaya") || !strings.Contains(posts[1].Text, "Halo") {
				t.Fatalf("group posts:\n%s", texts(posts))
			}
			e.say(agentUser, posts[0].ExternalID, "Balasan ke header")
			e.say(agentUser, posts[1].ExternalID, "Balasan ke pesan vendor")
			out := to(e.send(), vendorChat)
			if len(out) != 2 || out[0].Text != "Balasan ke header" || out[1].Text != "Balasan ke pesan vendor" {
				t.Fatalf("vendor outbox = %+v", out)
			}
			// Outside a thread: only commands get an answer.
			e.say(agentUser, "", "ngobrol biasa")
			e.say(agentUser, "99999", "balas pesan lain")
			if got := e.send(); len(got) != 0 {
				t.Fatalf("chatter got answers: %+v", got)
			}
			e.say(agentUser, "", "/help")
			e.say(agentUser, "", "/help@other_bot")
			help := to(e.send(), staffChat)
			if len(help) != 1 || !strings.Contains(help[0].Text, "/note") {
				t.Fatalf("help:\n%s", texts(help))
			}
		})
	}
}

// TestTopicFallback: when Telegram keeps refusing the topic, the ticket
// gets a header message and nothing waits forever.
func TestTopicFallback(t *testing.T) {
	e := newEnv(t, openSQLite, true)
	for range 10 {
		e.srv.Fail("createForumTopic", telegramFailure())
	}
	e.activity(e.ticket.ID, loket.ActMessageIn, loket.ActorVendor, "Halo", "")
	e.mirror()
	for range e.s.cfg.TopicAttempts {
		e.runJobs()
	}
	posts := to(e.send(), staffChat)
	if len(posts) != 2 || !strings.Contains(posts[1].Text, "Halo") {
		t.Fatalf("fallback posts:\n%s", texts(posts))
	}
}
