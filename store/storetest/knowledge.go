package storetest

import (
	"encoding/json"
	"testing"
	"time"

	"loket"
)

func testKnowledge(t *testing.T, s Store) {
	ctx := ctxT(t)
	inTx(t, s, func(tx Tx) error {
		stamp, err := tx.KnowledgeStamp(ctx)
		must(t, err)
		if stamp != 0 {
			t.Fatalf("stamp of an empty store = %d", stamp)
		}
		cur, err := tx.KnowledgeCurrent(ctx, loket.KnowOffice)
		must(t, err)
		if len(cur) != 0 {
			t.Fatalf("current office of an empty store = %+v", cur)
		}
		ag := &loket.Agent{Username: "admin", Role: loket.RoleAdmin, CreatedAt: t0}
		must(t, tx.SaveAgent(ctx, ag))
		save := func(kind, key, body string, agent int64, note string) *loket.KnowledgeVersion {
			k := &loket.KnowledgeVersion{Kind: kind, Key: key, Body: []byte(body), AgentID: agent, Note: note, CreatedAt: t0}
			must(t, tx.SaveKnowledge(ctx, k))
			return k
		}
		o1 := save(loket.KnowOffice, "", `{"name":"LPSE A"}`, ag.ID, "edit")
		o2 := save(loket.KnowOffice, "", `{"name":"LPSE B"}`, 0, "import")
		a1 := save(loket.KnowAnswer, "hours", `{"text":{"id":"jam"}}`, ag.ID, "edit")
		save(loket.KnowAnswer, "contact", `{"text":{"id":"kontak"}}`, ag.ID, "edit")
		a2 := save(loket.KnowAnswer, "hours", `{"text":{"id":"jam 2"}}`, ag.ID, "rollback 1")
		if o1.Version != 1 || o2.Version != 2 || a1.Version != 1 || a2.Version != 2 || o1.ID == 0 || o2.ID <= o1.ID {
			t.Fatalf("versions: office %d %d, answer %d %d; ids %d %d", o1.Version, o2.Version, a1.Version, a2.Version, o1.ID, o2.ID)
		}
		err = tx.Savepoint(ctx, func() error {
			return tx.SaveKnowledge(ctx, &loket.KnowledgeVersion{Kind: loket.KnowOffice, Body: []byte("{not json")})
		})
		wantErr(t, err, loket.ErrInvalid)

		cur, err = tx.KnowledgeCurrent(ctx, loket.KnowAnswer)
		must(t, err)
		if len(cur) != 2 || cur[0].Key != "contact" || cur[1].Key != "hours" || cur[1].Version != 2 {
			t.Fatalf("current answers = %+v", cur)
		}
		var body map[string]any
		must(t, json.Unmarshal(cur[1].Body, &body))
		if body["text"].(map[string]any)["id"] != "jam 2" || cur[1].Note != "rollback 1" || cur[1].AgentID != ag.ID || !cur[1].CreatedAt.Equal(t0) {
			t.Fatalf("current hours = %+v %s", cur[1], cur[1].Body)
		}
		hist, err := tx.KnowledgeHistory(ctx, loket.KnowOffice, "", 10)
		must(t, err)
		if len(hist) != 2 || hist[0].Version != 2 || hist[1].Version != 1 || hist[0].AgentID != 0 || hist[1].AgentID != ag.ID {
			t.Fatalf("office history = %+v", hist)
		}
		old, err := tx.KnowledgeAt(ctx, loket.KnowOffice, "", 1)
		must(t, err)
		if old.ID != o1.ID || string(old.Body) == "" {
			t.Fatalf("office v1 = %+v", old)
		}
		_, err = tx.KnowledgeAt(ctx, loket.KnowOffice, "", 9)
		wantErr(t, err, loket.ErrNotFound)
		stamp, err = tx.KnowledgeStamp(ctx)
		must(t, err)
		if stamp != a2.ID {
			t.Fatalf("stamp = %d, want the newest id %d", stamp, a2.ID)
		}
		return nil
	})
}

