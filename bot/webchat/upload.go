package webchat

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket"
	"loket/bot"
)

// Files is the document blob store the web chat keeps uploads in
// (store/files.Store): uploaded bytes are stored by sha256 and the
// pipeline fetches them back through Fetch, like any other channel's.
type Files interface {
	Put(ctx context.Context, data []byte) (sha string, err error)
	Open(ctx context.Context, sha string) (io.ReadCloser, int64, error)
}

// SetFiles enables uploads (POST /chat/upload) and Fetch. Call before serving.
func (c *Channel) SetFiles(f Files) { c.files = f }

var _ bot.Fetcher = (*Channel)(nil)

// Upload limits: the document limit plus room for the multipart framing
// and the small fields; never more than that is read from the request.
const (
	uploadOverhead = 16 << 10
	uploadRate     = 0.2 // uploads per second, sustained
	uploadBurst    = 6
	filePrefix     = "sha256:"
	maxNameLen     = 200
)

// serveUpload takes one PDF as multipart/form-data (fields "id", "lang",
// then "file"), stores it and hands an InDocument message to the engine.
// Only obviously wrong uploads are refused here (too large, not a PDF);
// the document pipeline checks the rest and answers in the chat.
func (c *Channel) serveUpload(w http.ResponseWriter, r *http.Request) {
	chat := chatID(r)
	switch {
	case chat == "":
		writeError(w, http.StatusUnauthorized, loket.EUnauthorized, "No chat session: reload the page.")
		return
	case !sameOrigin(r):
		writeError(w, http.StatusForbidden, loket.EForbidden, "Cross-site request refused.")
		return
	case c.files == nil:
		writeError(w, http.StatusServiceUnavailable, loket.EUnavailable, "Uploads are not available.")
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		writeError(w, http.StatusUnsupportedMediaType, loket.EInvalid, "Send the file as multipart/form-data.")
		return
	}
	if r.ContentLength > loket.MaxDocumentBytes+uploadOverhead {
		writeTooLarge(w)
		return
	}
	if ok, wait, err := c.limiter.Allow(r.Context(), "webchat:upload:"+chat, uploadRate, uploadBurst); err == nil && !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		writeError(w, http.StatusTooManyRequests, loket.ERateLimited, "Too many files; wait a moment.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, loket.MaxDocumentBytes+uploadOverhead)
	up, status, msg := readUpload(r)
	if msg != "" {
		if status == http.StatusRequestEntityTooLarge {
			writeTooLarge(w)
			return
		}
		writeError(w, status, loket.EInvalid, msg)
		return
	}
	c.acceptUpload(w, r, chat, up)
}

func writeTooLarge(w http.ResponseWriter) {
	writeError(w, http.StatusRequestEntityTooLarge, loket.ETooLarge,
		fmt.Sprintf("The file is larger than %d MB: scan it at a lower resolution or compress it.", loket.MaxDocumentBytes>>20))
}

// acceptUpload stores the bytes and records the message.
func (c *Channel) acceptUpload(w http.ResponseWriter, r *http.Request, chat string, up *upload) {
	sha, err := c.files.Put(r.Context(), up.data)
	if err != nil {
		c.log.Error("webchat: store upload", "err", err)
		writeError(w, http.StatusServiceUnavailable, loket.EUnavailable, "File not saved; please send it again.")
		return
	}
	in := loket.Inbound{
		Channel: loket.ChannelWebChat, ExternalID: chat + ":" + up.id, ChatID: chat, SenderID: chat,
		LangHint: langHint(up.lang, r), Kind: loket.InDocument, ReceivedAt: c.clock.Now(),
		Document: &loket.DocumentRef{FileID: filePrefix + sha, FileName: up.name, MimeType: "application/pdf", Size: int64(len(up.data))},
	}
	if err := c.sink.Accept(r.Context(), in); err != nil {
		c.log.Error("webchat: accept upload", "err", err)
		writeError(w, http.StatusServiceUnavailable, loket.EUnavailable, "File not saved; please send it again.")
		return
	}
	_ = c.bus.Publish(r.Context(), topic(chat), []byte("in"))
	writeJSON(w, http.StatusAccepted, map[string]any{"ok": true, "name": up.name})
}

// upload is a parsed upload request.
type upload struct {
	id, lang, name string
	data           []byte
}

// readUpload streams the multipart body: small fields first, then the
// file, read through a limit of MaxDocumentBytes+1 so an over-limit file
// is recognised without reading more.
func readUpload(r *http.Request) (*upload, int, string) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, http.StatusBadRequest, "Malformed upload."
	}
	up := &upload{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, statusOf(err), "Malformed upload."
		}
		switch part.FormName() {
		case "id", "lang":
			b, err := io.ReadAll(io.LimitReader(part, maxIDLen+1))
			if err != nil {
				return nil, statusOf(err), "Malformed upload."
			}
			if part.FormName() == "id" {
				up.id = string(b)
			} else {
				up.lang = string(b)
			}
		case "file":
			up.name = uploadName(part.FileName())
			up.data, err = io.ReadAll(io.LimitReader(part, loket.MaxDocumentBytes+1))
			if err != nil {
				return nil, statusOf(err), "Upload interrupted; please send the file again."
			}
			if len(up.data) > loket.MaxDocumentBytes {
				return nil, http.StatusRequestEntityTooLarge, "too large"
			}
		}
		part.Close()
	}
	switch {
	case up.id == "" || len(up.id) > maxIDLen:
		return nil, http.StatusBadRequest, "Missing or malformed message id."
	case up.data == nil:
		return nil, http.StatusBadRequest, "No file in the upload."
	case len(up.data) == 0:
		return nil, http.StatusBadRequest, "The file is empty."
	case !looksLikePDF(up.data):
		return nil, http.StatusUnsupportedMediaType, "Only PDF files can be sent: scan or save the document as a PDF."
	}
	return up, 0, ""
}

// statusOf maps a body read error: over MaxBytesReader's limit is 413.
func statusOf(err error) int {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// looksLikePDF finds the %PDF- signature in the first KB, where readers
// accept it (some scanners put a header line before it).
func looksLikePDF(b []byte) bool {
	return bytes.Contains(b[:min(len(b), 1024)], []byte("%PDF-"))
}

// uploadName keeps a printable base name of the uploaded file.
func uploadName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	for len(name) > maxNameLen {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if strings.TrimSpace(name) == "" {
		return "document.pdf"
	}
	return name
}

// Fetch opens an uploaded document for the pipeline. The declared size is
// checked before opening, and the reader never yields more than limit+1
// bytes (bot.Fetcher).
func (c *Channel) Fetch(ctx context.Context, ref loket.DocumentRef, limit int64) (io.ReadCloser, error) {
	if ref.Size > limit {
		return nil, fmt.Errorf("webchat: fetch %q: declared %d bytes, limit %d: %w", ref.FileName, ref.Size, limit, loket.ErrTooLarge)
	}
	sha, ok := strings.CutPrefix(ref.FileID, filePrefix)
	if !ok || c.files == nil {
		return nil, fmt.Errorf("webchat: fetch %q: not an upload: %w", ref.FileName, bot.ErrPermanent)
	}
	rc, size, err := c.files.Open(ctx, sha)
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
