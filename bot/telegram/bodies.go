package telegram

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// wholeBodyMax is the largest request body wholeBodies sends in one
// piece: every form of text, buttons and options; a document larger than
// that streams on after its first bytes.
const wholeBodyMax = 64 << 10

// wholeBodies sends a request body of unknown length that fits in max
// bytes with its Content-Length, read before the request goes out. The
// Bot API client writes its multipart form into a pipe, so the transport
// sent it chunked, one chunk per write of the form — a field's header,
// its value, a boundary — and each chunk was a write to the connection of
// its own (a TLS record and a system call each, against
// api.telegram.org): a sendMessage took about a dozen. Read first, the
// request is one write. A larger body (a document) goes on streaming
// after what was read.
type wholeBodies struct {
	next http.RoundTripper
	max  int
}

func (w wholeBodies) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength > 0 {
		return w.next.RoundTrip(r)
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, int64(w.max)+1))
	if err != nil {
		r.Body.Close()
		return nil, fmt.Errorf("read the request body: %w", err)
	}
	out := r.Clone(r.Context())
	if len(data) <= w.max {
		r.Body.Close()
		out.Body, out.ContentLength = io.NopCloser(bytes.NewReader(data)), int64(len(data))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
		if len(data) == 0 {
			out.Body = http.NoBody
		}
		return w.next.RoundTrip(out)
	}
	out.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(data), r.Body), r.Body}
	return w.next.RoundTrip(out)
}
