package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"go.mau.fi/whatsmeow"

	"loket"
	"loket/bot"
)

// mediaOverhead is what encryption adds to a download: AES-CBC padding (at
// most one block) and the 10-byte MAC.
const mediaOverhead = 16 + 10

// Fetch downloads a document a vendor sent. It refuses (loket.ErrTooLarge)
// without downloading when the declared size (DocumentRef.Size or the
// length inside FileID) is over limit, caps the download itself at limit
// plus the encryption overhead, and refuses decrypted data over limit.
// Expired media (403/404/410) wraps bot.ErrPermanent.
func (c *Channel) Fetch(ctx context.Context, ref loket.DocumentRef, limit int64) (io.ReadCloser, error) {
	limit = max(limit, 0)
	if ref.Size > limit {
		return nil, fmt.Errorf("whatsapp: fetch %q: declared %d bytes, limit %d: %w", ref.FileName, ref.Size, limit, loket.ErrTooLarge)
	}
	doc, err := decodeDocRef(ref.FileID)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: fetch %q: %w: %w", ref.FileName, bot.ErrPermanent, err)
	}
	if declared := doc.GetFileLength(); declared > uint64(limit) {
		return nil, fmt.Errorf("whatsapp: fetch %q: declared %d bytes, limit %d: %w", ref.FileName, declared, limit, loket.ErrTooLarge)
	}
	cli := c.client()
	if cli == nil {
		return nil, errors.New("whatsapp: fetch: no session")
	}
	data, err := cli.Download(withDownloadCap(ctx, limit+mediaOverhead), doc)
	switch {
	case errors.Is(err, errBodyTooLarge):
		return nil, fmt.Errorf("whatsapp: fetch %q: over %d bytes: %w", ref.FileName, limit, loket.ErrTooLarge)
	case errors.Is(err, whatsmeow.ErrFileLengthMismatch) && int64(len(data)) > limit:
		// a warning with data: the length check below refuses it
	case errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith403), errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith404),
		errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith410):
		return nil, fmt.Errorf("whatsapp: fetch %q: media expired, ask the vendor to send it again: %w: %w", ref.FileName, bot.ErrPermanent, err)
	case err != nil:
		return nil, fmt.Errorf("whatsapp: fetch %q: %w", ref.FileName, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("whatsapp: fetch %q: %d bytes, limit %d: %w", ref.FileName, len(data), limit, loket.ErrTooLarge)
	}
	return io.NopCloser(bytes.NewReader(data)), nil
}
