package pdfcheck

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"time"

	"loket"
)

// Defaults for the zero Options.
const (
	DefaultMaxPages = 50
	DefaultTimeout  = 10 * time.Second
)

// Options bound a check. Zero fields take the defaults.
type Options struct {
	MaxBytes int64         // default loket.MaxDocumentBytes
	MaxPages int           // default DefaultMaxPages
	Timeout  time.Duration // deadline on parsing and validation; default DefaultTimeout
}

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = loket.MaxDocumentBytes
	}
	if o.MaxPages <= 0 {
		o.MaxPages = DefaultMaxPages
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	return o
}

// Result describes an accepted document.
type Result struct {
	SHA256  string // lowercase hex sha256 of Data
	Size    int64  // len(Data)
	Pages   int
	Data    []byte // the exact bytes read, to be stored
	Version string // PDF version, e.g. "1.7" or "2.0"
}

// Check reads a document from r and decides whether Loket accepts it.
// declaredSize is the size the platform announced (0 or less: unknown).
//
// It returns a *Refusal (see Reason) when the document is not acceptable,
// and another error only when reading r failed or ctx ended. At most
// opts.MaxBytes+1 bytes are read from r, none when declaredSize is already
// over the limit. Parsing runs under opts.Timeout and returns as soon as
// ctx or the deadline ends; pdfcpu's validation itself cannot be
// interrupted, so its goroutine finishes in the background (its memory is
// bounded by the size limit). Check is safe for concurrent use.
func Check(ctx context.Context, r io.Reader, declaredSize int64, opts Options) (*Result, error) {
	Init()
	opts = opts.withDefaults()
	if declaredSize > opts.MaxBytes {
		return nil, &Refusal{Reason: TooLarge, Limit: opts.MaxBytes, Size: declaredSize, Detail: "declared size"}
	}
	data, err := readLimited(ctx, r, opts.MaxBytes, declaredSize)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > opts.MaxBytes {
		return nil, &Refusal{Reason: TooLarge, Limit: opts.MaxBytes, Size: int64(len(data)), Detail: "read past the limit"}
	}
	if len(data) == 0 {
		return nil, &Refusal{Reason: Empty, Detail: "no bytes"}
	}
	off := headerOffset(data)
	if off < 0 {
		return nil, &Refusal{Reason: NotPDF, LooksLike: looksLike(data)}
	}
	info, err := parse(ctx, data[off:], opts.Timeout)
	if err != nil {
		return nil, err
	}
	switch {
	case info.pages == 0:
		return nil, &Refusal{Reason: Empty, Detail: "no pages"}
	case info.pages > opts.MaxPages:
		return nil, &Refusal{Reason: TooManyPages, Limit: int64(opts.MaxPages), Pages: info.pages}
	}
	sum := sha256.Sum256(data)
	return &Result{
		SHA256:  hex.EncodeToString(sum[:]),
		Size:    int64(len(data)),
		Pages:   info.pages,
		Data:    data,
		Version: info.version,
	}, nil
}
