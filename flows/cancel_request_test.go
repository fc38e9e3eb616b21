package flows

import (
	"strings"
	"testing"

	"loket"
	"loket/store/storetest"
)

// TestCancelRequest: "batalkan permohonan" and the like, with a request
// open, got the video call's booking ("cancel" is a word of the call) or
// "nothing is running"; now the vendor is asked to confirm, and nothing
// reaches the ticket until they do. During the registration's questions
// "batalkan pendaftaran" still stops the form, and "batalkan jadwal" is
// the call's.
func TestCancelRequest(t *testing.T) {
	f := newFlows(t)
	open := []any{registerCompanyOnline(), say("ok")}
	for _, c := range []struct {
		v      variant
		before []any
		text   string
		want   string
		asked  bool
	}{
		{variants[0], open, "batalkan permohonan", "Batalkan permohonan #1001?", true},
		{variants[0], append(open, say("menu")), "batalkan pendaftaran", "Batalkan permohonan #1001?", true},
		{variants[0], open, "saya tidak jadi daftar", "Batalkan permohonan #1001?", true},
		{variants[1], open, "please cancel my application", "Cancel request #1001?", true},
		{variants[0], []any{intakeTo(2)}, "batalkan pendaftaran", "Batalkan pendaftaran untuk CV Maju Jaya?", false},
		{variants[0], open, "batalkan jadwal", "", false},
	} {
		r := newDocRunner(t, f, c.v, mondayMorning)
		r.play(steps(c.before...))
		r.last = nil
		got := repliesText(r, say(c.text))
		want := []string{}
		if c.want != "" {
			want = append(want, c.want)
		}
		not := []string{"Permintaan membatalkan tiket", "has gone to the officers"}
		if !c.asked {
			not = append(not, "Batalkan permohonan", "Cancel request")
		}
		checkReply(t, got, want, not)
		if len(c.before) == 1 { // the form being filled in: no ticket yet
			continue
		}
		if onTicket(t, r, c.text) > 0 {
			t.Errorf("%q went on the ticket before the vendor confirmed", c.text)
		}
		if s := firstTicketOf(t, r).Status; s.Open() == false {
			t.Errorf("%q: ticket %s before any confirmation", c.text, s)
		}
	}
}

