package pdfcheck

import (
	"context"
	"fmt"
	"io"
)

// Chunk sizes of readLimited when the declared size is unknown or wrong.
const (
	firstChunk = 32 << 10
	maxChunk   = 1 << 20
)

// readLimited reads r through io.LimitReader(r, limit+1), so the caller can
// tell "exactly at the limit" from "over it" without reading further. ctx is
// checked between reads.
//
// Allocation is what a 4 MB upload costs most, so the bytes go into chunks
// that are never copied while reading: the first is declared+1 bytes when
// the platform announced a size within the limit (an honest size is read in
// exactly one allocation, the +1 seeing EOF), else 32 KB; later chunks
// double up to 1 MB and never reach past limit+1 in total. More than one
// chunk is joined once into an exact-size slice at the end: at most about
// twice the size read, where growing one slice by append cost over six times
// the size for a 4 MB file of unknown size.
func readLimited(ctx context.Context, r io.Reader, limit, declared int64) ([]byte, error) {
	lr := io.LimitReader(r, limit+1)
	size := int64(firstChunk)
	if declared > 0 && declared <= limit {
		size = declared + 1
	}
	var chunks [][]byte
	total := int64(0)
	for {
		if total > limit { // limit+1 bytes are in: the caller refuses
			return join(chunks, total), nil
		}
		size = min(size, limit+1-total)
		buf, err := fill(ctx, lr, make([]byte, size))
		chunks = append(chunks, buf)
		total += int64(len(buf))
		if err == io.EOF {
			return join(chunks, total), nil
		}
		if err != nil {
			return nil, err
		}
		size = min(max(2*int64(len(buf)), firstChunk), maxChunk)
	}
}

// fill reads into buf until it is full (nil error), r ends (io.EOF) or
// fails, checking ctx before every read.
func fill(ctx context.Context, r io.Reader, buf []byte) ([]byte, error) {
	n := 0
	for n < len(buf) {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("pdfcheck: read document: %w", err)
		}
		m, err := r.Read(buf[n:])
		n += m
		if err == io.EOF {
			return buf[:n], io.EOF
		}
		if err != nil {
			return nil, fmt.Errorf("pdfcheck: read document: %w", err)
		}
	}
	return buf, nil
}

// join returns the chunks as one slice, without copying when there is only
// one.
func join(chunks [][]byte, total int64) []byte {
	if len(chunks) == 1 {
		return chunks[0]
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out
}
