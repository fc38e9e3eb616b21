package whatsappcloud

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"loket"
	"loket/bot"
)

// Fetch downloads a document a vendor sent: GET /{media id} gives a
// short-lived URL and the file's size, which is checked against limit
// before the download; the download itself carries the bearer token and
// the returned reader never yields more than limit+1 bytes.
func (c *Channel) Fetch(ctx context.Context, ref loket.DocumentRef, limit int64) (io.ReadCloser, error) {
	if limit < 0 {
		limit = 0
	}
	if ref.Size > limit {
		return nil, fmt.Errorf("whatsapp cloud: fetch %q: declared %d bytes, limit %d: %w", ref.FileName, ref.Size, limit, loket.ErrTooLarge)
	}
	if ref.FileID == "" || !digitsOnly(ref.FileID) {
		return nil, fmt.Errorf("whatsapp cloud: fetch %q: bad media id %q: %w", ref.FileName, ref.FileID, bot.ErrPermanent)
	}
	var media struct {
		URL      string `json:"url"`
		MimeType string `json:"mime_type"`
		FileSize int64  `json:"file_size"`
	}
	if err := c.call(ctx, http.MethodGet, "/"+url.PathEscape(ref.FileID), nil, "", &media); err != nil {
		return nil, c.classify("fetch: media url", err)
	}
	if media.FileSize > limit {
		return nil, fmt.Errorf("whatsapp cloud: fetch %q: %d bytes, limit %d: %w", ref.FileName, media.FileSize, limit, loket.ErrTooLarge)
	}
	u, err := url.Parse(media.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("whatsapp cloud: fetch %q: media answer has no usable url", ref.FileName)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, media.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("whatsapp cloud: fetch %q: %w", ref.FileName, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.Token)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("whatsapp cloud: fetch %q: download: %w", ref.FileName, err)
	}
	body, err := bot.CappedBody(resp, limit)
	var status *bot.DownloadStatusError
	switch {
	case errors.As(err, &status) && status.Gone():
		return nil, fmt.Errorf("whatsapp cloud: fetch %q: %w (media expired): %w", ref.FileName, err, bot.ErrPermanent)
	case err != nil:
		return nil, fmt.Errorf("whatsapp cloud: fetch %q: %w", ref.FileName, err)
	}
	return body, nil
}
