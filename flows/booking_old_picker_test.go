package flows

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// TestDayFromAnEarlierPicker: a vendor who got two lists of days (say the
// reply to "jadwal" and then the same list again) and presses a day on
// the first one gets that day's times, not "that button is old"; a time
// button from a list that was replaced by days stays stale and books
// nothing.
func TestDayFromAnEarlierPicker(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(registerActs(), setup(docsAccepted), say("jadwal")))
	firstDay := r.button(1)
	if !strings.Contains(firstDay.Data, prefixBookDay) {
		t.Fatalf("first button of the day list: %+v", firstDay)
	}
	r.play(steps(say("jadwal"))) // the same list again: the first one's buttons are older now
	if got := repliesText(r, press(firstDay.Data)); strings.Contains(got, "sudah tidak berlaku") || !strings.Contains(got, "10.") {
		t.Fatalf("a day from the earlier list, got:\n%s", got)
	}
	var oldTime string
	for n := 1; n <= r.flat(); n++ {
		if b := r.button(n); strings.Contains(b.Data, prefixBookTime) {
			oldTime = b.Data
			break
		}
	}
	if oldTime == "" {
		t.Fatal("no time offered")
	}
	r.play(steps(say("jadwal"))) // days again: the times above are no longer offered
	got := repliesText(r, press(oldTime))
	if !strings.Contains(got, "sudah tidak berlaku") || strings.Contains(got, "terjadwal") {
		t.Fatalf("a time from a replaced list, got:\n%s", got)
	}
	if as := ticketAppointments(t, r, firstTicketOf(t, r).ID); len(as) != 0 {
		t.Errorf("an old time button booked %+v", as)
	}
}

// TestOfferWaitsWhileChoosing: the call offer (the job run when the files
// are complete, or the sweep) is not pushed to a vendor who is choosing a
// time right now, which would make the list they read old; once they
// have been away a while, it is.
func TestOfferWaitsWhileChoosing(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(registerActs(), setup(docsAccepted), say("jadwal"), choose(1)))
	if !strings.Contains(r.button(1).Data, prefixBookTime) {
		t.Fatalf("no times offered: %+v", r.button(1))
	}
	offer := func() []loket.ChatLine {
		t.Helper()
		r.printOutbox()
		tk := firstTicketOf(t, r)
		p, _ := json.Marshal(loket.CallJobPayload{TicketID: tk.ID})
		err := r.be.s.InTx(bg, func(tx storetest.Tx) error {
			return f.RunBookingJob(bg, tx.(JobTx), &loket.Job{Kind: JobCallOffer, Payload: p}, r.now)
		})
		if err != nil {
			t.Fatal(err)
		}
		r.printOutbox()
		return r.jobOut
	}
	r.now = r.now.Add(5 * time.Minute)
	if got := offer(); len(got) != 0 {
		t.Fatalf("offer pushed while the vendor chooses a time: %q", got[0].Text)
	}
	r.now = r.now.Add(choosingFor)
	if got := offer(); len(got) != 1 || !strings.Contains(got[0].Text, "Pilih harinya") {
		t.Fatalf("offer after the vendor left: %+v", got)
	}
	if got := offer(); len(got) != 0 {
		t.Errorf("offer pushed twice: %q", got[0].Text)
	}
}

// TestTimeFromBeforeACheckAnswer: a vendor choosing a time sends an
// optional file; its check's answer, pushed a moment later, asks for the
// time again with the same list, and the time pressed on the list before
// it books.
func TestTimeFromBeforeACheckAnswer(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(registerActs(), setup(docsAccepted), say("jadwal"), choose(1)))
	r.runner.do(pdf("akta.pdf", "gs_text.pdf")) // the file's turn answers with the times again
	at := r.button(2)
	if !strings.Contains(at.Data, prefixBookTime) {
		t.Fatalf("second button after the file: %+v", at)
	}
	r.runJobs() // the check's answer, with the times
	if len(r.jobOut) != 1 || !strings.Contains(r.jobOut[0].Text, "akta.pdf") || len(r.jobOut[0].Buttons) < 2 ||
		r.jobOut[0].Buttons[1][0].Data == at.Data {
		t.Fatalf("the check's answer, its own list of times: %+v", r.jobOut)
	}
	if got := repliesText(r, press(at.Data)); !strings.Contains(got, "terjadwal") {
		t.Fatalf("a time from the list before the check's answer, got:\n%s", got)
	}
	if as := ticketAppointments(t, r, firstTicketOf(t, r).ID); len(as) != 1 {
		t.Errorf("appointments %+v", as)
	}
}
