package flows

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/files"
	"loket/store/storetest"
)

// The document journeys run turns exactly like the transcript tests and,
// after every act, the due jobs the way the engine does: the doc.check
// I/O step outside a transaction, then its commit together with the
// job's completion. The only fake is Fetch, which serves the real fixture
// PDFs of flows/pdfcheck/testdata: that is the channel boundary.

// pdf is a PDF the vendor sends: file name shown, fixture served.
func pdf(name, fixture string) act {
	return act{kind: "doc", doc: loket.DocumentRef{FileID: "fx:" + fixture, FileName: name,
		MimeType: "application/pdf", Size: fixtureSize(fixture)}}
}

// dact is a step of a document journey: a vendor act, several files
// sent at once, or an officer's review.
type dact struct {
	act
	batch  []act
	review string // requirement reviewed
	accept bool
	reason string
}

// steps flattens acts, dacts and slices of either into a journey.
func steps(items ...any) []dact {
	var out []dact
	for _, it := range items {
		switch v := it.(type) {
		case act:
			out = append(out, dact{act: v})
		case dact:
			out = append(out, v)
		case []act:
			for _, a := range v {
				out = append(out, dact{act: a})
			}
		case []dact:
			out = append(out, v...)
		default:
			panic(fmt.Sprintf("steps: %T", it))
		}
	}
	return out
}

// batch sends several files before any check runs (sent at once).
func batch(acts ...act) dact { return dact{batch: acts} }

// review is an officer's decision made in the console: the document row
// changes and a doc.reviewed job is scheduled, as console.review does.
func review(req string, accept bool, reason string) dact {
	return dact{review: req, accept: accept, reason: reason}
}

func fixtureSize(name string) int64 {
	fi, err := os.Stat(filepath.Join("pdfcheck", "testdata", name))
	if err != nil {
		return 0
	}
	return fi.Size()
}

// errTransient is a download that may work next time.
var errTransient = errors.New("connection reset")

// fakeFetch serves fixtures by FileID "fx:<file>", answers "gone:" with
// a permanent error and "flaky:" with a transient one; it honours the
// declared-size refusal and the limit+1 cap like every channel.
func fakeFetch(_ context.Context, _ loket.Channel, ref loket.DocumentRef, limit int64) (io.ReadCloser, error) {
	if ref.Size > limit {
		return nil, fmt.Errorf("fake: %w", loket.ErrTooLarge)
	}
	switch {
	case strings.HasPrefix(ref.FileID, "gone:"):
		return nil, fmt.Errorf("fake: media expired: %w", loket.ErrNotFound)
	case strings.HasPrefix(ref.FileID, "flaky:"):
		return nil, errTransient
	}
	b, err := os.ReadFile(filepath.Join("pdfcheck", "testdata", strings.TrimPrefix(ref.FileID, "fx:")))
	if err != nil {
		return nil, fmt.Errorf("fake: %w", loket.ErrNotFound)
	}
	return io.NopCloser(io.LimitReader(bytes.NewReader(b), limit+1)), nil
}

// docRunner is a runner over SQLite that also runs due jobs.
type docRunner struct {
	*runner
	be      storeBackend
	docs    *Docs
	lastOut int64
	jobOut  []loket.ChatLine // what the last runJobs sent
	// checklistReads is how often a document check may read the
	// ticket's checklist: once where the checklist it files the file on
	// is the one its answer shows, twice where the answer also asks a
	// pending question again (the default).
	checklistReads int
}

func newDocRunner(t *testing.T, f *Flows, v variant, start time.Time) *docRunner {
	t.Helper()
	dir, err := files.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	docs, err := NewDocs(f, DocsDeps{Fetch: fakeFetch, Files: dir})
	if err != nil {
		t.Fatal(err)
	}
	be := newSQLiteBackend(t)
	return &docRunner{runner: &runner{t: t, f: f, b: be, v: v, now: start}, be: be, docs: docs, checklistReads: 2}
}

func (d *docRunner) play(acts []dact) {
	for _, a := range acts {
		switch {
		case a.batch != nil:
			for _, b := range a.batch {
				d.runner.do(b)
			}
		case a.review != "":
			d.review(a)
		default:
			d.runner.do(a.act)
		}
		d.runJobs()
	}
}

