package webchat

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"time"

	"loket"
	"loket/bot"
)

// Uploads is the upload area (a store/files.Dir of its own, not the
// document store): an upload waits there, by sha256, until the document
// pipeline has fetched and judged it; only the pipeline puts a document
// that passed every check into the document store.
type Uploads interface {
	CreateTemp(ctx context.Context) (*os.File, error)
	PutFile(ctx context.Context, tmpPath, sha string) error
	Open(ctx context.Context, sha string) (io.ReadCloser, int64, error)
	Delete(ctx context.Context, sha string) error
	Sweep(ctx context.Context, cutoff time.Time, keep func(ctx context.Context, sha string) (bool, error)) (int, int64, error)
	SweepTemp(ctx context.Context, olderThan time.Duration, now time.Time) (int, error)
}

// Space is the document storage's quota and free-space floor
// (store/files.Space): Reserve refuses bytes that do not fit.
type Space interface {
	Reserve(n int64) error
	Release(n int64)
}

// SetUploads enables uploads (POST /chat/upload) and Fetch; space, when
// not nil, refuses uploads before the disk fills. Call before serving.
func (c *Channel) SetUploads(u Uploads, space Space) { c.uploads, c.space = u, space }

// Stored reads the document store (store/files), where the pipeline keeps
// a file that passed its checks under the same sha256.
type Stored interface {
	Open(ctx context.Context, sha string) (io.ReadCloser, int64, error)
}

// SetStored lets Fetch read a file from the document store when its
// upload is gone: two messages with the same content (a file sent twice,
// or by two vendors) share one upload, which the first one's judgement
// releases. Call before serving.
func (c *Channel) SetStored(s Stored) { c.stored = s }

var _ bot.Fetcher = (*Channel)(nil)

// Upload limits: the document limit plus room for the multipart framing
// and the small fields; never more than that is read from the request.
const (
	uploadOverhead = 16 << 10
	filePrefix     = "upload:"
	maxNameLen     = 200
)

// serveUpload takes one PDF as multipart/form-data (fields "id", "lang",
// "size", then "file"), writes it to the upload area and hands an
// InDocument message to the engine. Only obviously wrong uploads are
// refused here (too large — declared or sent —, not a PDF, over a limit,
// storage full), in the conversation's language (failIn), and nothing of
// them is kept; the document pipeline checks the rest and answers in the
// chat.
func (c *Channel) serveUpload(w http.ResponseWriter, r *http.Request) {
	chat := c.session(w, r)
	switch {
	case chat == "":
		return
	case c.uploads == nil:
		c.failIn(w, r, chat, http.StatusServiceUnavailable, loket.EUnavailable, "uploads_off")
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		c.failIn(w, r, chat, http.StatusUnsupportedMediaType, loket.EInvalid, "not_multipart")
		return
	}
	if r.ContentLength > loket.MaxDocumentBytes+uploadOverhead {
		c.tooLarge(w, r, chat)
		return
	}
	if !c.allow(w, r, limitUpload, chat) {
		return
	}
	reserved := int64(loket.MaxDocumentBytes)
	if r.ContentLength > 0 {
		reserved = r.ContentLength
	}
	if c.space != nil {
		if err := c.space.Reserve(reserved); err != nil {
			c.alertFull(r.Context(), err)
			c.failIn(w, r, chat, http.StatusInsufficientStorage, loket.EUnavailable, "storage_full")
			return
		}
	}
	var stored int64
	defer func() {
		if c.space != nil {
			c.space.Release(reserved - stored) // keep counting what was stored
		}
	}()
	r.Body = http.MaxBytesReader(w, r.Body, loket.MaxDocumentBytes+uploadOverhead)
	up, status, key := c.receive(r)
	if key != "" {
		if status == http.StatusRequestEntityTooLarge {
			c.tooLarge(w, r, chat)
			return
		}
		c.failIn(w, r, chat, status, loket.EInvalid, key)
		return
	}
	stored = up.size
	c.acceptUpload(w, r, chat, up)
}

func (c *Channel) tooLarge(w http.ResponseWriter, r *http.Request, chat string) {
	c.failIn(w, r, chat, http.StatusRequestEntityTooLarge, loket.ETooLarge, "too_large", "mb", strconv.Itoa(loket.MaxDocumentBytes>>20))
}