func testBotQuestions(t *testing.T, s Store) {
	ctx := ctxT(t)
	inTx(t, s, func(tx Tx) error {
		ct := &loket.Contact{Channel: loket.ChannelWebChat, ChatID: "q1", Lang: loket.LangID}
		must(t, tx.SaveContact(ctx, ct))
		ag := &loket.Agent{Username: "admin", Role: loket.RoleAdmin, CreatedAt: t0}
		must(t, tx.SaveAgent(ctx, ag))
		add := func(outcome, text string, at time.Duration) *loket.BotQuestion {
			q := &loket.BotQuestion{Channel: loket.ChannelWebChat, ContactID: ct.ID, Lang: loket.LangID, Text: text,
				Outcome: outcome, CreatedAt: t0.Add(at)}
			if outcome == loket.QuestionAnswered {
				q.AnswerKey = "hours"
			}
			must(t, tx.AddBotQuestion(ctx, q))
			return q
		}
		add(loket.QuestionAnswered, "", 0)
		q1 := add(loket.QuestionUnmatched, "kapan kantor buka sabtu", time.Hour)
		q2 := add(loket.QuestionOfficer, "apakah sabtu buka", 2*time.Hour)
		q3 := add(loket.QuestionUnmatched, "berapa biaya verifikasi", 24*time.Hour)
		err := tx.Savepoint(ctx, func() error { return tx.AddBotQuestion(ctx, &loket.BotQuestion{Channel: "webchat", Outcome: "maybe"}) })
		wantErr(t, err, loket.ErrInvalid)

		open, err := tx.OpenBotQuestions(ctx, 10)
		must(t, err)
		if len(open) != 3 || open[0].ID != q3.ID || open[2].ID != q1.ID || open[1].Text != "apakah sabtu buka" || open[1].ContactID != ct.ID {
			t.Fatalf("open questions = %+v", open)
		}
		n, err := tx.ResolveBotQuestions(ctx, []int64{q1.ID, q2.ID, 99999}, loket.ResolutionAttached, "hours", ag.ID, t0.Add(48*time.Hour))
		must(t, err)
		if n != 2 {
			t.Fatalf("resolved %d, want 2", n)
		}
		n, err = tx.ResolveBotQuestions(ctx, []int64{q1.ID}, loket.ResolutionDismissed, "", ag.ID, t0)
		must(t, err)
		if n != 0 {
			t.Fatalf("resolved a resolved question again: %d", n)
		}
		_, err = tx.ResolveBotQuestions(ctx, []int64{q3.ID}, "forgotten", "", ag.ID, t0)
		wantErr(t, err, loket.ErrInvalid)
		open, err = tx.OpenBotQuestions(ctx, 10)
		must(t, err)
		if len(open) != 1 || open[0].ID != q3.ID {
			t.Fatalf("open after resolving = %+v", open)
		}
		// Retention clears old texts; erasing the contact clears the rest
		// and closes what was open.
		_, err = tx.PurgeTexts(ctx, t0.Add(90*time.Minute))
		must(t, err)
		ct2 := &loket.Contact{Channel: loket.ChannelWebChat, ChatID: "q2", Lang: loket.LangID}
		must(t, tx.SaveContact(ctx, ct2))
		q4 := &loket.BotQuestion{Channel: loket.ChannelWebChat, ContactID: ct2.ID, Text: "nomor KTP saya 3271", Outcome: loket.QuestionUnmatched, CreatedAt: t0.Add(30 * time.Hour)}
		must(t, tx.AddBotQuestion(ctx, q4))
		must(t, tx.EraseContact(ctx, ct2.ID, t0.Add(31*time.Hour)))
		open, err = tx.OpenBotQuestions(ctx, 10)
		must(t, err)
		if len(open) != 1 || open[0].ID != q3.ID || open[0].Text != "berapa biaya verifikasi" {
			t.Fatalf("open after purge and erasure = %+v", open)
		}
		all, err := tx.BotQuestionsBetween(ctx, t0, t0.Add(3*time.Hour))
		must(t, err)
		if len(all) != 3 || all[0].Outcome != loket.QuestionAnswered || all[1].Resolution != loket.ResolutionAttached ||
			all[1].AnswerKey != "hours" || all[1].Text != "" || !all[2].CreatedAt.Equal(t0.Add(2*time.Hour)) {
			t.Fatalf("questions between = %+v", all)
		}
		return nil
	})
}
