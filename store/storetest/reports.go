package storetest

import (
	"testing"
	"time"

	"loket"
)

// testReports checks the range queries the reports use: half-open
// ranges [from, to), the kinds returned, and the joined ticket fields.
func testReports(t *testing.T, s Store) {
	ctx := ctxT(t)
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	from, to := day, day.Add(24*time.Hour)
	var in, before, closedIn *loket.Ticket
	inTx(t, s, func(tx Tx) error {
		mk := func(created, closed time.Time, ch loket.Channel) *loket.Ticket {
			tk := &loket.Ticket{Channel: ch, Title: "t", Type: loket.TypeOther, Status: loket.StatusNew, CreatedAt: created, UpdatedAt: created}
			must(t, tx.CreateTicket(ctx, tk))
			if !closed.IsZero() {
				tk.Status, tk.ClosedAt = loket.StatusClosed, closed
				must(t, tx.UpdateTicket(ctx, tk))
			}
			return tk
		}
		in = mk(day.Add(time.Hour), time.Time{}, loket.ChannelTelegram)
		before = mk(day.Add(-time.Hour), time.Time{}, loket.ChannelWhatsApp)
		closedIn = mk(day.Add(-48*time.Hour), day.Add(23*time.Hour), loket.ChannelWebChat)
		mk(to, time.Time{}, loket.ChannelWebChat) // starts the next range
		for _, a := range []loket.Activity{
			{TicketID: in.ID, Kind: loket.ActStatus, Actor: loket.ActorAgent, AgentID: 0, Meta: []byte(`{"to":"verified"}`), CreatedAt: day.Add(2 * time.Hour)},
			{TicketID: in.ID, Kind: loket.ActNote, Actor: loket.ActorAgent, CreatedAt: day.Add(2 * time.Hour)},
			{TicketID: before.ID, Kind: loket.ActMessageOut, Actor: loket.ActorAgent, Body: "Silakan kirim ulang.", CreatedAt: day},
			{TicketID: before.ID, Kind: loket.ActMessageOut, Actor: loket.ActorBot, Body: "the bot's own message", CreatedAt: day},
			{TicketID: before.ID, Kind: loket.ActAssignment, Actor: loket.ActorAgent, CreatedAt: to},
		} {
			must(t, tx.AddActivity(ctx, &a))
		}
		docs := []loket.Document{
			{TicketID: in.ID, Requirement: "ktp", FileName: "a.pdf", Status: loket.DocRejected, RejectReason: "blur", ReviewedAt: day.Add(time.Minute)},
			{TicketID: in.ID, Requirement: "npwp", FileName: "b.pdf", Status: loket.DocAccepted, ReviewedAt: day.Add(-time.Minute)},
			{TicketID: in.ID, Requirement: "akta", FileName: "c.pdf", Status: loket.DocReceived},
		}
		for i := range docs {
			must(t, tx.AddDocument(ctx, &docs[i]))
			if !docs[i].ReviewedAt.IsZero() {
				must(t, tx.UpdateDocument(ctx, &docs[i]))
			}
		}
		must(t, tx.SaveSurvey(ctx, &loket.Survey{TicketID: in.ID, Answers: [8]int{4, 3, 2, 1, 4, 3, 2, 1}, Comment: "ok",
			CreatedAt: day, CompletedAt: day.Add(3 * time.Hour)}))
		must(t, tx.SaveSurvey(ctx, &loket.Survey{TicketID: before.ID, Answers: [8]int{4}, CreatedAt: day}))
		return nil
	})
	inTx(t, s, func(tx Tx) error {
		ts, err := tx.ReportTickets(ctx, from, to)
		must(t, err)
		if len(ts) != 2 || ts[0].ID != in.ID || ts[1].ID != closedIn.ID || !ts[1].ClosedAt.Equal(day.Add(23*time.Hour)) {
			t.Errorf("ReportTickets = %+v; want the ticket created and the one closed in range", ts)
		}
		as, err := tx.ReportActivities(ctx, from, to)
		must(t, err)
		if len(as) != 2 || as[0].Kind != loket.ActStatus || as[1].Kind != loket.ActMessageOut {
			t.Fatalf("ReportActivities = %+v; want the status change and the agent's message", as)
		}
		if as[1].Actor != loket.ActorAgent || as[1].Body != "" {
			t.Errorf("ReportActivities message = %+v; want the agent's, without its body", as[1])
		}
		if !as[0].TicketCreatedAt.Equal(in.CreatedAt) || as[0].Channel != loket.ChannelTelegram || string(as[0].Meta) == "" {
			t.Errorf("ReportActivities row = %+v", as[0])
		}
		ds, err := tx.ReportDocuments(ctx, from, to)
		must(t, err)
		if len(ds) != 1 || ds[0].RejectReason != "blur" || ds[0].Status != loket.DocRejected {
			t.Errorf("ReportDocuments = %+v; want the one rejected in range", ds)
		}
		ss, err := tx.ReportSurveys(ctx, from, to)
		must(t, err)
		if len(ss) != 1 || ss[0].Answers != [8]int{4, 3, 2, 1, 4, 3, 2, 1} || ss[0].Comment != "ok" {
			t.Errorf("ReportSurveys = %+v; want the completed one", ss)
		}
		return nil
	})
}
