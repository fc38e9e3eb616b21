package bot

import (
	"fmt"
	"io"
	"net/http"

	"loket"
)

// DownloadStatusError is a file download answered with a status other
// than 200; Gone says the platform no longer has the file (404, 410).
type DownloadStatusError struct{ Code int }

func (e *DownloadStatusError) Error() string { return fmt.Sprintf("download: HTTP %d", e.Code) }

// Gone reports whether the file is gone for good.
func (e *DownloadStatusError) Gone() bool {
	return e.Code == http.StatusNotFound || e.Code == http.StatusGone
}

// CappedBody checks the answer to a file download and returns its body
// reading at most limit+1 bytes, so that the document pipeline sees an
// oversize file for what it is even when the platform's size was wrong.
// On an error the body is closed: a *DownloadStatusError for a status
// other than 200, loket.ErrTooLarge for an announced length over limit.
// Closing the returned reader closes the response body.
func CappedBody(resp *http.Response, limit int64) (io.ReadCloser, error) {
	switch {
	case resp.StatusCode != http.StatusOK:
		resp.Body.Close()
		return nil, &DownloadStatusError{Code: resp.StatusCode}
	case resp.ContentLength > limit:
		resp.Body.Close()
		return nil, fmt.Errorf("%d bytes, limit %d: %w", resp.ContentLength, limit, loket.ErrTooLarge)
	}
	return &capped{Reader: io.LimitReader(resp.Body, limit+1), body: resp.Body}, nil
}

type capped struct {
	io.Reader
	body io.Closer
}

func (c *capped) Close() error { return c.body.Close() }
