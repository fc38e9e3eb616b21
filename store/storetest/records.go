package storetest

import (
	"testing"
	"time"

	"loket"
)

func testDocuments(t *testing.T, s Store) {
	ctx := ctxT(t)
	inTx(t, s, func(tx Tx) error {
		tk := newTicket(t, tx, nil)
		ktp := &loket.Document{TicketID: tk.ID, Requirement: "ktp", FileName: "ktp.pdf", SHA256: "aa", Size: 100, Pages: 1, CreatedAt: t0}
		must(t, tx.AddDocument(ctx, ktp))
		npwp := &loket.Document{TicketID: tk.ID, Requirement: "npwp_company", FileName: "npwp.pdf", SHA256: "bb", Size: 200, Pages: 2, CreatedAt: t0}
		must(t, tx.AddDocument(ctx, npwp))
		ktp.Status, ktp.RejectReason, ktp.ReviewedAt = loket.DocRejected, "buram", t0.Add(time.Hour)
		must(t, tx.UpdateDocument(ctx, ktp))
		ktp2 := &loket.Document{TicketID: tk.ID, Requirement: "ktp", FileName: "ktp2.pdf", SHA256: "cc", Size: 100, Pages: 1, CreatedAt: t0.Add(2 * time.Hour)}
		must(t, tx.AddDocument(ctx, ktp2))
		docs, err := tx.Documents(ctx, tk.ID)
		must(t, err)
		if len(docs) != 3 || docs[0].Status != loket.DocReplaced || docs[0].RejectReason != "buram" || docs[1].Status != loket.DocReceived || docs[2].Status != loket.DocReceived {
			t.Fatalf("documents = %+v", docs)
		}
		got, err := tx.DocumentByID(ctx, ktp2.ID)
		must(t, err)
		if got.SHA256 != "cc" || got.Pages != 1 || got.Size != 100 || !got.CreatedAt.Equal(t0.Add(2*time.Hour)) {
			t.Fatalf("document = %+v", got)
		}
		// With the vendor's form, in one read: the documents the same, the
		// form whether the ticket has documents or not; none for no vendor
		// or one gone.
		v := &loket.Vendor{Name: "CV Checklist", Form: loket.FormIndividual, NPWP: "010000000000777", CreatedAt: t0, UpdatedAt: t0}
		must(t, tx.SaveVendor(ctx, v))
		empty := newTicket(t, tx, nil)
		for _, c := range []struct {
			ticket, vendor int64
			form           loket.BusinessForm
			docs           int
		}{{tk.ID, v.ID, loket.FormIndividual, 3}, {empty.ID, v.ID, loket.FormIndividual, 0},
			{tk.ID, 0, "", 3}, {tk.ID, 99999, "", 3}, {empty.ID, 99999, "", 0}} {
			form, cds, err := tx.ChecklistDocuments(ctx, c.ticket, c.vendor)
			must(t, err)
			if form != c.form || len(cds) != c.docs {
				t.Fatalf("checklist of ticket %d, vendor %d = %q and %d documents, want %q and %d", c.ticket, c.vendor, form, len(cds), c.form, c.docs)
			}
			if c.docs == 3 {
				for i := range cds {
					if cds[i] != docs[i] {
						t.Fatalf("checklist document %d = %+v, want %+v", i, cds[i], docs[i])
					}
				}
			}
		}
		// With the ticket too: the form of its vendor for a registration
		// only, the ticket as TicketByID has it, none for no such ticket.
		mine := newTicket(t, tx, func(k *loket.Ticket) { k.VendorID = v.ID })
		other := newTicket(t, tx, func(k *loket.Ticket) { k.VendorID, k.Type, k.Title = v.ID, loket.TypeAccountReset, "Reset akun" })
		must(t, tx.AddDocument(ctx, &loket.Document{TicketID: mine.ID, Requirement: "ktp", FileName: "k.pdf", SHA256: "dd", Size: 1, Pages: 1, CreatedAt: t0}))
		for _, c := range []struct {
			ticket *loket.Ticket
			form   loket.BusinessForm
			docs   int
		}{{mine, loket.FormIndividual, 1}, {other, "", 0}, {tk, "", 3}} {
			got, form, cds, err := tx.TicketChecklist(ctx, c.ticket.ID)
			must(t, err)
			want, err := tx.TicketByID(ctx, c.ticket.ID)
			must(t, err)
			if *got != *want || form != c.form || len(cds) != c.docs {
				t.Fatalf("ticket checklist of %d = %+v, %q and %d documents, want %+v, %q and %d", c.ticket.ID, got, form, len(cds), want, c.form, c.docs)
			}
		}
		_, _, _, err = tx.TicketChecklist(ctx, 99999)
		wantErr(t, err, loket.ErrNotFound)
		_, err = tx.DocumentByID(ctx, 99999)
		wantErr(t, err, loket.ErrNotFound)
		wantErr(t, tx.UpdateDocument(ctx, &loket.Document{ID: 99999}), loket.ErrNotFound)
		return nil
	})
}

