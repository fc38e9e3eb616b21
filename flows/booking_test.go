package flows

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"loket"
)

// registerActs registers CV Maju Jaya online (ticket #1001).
func registerActs() []act {
	return []act{say("halo"), choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"),
		say("info@majujaya.co.id"), say("Budi Santoso"), say("0812-3456-7890"), choose(1)}
}

// docsAccepted is the officer accepting both required documents.
func docsAccepted(tx testTx, ct *loket.Contact) error {
	t, err := firstTicket(tx, ct)
	if err != nil {
		return err
	}
	for _, r := range []string{"ktp", "npwp_company"} {
		if err := tx.AddDocument(bg, &loket.Document{TicketID: t.ID, Requirement: r, FileName: r + ".pdf", Status: loket.DocAccepted}); err != nil {
			return err
		}
	}
	t.Status = loket.StatusInReview
	return tx.UpdateTicket(bg, t)
}

func firstTicket(tx testTx, ct *loket.Contact) (*loket.Ticket, error) {
	ts, err := tx.ListTickets(bg, loket.TicketFilter{ContactID: ct.ID})
	if err != nil || len(ts) == 0 {
		return nil, fmt.Errorf("no ticket: %v", err)
	}
	return &ts[len(ts)-1], nil
}

// otherVendorTakes books the slot at `at` for another ticket, as a second
// vendor would between our offer and our choice.
func otherVendorTakes(at time.Time) func(tx testTx, ct *loket.Contact) error {
	return func(tx testTx, _ *loket.Contact) error {
		other := &loket.Ticket{ContactID: 0, Channel: loket.ChannelWebChat, Title: "other", Type: loket.TypeRegistration,
			Status: loket.StatusInReview, CreatedAt: at.Add(-48 * time.Hour)}
		if err := tx.CreateTicket(bg, other); err != nil {
			return err
		}
		return tx.BookAppointment(bg, &loket.Appointment{TicketID: other.ID, StartsAt: at, EndsAt: at.Add(20 * time.Minute)}, 1)
	}
}

// noShow is the officer marking the booked call a no-show; the outcome
// job pushes the new-slot offer to the vendor.
func noShow(f *Flows, now func() time.Time) func(tx testTx, ct *loket.Contact) error {
	return func(tx testTx, ct *loket.Contact) error {
		jt := tx.(JobTx)
		t, err := firstTicket(tx, ct)
		if err != nil {
			return err
		}
		as, err := jt.TicketAppointments(bg, t.ID)
		if err != nil {
			return err
		}
		a := as[len(as)-1]
		a.Status = loket.ApptNoShow
		if err := jt.UpdateAppointment(bg, &a); err != nil {
			return err
		}
		if err := moveTicketStatus(bg, jt, t, loket.StatusInReview, loket.ActorAgent, now()); err != nil {
			return err
		}
		p, _ := json.Marshal(loket.CallJobPayload{AppointmentID: a.ID, Outcome: string(loket.ApptNoShow)})
		return f.RunBookingJob(bg, jt, &loket.Job{Kind: loket.JobCallOutcome, Payload: p}, now())
	}
}

// TestBookingTranscripts plays booking journeys through the flows on
// real SQLite, in Indonesian (WhatsApp, typed numbers) and English
// (Telegram, buttons): book, taken slot, change, cancel, no-show rebook.
func TestBookingTranscripts(t *testing.T) {
	f := newFlows(t)
	for _, v := range variants {
		t.Run(string(v.lang), func(t *testing.T) {
			r := &runner{t: t, f: f, b: newSQLiteBackend(t), v: v, now: mondayMorning}
			acts := append(registerActs(),
				say("jadwal"), // documents still missing
				setup(docsAccepted),
				say("menu"), choose(4), // days
				choose(1), // Monday: 13.00 is the first free time (10.30 + 2 h lead)
				setup(otherVendorTakes(time.Date(2026, 1, 5, 13, 0, 0, 0, wib))),
				choose(1), // 13.00: just taken by another vendor
				choose(1), // 13.20: booked
				say("status"),
				say("jadwal"), choose(1), // change
				say("selasa"), say("10.40"), // moved to Tuesday 10.40
				say("jadwal"), choose(2), choose(2), // cancel? no, keep
				choose(2), choose(1), // cancel, yes
				say("jadwal"), choose(2), say("11.00"), // Tuesday 11.00
				wait(26*time.Hour), // Tuesday 12.30: the call was missed
				setup(noShow(f, func() time.Time { return r.now })),
				say("1"), say("13.20"), // the pushed offer answered by number
			)
			r.play(acts)
			r.dump()
			golden(t, "booking."+string(v.lang), r.out.String())
			if strings.Contains(r.out.String(), "<no value>") {
				t.Error("a text rendered <no value>")
			}
		})
	}
}

func TestBookingTexts(t *testing.T) {
	f := newFlows(t)
	for _, k := range bookingKeys() {
		if !f.texts.has(k) {
			t.Errorf("text %q missing", k)
		}
	}
	loc := jakarta(t)
	at := time.Date(2026, 8, 17, 3, 20, 0, 0, time.UTC) // 10.20 WIB
	f2, err := New(Config{Location: loc}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for l, want := range map[loket.Lang]string{loket.LangID: "Senin, 17 Agustus 2026 pukul 10.20 WIB",
		loket.LangEN: "Monday, 17 August 2026 at 10.20 WIB"} {
		if got := f2.whenWords(l, at); got != want {
			t.Errorf("whenWords(%s) = %q, want %q", l, got, want)
		}
	}
}

// "Kamis siang ada?" when Thursday's afternoon is taken says so and
// lists the morning's free times; asked with a free afternoon, the list
// starts at midday (golden detour/booking_afternoon).
func TestAfternoonAskedWhenTaken(t *testing.T) {
	f := newFlows(t)
	r := &runner{t: t, f: f, b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
	acts := append(registerActs(), setup(docsAccepted))
	for m := 0; m < 120; m += 20 { // Thursday 8 January, 12.00–13.40: another vendor's
		acts = append(acts, setup(otherVendorTakes(time.Date(2026, 1, 8, 12, m%60, 0, 0, wib).Add(time.Duration(m/60)*time.Hour))))
	}
	r.play(append(acts, say("jadwal")))
	got := ask(r, "kamis siang ada?")
	if !strings.Contains(got, "tidak ada lagi jam kosong mulai pukul 12.00") || !strings.Contains(got, "Kamis, 8 Januari") {
		t.Errorf("Thursday afternoon taken, got:\n%s", got)
	}
	if b := r.last[len(r.last)-1].Buttons; len(b) == 0 || b[0][0].Label != "10.00" {
		t.Errorf("want the morning's times from 10.00, got %v", b)
	}
}