// acceptUpload records the message of a stored upload.
func (c *Channel) acceptUpload(w http.ResponseWriter, r *http.Request, chat string, up *upload) {
	in := loket.Inbound{
		Channel: loket.ChannelWebChat, ExternalID: chat + ":" + up.id, ChatID: chat, SenderID: chat,
		LangHint: langHint(up.lang, r), Kind: loket.InDocument, ReceivedAt: c.clock.Now(),
		Document: &loket.DocumentRef{FileID: filePrefix + up.sha, FileName: up.name, MimeType: "application/pdf", Size: up.size},
	}
	if err := c.sink.Accept(r.Context(), in); err != nil {
		c.log.Error("webchat: accept upload", "err", err)
		c.failIn(w, r, chat, http.StatusServiceUnavailable, loket.EUnavailable, "file_not_saved")
		return // the upload is swept after UploadTTL
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"ok": true, "name": up.name})
}

// Fetch opens an upload for the document pipeline. The declared size is
// checked before opening, and the reader never yields more than limit+1
// bytes (bot.Fetcher). An upload no longer in the upload area (swept, or
// from before uploads had their own area) is a permanent error: the
// vendor is asked to send it again.
func (c *Channel) Fetch(ctx context.Context, ref loket.DocumentRef, limit int64) (io.ReadCloser, error) {
	if ref.Size > limit {
		return nil, fmt.Errorf("webchat: fetch %q: declared %d bytes, limit %d: %w", ref.FileName, ref.Size, limit, loket.ErrTooLarge)
	}
	sha, ok := uploadSHA(ref)
	if !ok || c.uploads == nil {
		return nil, fmt.Errorf("webchat: fetch %q: not an upload: %w", ref.FileName, bot.ErrPermanent)
	}
	rc, size, err := c.uploads.Open(ctx, sha)
	if errors.Is(err, loket.ErrNotFound) && c.stored != nil {
		rc, size, err = c.stored.Open(ctx, sha)
	}
	switch {
	case errors.Is(err, loket.ErrNotFound), errors.Is(err, loket.ErrInvalid):
		return nil, fmt.Errorf("webchat: fetch %q: %w: %w", ref.FileName, bot.ErrPermanent, err)
	case err != nil:
		return nil, fmt.Errorf("webchat: fetch %q: %w", ref.FileName, err)
	case size > limit:
		rc.Close()
		return nil, fmt.Errorf("webchat: fetch %q: %d bytes, limit %d: %w", ref.FileName, size, limit, loket.ErrTooLarge)
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(rc, limit+1), rc}, nil
}

func uploadSHA(ref loket.DocumentRef) (string, bool) {
	if len(ref.FileID) != len(filePrefix)+64 || ref.FileID[:len(filePrefix)] != filePrefix {
		return "", false
	}
	sha := ref.FileID[len(filePrefix):]
	_, err := hex.DecodeString(sha)
	return sha, err == nil
}

// Release removes an upload once the document pipeline has judged it
// (kept in the document store, or refused): nothing of it stays in the
// upload area. Refs of other channels are ignored.
func (c *Channel) Release(ctx context.Context, ref loket.DocumentRef) error {
	sha, ok := uploadSHA(ref)
	if !ok || c.uploads == nil {
		return nil
	}
	err := c.uploads.Delete(ctx, sha)
	switch {
	case errors.Is(err, loket.ErrNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("webchat: release upload %.12s: %w", sha, err)
	}
	if c.space != nil {
		c.space.Release(ref.Size)
	}
	return nil
}

// Sweep removes uploads the pipeline never judged within UploadTTL
// (abandoned) and half-written ones; run at start-up and periodically.
func (c *Channel) Sweep(ctx context.Context) (int, error) {
	if c.uploads == nil {
		return 0, nil
	}
	now := c.clock.Now()
	temps, err := c.uploads.SweepTemp(ctx, 10*time.Minute, now)
	if err != nil {
		return temps, fmt.Errorf("webchat: sweep uploads: %w", err)
	}
	n, bytes, err := c.uploads.Sweep(ctx, now.Add(-c.cfg.Limits.UploadTTL), nil)
	if c.space != nil {
		c.space.Release(bytes)
	}
	if err != nil {
		return temps + n, fmt.Errorf("webchat: sweep uploads: %w", err)
	}
	return temps + n, nil
}

// hashWriter is the sha256 and size of what was written through it.
type hashWriter struct {
	f    *os.File
	sum  hash.Hash
	size int64
	head []byte // the first KB, for the %PDF- signature
}

func newHashWriter(f *os.File) *hashWriter { return &hashWriter{f: f, sum: sha256.New()} }

func (h *hashWriter) Write(p []byte) (int, error) {
	if room := 1024 - len(h.head); room > 0 {
		h.head = append(h.head, p[:min(room, len(p))]...)
	}
	n, err := h.f.Write(p)
	h.sum.Write(p[:n])
	h.size += int64(n)
	return n, err
}
