package pdfcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

var initOnce sync.Once

// Init prepares pdfcpu for server use: no configuration directory is
// created under $HOME (api.DisableConfigDir). pdfcpu's loggers are off
// unless someone sets them, so nothing is written to stdout or stderr.
// Check calls Init itself; calling it at start-up is harmless.
func Init() {
	initOnce.Do(api.DisableConfigDir)
}

// errParseTimeout is the cause of the parse deadline, to tell it from the
// caller's own deadline or cancellation.
var errParseTimeout = errors.New("pdfcheck: parse deadline exceeded")

type parsed struct {
	pages   int
	version string
	active  []string
}

type outcome struct {
	info parsed
	err  error
}

// parse runs pdfcpu on rs (the document from its %PDF- signature on) in a
// goroutine and returns when it is done, when the timeout passes (a
// Timeout refusal) or when ctx ends (ctx's error). After a timeout the
// goroutine may still read rs for a while.
func parse(ctx context.Context, rs io.ReadSeeker, timeout time.Duration) (parsed, error) {
	pctx, cancel := context.WithTimeoutCause(ctx, timeout, errParseTimeout)
	defer cancel()
	done := make(chan outcome, 1) // buffered: an abandoned goroutine does not block
	go func() { done <- runPdfcpu(pctx, rs) }()
	select {
	case o := <-done:
		if o.err == nil {
			return o.info, nil
		}
		if pctx.Err() != nil {
			// pdfcpu stopped because the context ended (it does not
			// always wrap the context's error).
			return parsed{}, interrupted(ctx, pctx, timeout)
		}
		return parsed{}, classify(o.err)
	case <-pctx.Done():
		return parsed{}, interrupted(ctx, pctx, timeout)
	}
}

// interrupted tells the parse deadline (a refusal) from the caller's context
// ending (an error for the caller).
func interrupted(ctx, pctx context.Context, timeout time.Duration) error {
	if ctx.Err() == nil && errors.Is(context.Cause(pctx), errParseTimeout) {
		return &Refusal{Reason: Timeout, Detail: "parse took longer than " + timeout.String()}
	}
	return fmt.Errorf("pdfcheck: parse document: %w", context.Cause(ctx))
}

// runPdfcpu reads and validates rs. pdfcpu turns its own failures into
// errors, but a bug on hostile input may still panic: that is a Broken
// file, never a crash.
func runPdfcpu(ctx context.Context, rs io.ReadSeeker) (o outcome) {
	defer func() {
		if v := recover(); v != nil {
			o = outcome{err: &Refusal{Reason: Broken, Detail: fmt.Sprintf("parser panic: %v", v)}}
		}
	}()
	pc, err := pdfcpu.ReadWithContext(ctx, rs, newConfig())
	if err != nil {
		return outcome{err: fmt.Errorf("read: %w", err)}
	}
	if err := api.ValidateContext(pc); err != nil {
		return outcome{err: fmt.Errorf("validate: %w", err)}
	}
	info := parsed{pages: pc.PageCount, active: activeContent(pc.XRefTable)}
	if pc.HeaderVersion != nil || pc.RootVersion != nil {
		info.version = pc.VersionString()
	}
	return outcome{info: info}
}

// newConfig is pdfcpu's default configuration (no config dir) set for
// validating untrusted uploads: relaxed mode like real readers, no network,
// no optimisation, and resource limits sized for a 4 MB document.
func newConfig() *model.Configuration {
	conf := model.NewDefaultConfiguration()
	conf.Cmd = model.VALIDATE
	conf.ValidationMode = model.ValidationRelaxed
	conf.ValidateLinks = false
	conf.Offline = true
	conf.Optimize = false
	conf.DecodeAllStreams = false
	conf.Limits.MaxDecodeBytes = 128 << 20
	conf.Limits.MaxObjectCount = 1_000_000
	conf.Limits.MaxXRefEntries = 1_000_000
	return conf
}

// classify turns a pdfcpu error into a refusal.
func classify(err error) *Refusal {
	if r := AsRefusal(err); r != nil {
		return r
	}
	switch {
	case errors.Is(err, pdfcpu.ErrWrongPassword):
		return &Refusal{Reason: NeedsPassword, Detail: "user password", Err: err}
	case errors.Is(err, pdfcpu.ErrUnsupportedEncryptionFeature):
		return &Refusal{Reason: NeedsPassword, Detail: "unsupported encryption", Err: err}
	}
	return &Refusal{Reason: Broken, Err: err}
}
