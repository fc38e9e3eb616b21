package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	tg "github.com/go-telegram/bot"

	"loket"
	"loket/bot"
)

// Fetch downloads a document a vendor sent. It refuses (loket.ErrTooLarge)
// before any call when the declared size is over limit, checks getFile's
// size and the response's Content-Length again, and returns a reader that
// never yields more than limit+1 bytes, so the caller sees an oversized
// stream as one byte too many.
func (c *Channel) Fetch(ctx context.Context, ref loket.DocumentRef, limit int64) (io.ReadCloser, error) {
	if limit < 0 {
		limit = 0
	}
	if ref.Size > limit {
		return nil, fmt.Errorf("telegram: fetch %q: declared %d bytes, limit %d: %w", ref.FileName, ref.Size, limit, loket.ErrTooLarge)
	}
	if ref.FileID == "" {
		return nil, fmt.Errorf("telegram: fetch %q: no file id: %w", ref.FileName, bot.ErrPermanent)
	}
	f, err := c.api.GetFile(ctx, &tg.GetFileParams{FileID: ref.FileID})
	if err != nil {
		if errors.Is(err, tg.ErrorBadRequest) && strings.Contains(strings.ToLower(err.Error()), "too big") {
			return nil, fmt.Errorf("telegram: fetch %q: %w: %w", ref.FileName, loket.ErrTooLarge, err)
		}
		return nil, classify("fetch: getFile", redact(err, c.cfg.Token))
	}
	if f.FileSize > limit {
		return nil, fmt.Errorf("telegram: fetch %q: file has %d bytes, limit %d: %w", ref.FileName, f.FileSize, limit, loket.ErrTooLarge)
	}
	if f.FilePath == "" {
		return nil, fmt.Errorf("telegram: fetch %q: getFile gave no path", ref.FileName)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.api.FileDownloadLink(f), nil)
	if err != nil {
		return nil, fmt.Errorf("telegram: fetch %q: %w", ref.FileName, redact(err, c.cfg.Token))
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("telegram: fetch %q: download: %w", ref.FileName, redact(err, c.cfg.Token))
	}
	body, err := bot.CappedBody(resp, limit)
	if err != nil {
		return nil, fmt.Errorf("telegram: fetch %q: %w", ref.FileName, err)
	}
	return body, nil
}