// TestCancelRequestConfirmed: a yes (button, or typed) cancels the
// ticket, releases its booked call and tells the officers on the
// timeline; a no, a pressed old button or a ticket closed meanwhile leave
// it as it is; a verified request goes to the officers.
func TestCancelRequestConfirmed(t *testing.T) {
	f := newFlows(t)
	open := []any{registerCompanyOnline(), say("ok")}
	verified, closed := officerSets(loket.StatusVerified), officerSets(loket.StatusClosed)
	for _, c := range []struct {
		name    string
		v       variant
		acts    []any
		want    []string
		status  loket.TicketStatus
		release bool // the booked call is released
	}{
		{"yes", variants[0], append(open, say("batalkan permohonan"), choose(1)),
			[]string{"Permohonan #1001 sudah dibatalkan. Petugas melihat pembatalannya"}, loket.StatusCancelled, false},
		{"typed yes", variants[0], append(open, say("tolong tiket saya dibatalkan"), say("ya")),
			[]string{"Permohonan #1001 sudah dibatalkan"}, loket.StatusCancelled, false},
		{"english yes", variants[1], append(open, say("please cancel my application"), choose(1)),
			[]string{"Request #1001 is cancelled. The officers see"}, loket.StatusCancelled, false},
		{"with a call", variants[0], []any{bookedCall(), say("batalkan permohonan")},
			[]string{"Batalkan permohonan #1001? Video call Senin, 5 Januari 2026 pukul 13.00 WIB ikut dibatalkan"}, loket.StatusCallScheduled, false},
		{"with a call, yes", variants[0], []any{bookedCall(), say("batalkan permohonan"), choose(1)},
			[]string{"Permohonan #1001 sudah dibatalkan dan video call Senin, 5 Januari 2026 pukul 13.00 WIB dilepas"}, loket.StatusCancelled, true},
		{"no", variants[0], append(open, say("batalkan permohonan"), choose(2)),
			[]string{"Baik, permohonan #1001 tetap berjalan"}, loket.StatusWaitingDocuments, false},
		{"typed no", variants[1], append(open, say("cancel my application"), say("no")),
			[]string{"OK, request #1001 carries on"}, loket.StatusWaitingDocuments, false},
		{"something else, then yes", variants[0], append(open, say("batalkan permohonan"), say("jam buka kantor?"), say("ya")),
			nil, loket.StatusWaitingDocuments, false},
		{"closed meanwhile", variants[0], append(open, say("batalkan permohonan"), closed, choose(1)),
			[]string{"Tiket #1001 sudah ditutup, jadi tidak ada yang perlu dibatalkan"}, loket.StatusClosed, false},
		{"while moving the call", variants[1], []any{bookedCall(), say("can we do it on tuesday?"), say("cancel my application")},
			[]string{"Cancel request #1001? Its video call on Monday, 5 January 2026 at 13.00 WIB is cancelled too"}, loket.StatusCallScheduled, false},
		{"while moving the call, yes", variants[1], []any{bookedCall(), say("can we do it on tuesday?"), say("cancel my application"), choose(1)},
			[]string{"Request #1001 is cancelled and the video call on Monday, 5 January 2026 at 13.00 WIB released"}, loket.StatusCancelled, true},
		{"verified before the yes", variants[0], append(open, say("batalkan permohonan"), verified, choose(1)),
			[]string{"Permintaan membatalkan tiket #1001 sudah kami teruskan ke petugas"}, loket.StatusVerified, false},
		{"verified", variants[0], append(open, verified, say("batalkan permohonan")),
			[]string{"Permintaan membatalkan tiket #1001 sudah kami teruskan ke petugas"}, loket.StatusVerified, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newDocRunner(t, f, c.v, mondayMorning)
			r.play(steps(c.acts[:len(c.acts)-1]...))
			r.last = nil
			got := repliesText(r, c.acts[len(c.acts)-1])
			checkReply(t, got, c.want, []string{"Tombol itu dari pesan sebelumnya", "earlier message"})
			tk := firstTicketOf(t, r)
			if tk.Status != c.status {
				t.Errorf("ticket %s, want %s", tk.Status, c.status)
			}
			var byVendor, released bool
			for _, a := range ticketActivities(t, r) {
				byVendor = byVendor || a.Kind == loket.ActStatus && a.Actor == loket.ActorVendor
				released = released || a.Kind == loket.ActAppointment && strings.Contains(string(a.Meta), `"call_cancelled"`)
			}
			if byVendor != (c.status == loket.StatusCancelled) {
				t.Errorf("status change by the vendor on the timeline: %v", byVendor)
			}
			if released != c.release {
				t.Errorf("call released on the timeline: %v, want %v", released, c.release)
			}
			if c.status == loket.StatusVerified {
				asked := false
				for _, a := range ticketActivities(t, r) {
					asked = asked || a.Kind == loket.ActMessageIn && a.Actor == loket.ActorVendor && strings.Contains(a.Body, "batal")
				}
				if !asked {
					t.Error("the wish to cancel a verified request is not on the ticket for the officers")
				}
			}
			if c.release {
				for _, a := range ticketAppointments(t, r, tk.ID) {
					if a.Status == loket.ApptBooked {
						t.Errorf("call at %s still booked", a.StartsAt)
					}
				}
			}
		})
	}
}

// TestCancelRequestOldButton: the confirm button pressed after the chat
// moved on is stale, and cancels nothing.
func TestCancelRequestOldButton(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[1], mondayMorning)
	r.play(steps(registerCompanyOnline(), say("ok"), say("cancel my application")))
	yes := r.button(1)
	if yes.Label != "Yes, cancel the request" {
		t.Fatalf("first button %q", yes.Label)
	}
	r.play(steps(say("what are the office hours?")))
	r.last = nil
	got := repliesText(r, press(yes.Data))
	checkReply(t, got, []string{"That button belongs to an earlier message"}, []string{"is cancelled"})
	if s := firstTicketOf(t, r).Status; s != loket.StatusWaitingDocuments {
		t.Errorf("ticket %s after an old button", s)
	}
}

// firstTicketOf is the runner's first ticket as stored.
func firstTicketOf(t *testing.T, d *docRunner) loket.Ticket {
	t.Helper()
	var tk loket.Ticket
	err := d.be.s.InTx(bg, func(tx storetest.Tx) error {
		ts, err := tx.ListTickets(bg, loket.TicketFilter{ContactID: d.contact})
		if err == nil && len(ts) > 0 {
			tk = ts[len(ts)-1]
		}
		return err
	})
	if err != nil || tk.ID == 0 {
		t.Fatalf("no ticket: %v", err)
	}
	return tk
}

// ticketAppointments lists a ticket's calls as stored.
func ticketAppointments(t *testing.T, d *docRunner, id int64) []loket.Appointment {
	t.Helper()
	var as []loket.Appointment
	err := d.be.s.InTx(bg, func(tx storetest.Tx) error {
		var err error
		as, err = tx.TicketAppointments(bg, id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return as
}

// officerSets sets the contact's first ticket to status, as an officer
// does in the console.
func officerSets(status loket.TicketStatus) act {
	return setup(func(tx testTx, ct *loket.Contact) error {
		tk, err := firstTicket(tx, ct)
		if err != nil {
			return err
		}
		return loket.SetStatus(bg, tx, tk, status, loket.ActorAgent, 0, "", tk.CreatedAt)
	})
}
