package pdfcheck

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
)

// Spool is where CheckFile copies a document while reading it: in
// practice an empty *os.File in the blob store's directory. Bytes are
// written from offset 0 with Write and read back with ReadAt.
type Spool interface {
	io.Writer
	io.ReaderAt
}

// spoolBufSize is the copy buffer of CheckFile: the only allocation that
// grows with the document besides pdfcpu's own copy of each stream.
const spoolBufSize = 32 << 10

// CheckFile is Check through a file: it streams r into dst (never more
// than opts.MaxBytes+1 bytes, none when declaredSize is over the limit),
// hashing and counting on the way, and lets pdfcpu validate by reading dst
// back. Only the first bytes and a copy buffer are kept in memory, so a
// document costs about its size in allocations (pdfcpu still copies every
// stream it reads) instead of twice that with Check.
//
// The result is Check's without Data: dst holds the exact bytes read, and
// the caller keeps it (accepted: move it into the blob store under
// SHA256) or deletes it (refused or failed). Refusals and errors are
// Check's; a failed write to dst is an error, not a refusal. After a
// Timeout refusal or ctx ending, pdfcpu may go on reading dst in the
// background: closing and removing the file then is safe (the reads fail).
// CheckFile is safe for concurrent use with distinct spools.
func CheckFile(ctx context.Context, r io.Reader, declaredSize int64, dst Spool, opts Options) (*Result, error) {
	Init()
	opts = opts.withDefaults()
	if declaredSize > opts.MaxBytes {
		return nil, declaredTooLarge(declaredSize, opts)
	}
	sum := sha256.New()
	head := &headWriter{buf: make([]byte, 0, headLen)}
	size, err := copyLimited(ctx, io.MultiWriter(dst, sum, head), r, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	res, err := decide(ctx, head.buf, dst, size, opts)
	if err != nil {
		return nil, err
	}
	res.SHA256 = hexSum(sum)
	return res, nil
}

// copyLimited copies r to w through io.LimitReader(r, limit+1), checking
// ctx before every read, and returns how many bytes it copied (limit+1
// means over the limit).
func copyLimited(ctx context.Context, w io.Writer, r io.Reader, limit int64) (int64, error) {
	lr := io.LimitReader(r, limit+1)
	buf := make([]byte, spoolBufSize)
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return n, fmt.Errorf("pdfcheck: read document: %w", err)
		}
		m, rerr := lr.Read(buf)
		if m > 0 {
			if _, err := w.Write(buf[:m]); err != nil {
				return n, fmt.Errorf("pdfcheck: spool document: %w", err)
			}
			n += int64(m)
		}
		if rerr == io.EOF {
			return n, nil
		}
		if rerr != nil {
			return n, fmt.Errorf("pdfcheck: read document: %w", rerr)
		}
	}
}

// headWriter keeps the first cap(buf) bytes written to it.
type headWriter struct{ buf []byte }

func (h *headWriter) Write(p []byte) (int, error) {
	if room := cap(h.buf) - len(h.buf); room > 0 {
		h.buf = append(h.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func hexSum(h hash.Hash) string {
	var b [sha256.Size]byte
	return hex.EncodeToString(h.Sum(b[:0]))
}
