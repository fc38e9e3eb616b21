package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"loket"
	"loket/flows/pdfcheck"
)

// JobDocCheck is the job of document intake: fetch, check, store, put on
// the ticket (payload CheckPayload). An agent's review is
// loket.JobDocReviewed, which the ticket operations schedule.
const JobDocCheck = "doc.check"

// maxFetchAttempts is how often a transient download failure is retried
// before the vendor is asked to send the file again.
const maxFetchAttempts = 5

// Fetch downloads a document a vendor sent on a channel. It refuses with
// loket.ErrTooLarge before downloading when the declared size is over
// limit, and never yields more than limit+1 bytes (bot.Fetcher's
// contract). The lead wires it to engine.Fetcher(ch).Fetch.
type Fetch func(ctx context.Context, ch loket.Channel, ref loket.DocumentRef, limit int64) (io.ReadCloser, error)

// DocsDeps are the collaborators of document intake.
type DocsDeps struct {
	Fetch Fetch       // required
	Files BlobSpooler // required
	// Permanent reports whether a fetch error cannot be cured by retrying
	// (errors.Is(err, bot.ErrPermanent)); the vendor is then asked to
	// send the file again. Default: loket not-found / invalid codes.
	Permanent func(error) bool
	MaxChecks int              // documents checked at the same time; default 2
	Check     pdfcheck.Options // limits; zero = 4 MB, 50 pages, 10 s
	Log       *slog.Logger
}

// Docs is document intake outside the conversation turn: the doc.check
// job (download, check, store, put on the ticket, answer the vendor) and
// the doc.reviewed job (the one place that decides what an agent's review
// means for the ticket). It is safe for concurrent use.
type Docs struct {
	f    *Flows
	deps DocsDeps
	sem  chan struct{} // bounds concurrent checks: a hostile 4 MB file costs ~250 MB of allocations
	log  *slog.Logger
}

// NewDocs builds document intake on f and checks that every text it
// needs exists in every language.
func NewDocs(f *Flows, deps DocsDeps) (*Docs, error) {
	if f == nil || deps.Fetch == nil || deps.Files == nil {
		return nil, errors.New("flows: docs: Flows, Fetch and Files are required")
	}
	if deps.MaxChecks <= 0 {
		deps.MaxChecks = 2
	}
	if deps.Permanent == nil {
		deps.Permanent = func(err error) bool {
			return errors.Is(err, loket.ErrNotFound) || errors.Is(err, loket.ErrInvalid)
		}
	}
	log := deps.Log
	if log == nil {
		log = f.log
	}
	if err := f.checkDocsTexts(); err != nil {
		return nil, err
	}
	return &Docs{f: f, deps: deps, sem: make(chan struct{}, deps.MaxChecks), log: log}, nil
}

// CheckPayload is the doc.check job: which file, from whom, for which
// ticket, and which requirement the bot had asked for ("" when unknown).
type CheckPayload struct {
	Ticket  int64             `json:"ticket"`
	Contact int64             `json:"contact"`
	Channel loket.Channel     `json:"channel"`
	Chat    string            `json:"chat"`
	Ref     loket.DocumentRef `json:"ref"`
	Asked   string            `json:"asked,omitempty"`
	// Again says Asked is a document the vendor is sending again: they
	// said the one before was the wrong file (flows/docs_wrong.go), so the
	// file is filed as it, replacing that one, though it is not missing.
	Again    bool   `json:"again,omitempty"`
	FileName string `json:"file_name"`
	Msg      string `json:"msg,omitempty"` // the inbound message's external id: the check in flight
}

// flightID names the check in the conversation's list of checks running.
func (p *CheckPayload) flightID() string {
	if p.Msg != "" {
		return p.Msg
	}
	return p.Ref.FileID
}

// DocsCommit is the transactional step of a doc.check job.
type DocsCommit func(ctx context.Context, tx DocsTx, job *loket.Job, now time.Time) error

// outcome is what the I/O step found out about a file.
type outcome struct {
	refusal *pdfcheck.Refusal // set when the file is refused
	expired bool              // the platform no longer has it: send again
	sha     string
	size    int64
	pages   int
	active  []string // pdfcheck.Active*: flagged to agents
}

// Check is the I/O step of a doc.check job (bot.JobIO shape): it
// downloads the file through Fetch, checks it with pdfcheck (at most
// MaxChecks at a time) and stores accepted bytes: the download streams
// into a temp file of the blob store that is checked and then moved into
// place, so a document costs about its size in memory, not twice.
// Nothing is stored for a refused file (its temp file is removed). A
// transient failure returns an error (the engine retries with back-off); the returned commit puts the outcome on the ticket and
// answers the vendor inside the job's transaction.
func (d *Docs) Check(ctx context.Context, job *loket.Job, now time.Time) (DocsCommit, error) {
	var p CheckPayload
	if err := json.Unmarshal(job.Payload, &p); err != nil || p.Chat == "" {
		d.log.ErrorContext(ctx, "flows: doc.check: bad payload; dropping job", "job", job.ID, "err", err)
		return func(context.Context, DocsTx, *loket.Job, time.Time) error { return nil }, nil
	}
	o, err := d.inspect(ctx, job, &p)
	if err != nil {
		return nil, fmt.Errorf("flows: doc.check %q: %w", p.FileName, err)
	}
	return func(ctx context.Context, tx DocsTx, _ *loket.Job, now time.Time) error {
		return d.commit(ctx, tx, &p, o, now)
	}, nil
}

// inspect fetches, checks and stores one file.
func (d *Docs) inspect(ctx context.Context, job *loket.Job, p *CheckPayload) (*outcome, error) {
	limit := d.maxBytes()
	if p.Ref.Size > limit {
		return &outcome{refusal: &pdfcheck.Refusal{Reason: pdfcheck.TooLarge, Limit: limit, Size: p.Ref.Size}}, nil
	}
	select {
	case d.sem <- struct{}{}:
		defer func() { <-d.sem }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	rc, err := d.deps.Fetch(ctx, p.Channel, p.Ref, limit)
	switch {
	case errors.Is(err, loket.ErrTooLarge):
		return &outcome{refusal: &pdfcheck.Refusal{Reason: pdfcheck.TooLarge, Limit: limit, Size: p.Ref.Size}}, nil
	case err != nil && (d.deps.Permanent(err) || job.Attempts >= maxFetchAttempts):
		d.log.WarnContext(ctx, "flows: doc.check: file cannot be fetched; asking to send again", "err", err, "attempts", job.Attempts)
		return &outcome{expired: true}, nil
	case err != nil:
		return nil, fmt.Errorf("fetch: %w", err)
	}
	defer rc.Close()
	sp, err := d.newSpool(ctx)
	if err != nil {
		return nil, fmt.Errorf("store file: %w", err)
	}
	defer sp.discard()
	res, err := sp.check(ctx, rc, p.Ref.Size, d.deps.Check)
	if r := pdfcheck.AsRefusal(err); r != nil {
		return &outcome{refusal: r}, nil
	}
	if err != nil {
		if job.Attempts >= maxFetchAttempts && ctx.Err() == nil {
			return &outcome{expired: true}, nil
		}
		return nil, err
	}
	sha, err := sp.keep(ctx, res)
	if err != nil {
		return nil, fmt.Errorf("store file: %w", err)
	}
	return &outcome{sha: sha, size: res.Size, pages: res.Pages, active: res.Active}, nil
}

func (d *Docs) maxBytes() int64 {
	if d.deps.Check.MaxBytes > 0 {
		return d.deps.Check.MaxBytes
	}
	return loket.MaxDocumentBytes
}
