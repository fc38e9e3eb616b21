package flows

import (
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// TestJourneyToBookedCall proves the promise of the README: from "halo"
// to a booked verification call in at most 12 vendor actions, for a
// badan usaha sending its four PDFs in one send (one action), with no
// officer doing anything before the booking. The transcript is
// testdata/journey.<lang>.golden.
func TestJourneyToBookedCall(t *testing.T) {
	const maxActions = 12
	f := newFlows(t)
	journey := steps(say("halo"), choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"),
		say("info@majujaya.co.id"), say("Budi Santoso"), choose(1), // the WhatsApp number the chat comes from
		choose(1), fourPDFs(), choose(1))
	web := variant{loket.LangEN, loket.ChannelWebChat, "en-US", "web-visitor"} // no phone known: it is typed
	webJourney := steps(journey[:7], say("0812-3456-7890"), journey[8:])
	tgJourney := steps(journey[:7], share("+62 812-3456-7890"), journey[8:]) // Telegram's "share my contact"
	for _, tc := range []struct {
		v    variant
		acts []dact
	}{{variants[0], journey}, {variants[1], tgJourney}, {web, webJourney}} {
		t.Run(string(tc.v.ch)+"/"+string(tc.v.lang), func(t *testing.T) {
			actions := 0
			for _, a := range tc.acts {
				switch {
				case a.review != "" || a.kind == "setup":
					t.Fatalf("the journey has an officer's action: %+v", a)
				case a.batch != nil || a.kind != "wait":
					actions++ // several PDFs in one send are one action
				}
			}
			r := newDocRunner(t, f, tc.v, mondayMorning)
			r.play(tc.acts)
			err := r.be.s.InTx(bg, func(tx storetest.Tx) error {
				ts, err := tx.ListTickets(bg, loket.TicketFilter{ContactID: r.contact})
				if err != nil || len(ts) != 1 {
					t.Fatalf("tickets %+v (%v)", ts, err)
				}
				as, err := tx.TicketAppointments(bg, ts[0].ID)
				if err != nil {
					return err
				}
				if ts[0].Status != loket.StatusCallScheduled || len(as) != 1 || as[0].Status != loket.ApptBooked {
					t.Fatalf("after %d actions: ticket %s, appointments %+v; want a booked call", actions, ts[0].Status, as)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if actions > maxActions {
				t.Fatalf("%d vendor actions from hello to a booked call; want at most %d", actions, maxActions)
			}
			t.Logf("%s: booked in %d vendor actions, 0 officer actions", tc.v.ch, actions)
			r.dump()
			r.dumpDocs()
			golden(t, "journey."+string(tc.v.ch)+"."+string(tc.v.lang), r.out.String())
		})
	}
}

// The earliest slot offered when the documents are complete is the
// offer: the sweep of in-review tickets does not push a second one.
func TestCompleteDocumentsOfferedOnce(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(registerCompanyOnline(), fourPDFs()))
	sent := len(r.jobOut)
	if sent == 0 {
		t.Fatal("the four documents got no answer")
	}
	r.now = r.now.Add(30 * time.Minute)
	err := r.be.s.InTx(bg, func(tx storetest.Tx) error {
		return f.RunBookingJob(bg, tx, &loket.Job{Kind: JobSweep}, r.now)
	})
	if err != nil {
		t.Fatal(err)
	}
	r.printOutbox()
	if len(r.jobOut) != 0 {
		t.Fatalf("the sweep offered the call again: %q", r.jobOut[0].Text)
	}
}
