package pdfcheck

import (
	"bytes"
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
	SHA256  string // lowercase hex sha256 of the exact bytes read
	Size    int64  // how many bytes were read
	Pages   int
	Data    []byte // Check: the exact bytes read, to be stored; nil from CheckFile
	Version string // PDF version, e.g. "1.7" or "2.0"
	// Active lists the active content found (ActiveJavaScript,
	// ActiveLaunch, ActiveEmbeddedFile), sorted; nil for a plain document.
	// The document is accepted all the same: agents are warned.
	Active []string
}

// Check reads a document from r into memory and decides whether Loket
// accepts it. declaredSize is the size the platform announced (0 or less:
// unknown). CheckFile does the same through a temp file, allocating about
// half as much for a big document.
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
		return nil, declaredTooLarge(declaredSize, opts)
	}
	data, err := readLimited(ctx, r, opts.MaxBytes, declaredSize)
	if err != nil {
		return nil, err
	}
	res, err := decide(ctx, data, bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	res.SHA256, res.Data = hex.EncodeToString(sum[:]), data
	return res, nil
}

func declaredTooLarge(declared int64, opts Options) *Refusal {
	return &Refusal{Reason: TooLarge, Limit: opts.MaxBytes, Size: declared, Detail: "declared size"}
}

// decide runs the checks after reading, in their fixed order, on a
// document of size bytes readable from ra; head holds its first bytes
// (at least headLen of them, or all). The result has no SHA256 nor Data.
func decide(ctx context.Context, head []byte, ra io.ReaderAt, size int64, opts Options) (*Result, error) {
	if size > opts.MaxBytes {
		return nil, &Refusal{Reason: TooLarge, Limit: opts.MaxBytes, Size: size, Detail: "read past the limit"}
	}
	if size == 0 {
		return nil, &Refusal{Reason: Empty, Detail: "no bytes"}
	}
	off := headerOffset(head)
	if off < 0 {
		return nil, &Refusal{Reason: NotPDF, LooksLike: looksLike(head, ra, size)}
	}
	info, err := parse(ctx, io.NewSectionReader(ra, int64(off), size-int64(off)), opts.Timeout)
	if err != nil {
		return nil, err
	}
	switch {
	case info.pages == 0:
		return nil, &Refusal{Reason: Empty, Detail: "no pages"}
	case info.pages > opts.MaxPages:
		return nil, &Refusal{Reason: TooManyPages, Limit: int64(opts.MaxPages), Pages: info.pages}
	}
	return &Result{Size: size, Pages: info.pages, Version: info.version, Active: info.active}, nil
}