// review changes a document like the console does and schedules the job.
func (d *docRunner) review(a dact) {
	verb := "accepts"
	if !a.accept {
		verb = "rejects"
	}
	fmt.Fprintf(&d.out, "~~ (officer %s %s %s)\n", verb, a.review, a.reason)
	err := d.be.s.InTx(bg, func(tx storetest.Tx) error {
		ts, err := tx.ListTickets(bg, loket.TicketFilter{ContactID: d.contact})
		if err != nil || len(ts) == 0 {
			return fmt.Errorf("no ticket: %v", err)
		}
		docs, err := tx.Documents(bg, ts[0].ID)
		if err != nil {
			return err
		}
		for _, doc := range docs {
			if doc.Requirement != a.review || doc.Status == loket.DocReplaced {
				continue
			}
			doc.Status, doc.RejectReason, doc.ReviewedAt = loket.DocAccepted, "", d.now
			if !a.accept {
				doc.Status, doc.RejectReason = loket.DocRejected, a.reason
			}
			if err := tx.UpdateDocument(bg, &doc); err != nil {
				return err
			}
			b, _ := json.Marshal(loket.DocReviewedPayload{Ticket: ts[0].ID, Document: doc.ID})
			return tx.ScheduleJob(bg, &loket.Job{Kind: loket.JobDocReviewed, Key: fmt.Sprintf("doc.reviewed:%d", ts[0].ID),
				Payload: b, DueAt: d.now})
		}
		return fmt.Errorf("no current %s document", a.review)
	})
	if err != nil {
		d.t.Fatalf("review: %v", err)
	}
	d.now = d.now.Add(time.Minute)
}

// runJobs runs every due document job, then prints what they sent.
func (d *docRunner) runJobs() {
	d.t.Helper()
	jobs, err := d.be.s.ClaimJobs(bg, d.now, 1000*time.Hour, 50)
	if err != nil {
		d.t.Fatalf("claim jobs: %v", err)
	}
	for i := range jobs {
		job := &jobs[i]
		var commit DocsCommit
		switch job.Kind {
		case JobDocCheck:
			if commit, err = d.docs.Check(bg, job, d.now); err != nil {
				fmt.Fprintf(&d.out, "~~ (check failed, will retry: %v)\n", err)
				continue
			}
		case loket.JobDocReviewed:
			commit = d.docs.Reviewed
		default:
			continue // other features' jobs
		}
		reads := 0
		err := d.be.s.InTx(bg, func(tx storetest.Tx) error {
			if err := commit(bg, checklistCounter{tx, &reads}, job, d.now); err != nil {
				return err
			}
			return tx.CompleteJob(bg, job.ID, job.Token, d.now)
		})
		if err != nil {
			d.t.Fatalf("job %s: %v", job.Kind, err)
		}
		if job.Kind == JobDocCheck && reads > d.checklistReads {
			d.t.Errorf("a document check read the ticket's checklist %d times, want at most %d", reads, d.checklistReads)
		}
	}
	d.printOutbox()
}

// checklistCounter counts a transaction's checklist reads.
type checklistCounter struct {
	storetest.Tx
	n *int
}

func (c checklistCounter) ChecklistDocuments(ctx context.Context, ticketID, vendorID int64) (loket.BusinessForm, []loket.Document, error) {
	*c.n++
	return c.Tx.ChecklistDocuments(ctx, ticketID, vendorID)
}

// printOutbox writes the messages jobs put in the outbox since last time.
func (d *docRunner) printOutbox() {
	lines, err := d.be.s.Transcript(bg, d.v.ch, d.v.chat, math.MaxInt64, d.lastOut, 100)
	if err != nil {
		d.t.Fatalf("transcript: %v", err)
	}
	d.jobOut = d.jobOut[:0]
	for _, l := range lines {
		if l.OutboundID == 0 {
			continue
		}
		d.jobOut = append(d.jobOut, l)
		d.lastOut = max(d.lastOut, l.OutboundID)
		checkButtonWords(d.t, l.Text, l.Buttons)
		fmt.Fprintf(&d.out, "<~ %s\n", strings.ReplaceAll(l.Text, "\n", "\n   "))
		i := 0
		for _, row := range l.Buttons {
			for _, b := range row {
				i++
				fmt.Fprintf(&d.out, "    %d. %s  {%s}\n", i, b.Label, b.Data)
			}
		}
		if len(l.Buttons) > 0 {
			d.buttons = l.Buttons
		}
	}
}

// eachTicket runs fn for each ticket of the contact, in one transaction.
func (d *docRunner) eachTicket(fn func(tx storetest.Tx, t loket.Ticket) error) error {
	return d.be.s.InTx(bg, func(tx storetest.Tx) error {
		ts, err := tx.ListTickets(bg, loket.TicketFilter{ContactID: d.contact})
		if err != nil {
			return err
		}
		for _, t := range ts {
			if err := fn(tx, t); err != nil {
				return err
			}
		}
		return nil
	})
}

// dumpDocs appends the documents of the contact's tickets.
func (d *docRunner) dumpDocs() {
	err := d.eachTicket(func(tx storetest.Tx, t loket.Ticket) error {
		docs, err := tx.Documents(bg, t.ID)
		for _, doc := range docs {
			fmt.Fprintf(&d.out, "== document %d on %s: %s %q %d bytes %d pages sha=%.12s status=%s %s\n",
				doc.ID, t.Ref(), doc.Requirement, doc.FileName, doc.Size, doc.Pages, doc.SHA256, doc.Status, doc.RejectReason)
		}
		return err
	})
	if err != nil {
		d.t.Fatalf("dump documents: %v", err)
	}
}