func testAgents(t *testing.T, s Store) {
	ctx := ctxT(t)
	inTx(t, s, func(tx Tx) error {
		a := &loket.Agent{Username: "admin", Name: "Admin", Role: loket.RoleAdmin, PasswordHash: "h", Active: true, CreatedAt: t0}
		must(t, tx.SaveAgent(ctx, a))
		b := &loket.Agent{Username: "zaki", Role: loket.RoleAgent, TelegramUserID: 777, CreatedAt: t0}
		must(t, tx.SaveAgent(ctx, b))
		err := tx.Savepoint(ctx, func() error {
			return tx.SaveAgent(ctx, &loket.Agent{Username: "admin", Role: loket.RoleAgent})
		})
		wantErr(t, err, loket.ErrConflict)
		err = tx.Savepoint(ctx, func() error {
			return tx.SaveAgent(ctx, &loket.Agent{Username: "other", Role: loket.RoleAgent, TelegramUserID: 777})
		})
		wantErr(t, err, loket.ErrConflict)
		a.Name, a.TelegramUserID, a.Lang = "Admin Satu", 555, loket.LangEN
		must(t, tx.SaveAgent(ctx, a))
		got, err := tx.AgentByTelegramUser(ctx, 555)
		must(t, err)
		if got.ID != a.ID || got.Name != "Admin Satu" || !got.Active || got.Role != loket.RoleAdmin || got.Lang != loket.LangEN {
			t.Fatalf("agent = %+v", got)
		}
		got, err = tx.AgentByUsername(ctx, "zaki")
		must(t, err)
		if got.ID != b.ID || got.Active || got.Lang != "" {
			t.Fatalf("agent = %+v", got)
		}
		_, err = tx.AgentByID(ctx, 99999)
		wantErr(t, err, loket.ErrNotFound)
		_, err = tx.AgentByTelegramUser(ctx, 0)
		wantErr(t, err, loket.ErrNotFound)
		all, err := tx.ListAgents(ctx)
		must(t, err)
		if len(all) != 2 || all[0].Username != "admin" {
			t.Fatalf("agents = %+v", all)
		}

		sess := &loket.Session{TokenHash: "th", AgentID: a.ID, CSRFToken: "csrf", CreatedAt: t0, ExpiresAt: t0.Add(12 * time.Hour)}
		must(t, tx.CreateSession(ctx, sess))
		gs, err := tx.SessionByTokenHash(ctx, "th")
		must(t, err)
		if *gs != *sess {
			t.Fatalf("session = %+v, want %+v", gs, sess)
		}
		must(t, tx.DeleteSession(ctx, "th"))
		_, err = tx.SessionByTokenHash(ctx, "th")
		wantErr(t, err, loket.ErrNotFound)

		tok := &loket.APIToken{AgentID: a.ID, Name: "ci", TokenHash: "tok", CreatedAt: t0}
		must(t, tx.CreateAPIToken(ctx, tok))
		gt, err := tx.APITokenByHash(ctx, "tok")
		must(t, err)
		if *gt != *tok {
			t.Fatalf("token = %+v", gt)
		}
		_, err = tx.APITokenByHash(ctx, "nope")
		wantErr(t, err, loket.ErrNotFound)

		must(t, tx.AddAudit(ctx, &loket.Audit{AgentID: a.ID, Action: "document.view", Object: "document:1", RemoteIP: "127.0.0.1", CreatedAt: t0}))
		must(t, tx.AddAudit(ctx, &loket.Audit{Action: "system.start", CreatedAt: t0}))
		must(t, tx.AddAudit(ctx, &loket.Audit{AgentID: a.ID, Action: "document.view", Object: "document:1", CreatedAt: t0.Add(time.Second)}))
		list, err := tx.ListAudit(ctx, "document:1", 10)
		must(t, err)
		if len(list) != 2 || !list[0].CreatedAt.Equal(t0.Add(time.Second)) || list[1].RemoteIP != "127.0.0.1" {
			t.Fatalf("audit = %+v", list)
		}
		all2, err := tx.ListAudit(ctx, "", 10)
		must(t, err)
		if len(all2) != 3 || all2[1].AgentID != 0 {
			t.Fatalf("all audit = %+v", all2)
		}
		return nil
	})
}

func testSurveys(t *testing.T, s Store) {
	ctx := ctxT(t)
	inTx(t, s, func(tx Tx) error {
		tk := newTicket(t, tx, nil)
		_, err := tx.SurveyByTicket(ctx, tk.ID)
		wantErr(t, err, loket.ErrNotFound)
		sv := &loket.Survey{TicketID: tk.ID, Answers: [loket.SurveyAnswers]int{4, 3}, CreatedAt: t0}
		must(t, tx.SaveSurvey(ctx, sv))
		sv2 := &loket.Survey{TicketID: tk.ID, Answers: [loket.SurveyAnswers]int{4, 3, 4, 4, 2, 1, 3, 4}, Comment: "cepat", CreatedAt: t0.Add(time.Hour), CompletedAt: t0.Add(time.Hour)}
		must(t, tx.SaveSurvey(ctx, sv2))
		got, err := tx.SurveyByTicket(ctx, tk.ID)
		must(t, err)
		if got.ID != sv.ID || sv2.ID != sv.ID || got.Answers != sv2.Answers || got.Comment != "cepat" || !got.CreatedAt.Equal(t0) || !got.CompletedAt.Equal(t0.Add(time.Hour)) {
			t.Fatalf("survey = %+v", got)
		}
		wantErr(t, tx.SaveSurvey(ctx, &loket.Survey{TicketID: tk.ID, Answers: [loket.SurveyAnswers]int{5}}), loket.ErrInvalid)
		return nil
	})
}
