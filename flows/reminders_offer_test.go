package flows

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/files"
	"loket/store/storetest"
)

// TestOfficerAcceptanceOffersTheCallOnce: when an officer accepts the last
// verification document, the vendor is told and offered the call; the
// next sweep does not push the days at them a second time. A ticket an
// officer moved to review without a word to the vendor is still offered
// the call by the sweep.
func TestOfficerAcceptanceOffersTheCallOnce(t *testing.T) {
	ctx := context.Background()
	at := func(h, m int) time.Time { return time.Date(2026, 1, 5, h, m, 0, 0, jakarta(t)) }
	r := newReminderRig(t, at(9, 0))
	dir, err := files.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	docs, err := NewDocs(r.f, DocsDeps{Fetch: fakeFetch, Files: dir})
	if err != nil {
		t.Fatal(err)
	}
	accepted, _ := r.vendorTicket("6286666")
	silent, _ := r.vendorTicket("6287777")
	r.tx(func(tx storetest.Tx) error {
		accepted.Status, silent.Status = loket.StatusWaitingDocuments, loket.StatusInReview
		for _, tk := range []*loket.Ticket{accepted, silent} {
			if err := tx.UpdateTicket(ctx, tk); err != nil {
				return err
			}
		}
		for i, req := range r.f.latest().requirements(loket.FormCompany) {
			d := &loket.Document{TicketID: accepted.ID, Requirement: req.Key, FileName: req.Key + ".pdf",
				SHA256: strconv.Itoa(i), Size: 100, Pages: 1, Status: loket.DocAccepted, ReviewedAt: at(9, 0), CreatedAt: at(9, 0)}
			if err := tx.AddDocument(ctx, d); err != nil {
				return err
			}
		}
		b, _ := json.Marshal(loket.DocReviewedPayload{Ticket: accepted.ID})
		job := &loket.Job{ID: 1, Kind: loket.JobDocReviewed, Payload: b}
		if err := docs.Reviewed(ctx, tx, job, at(9, 1)); err != nil {
			return err
		}
		return r.f.EnsureBookingJobs(ctx, tx, at(9, 1))
	})
	got := r.sent(loket.ChannelWhatsApp, "6286666")
	if len(got) != 1 || !strings.Contains(got[0], "diterima petugas") {
		t.Fatalf("after the officer's acceptance: %q", got)
	}
	for now := at(9, 15); !now.After(at(10, 0)); now = now.Add(15 * time.Minute) {
		r.at(now)
	}
	if got := r.sent(loket.ChannelWhatsApp, "6286666"); len(got) != 1 {
		t.Errorf("the call offered again by the sweep: %q", got)
	}
	if got := r.sent(loket.ChannelWhatsApp, "6287777"); len(got) != 1 || !strings.Contains(got[0], "Pilih harinya") {
		t.Errorf("the ticket moved to review without a word: %q, want the sweep's offer", got)
	}
}
