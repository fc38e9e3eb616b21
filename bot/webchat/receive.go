package webchat

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket"
)

// upload is a received upload, stored in the upload area.
type upload struct {
	id, lang, name string
	sha            string
	size           int64
}

// receive streams the multipart body: small fields first, then the file,
// written to a temp file of the upload area through a limit of
// MaxDocumentBytes+1, so an over-limit file is recognised without reading
// more. A file that is refused, or a request cut off, leaves nothing
// behind; a good one is moved into the upload area under its sha256.
// The int is the status and the string the message key of a refusal.
func (c *Channel) receive(r *http.Request) (*upload, int, string) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, http.StatusBadRequest, "malformed"
	}
	up := &upload{}
	var tmp *hashWriter
	defer func() {
		if tmp != nil { // not handed to PutFile
			_ = tmp.f.Close()
			_ = os.Remove(tmp.f.Name())
		}
	}()
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, statusOf(err), "malformed"
		}
		switch part.FormName() {
		case "id", "lang":
			b, err := io.ReadAll(io.LimitReader(part, maxIDLen+1))
			if err != nil {
				return nil, statusOf(err), "malformed"
			}
			if part.FormName() == "id" {
				up.id = string(b)
			} else {
				up.lang = string(b)
			}
		case "size":
			// the file's size as the browser knows it: one over the limit
			// is refused before any of it is sent (the page then sends
			// only the fields), in the conversation's language
			b, err := io.ReadAll(io.LimitReader(part, 20))
			if err != nil {
				return nil, statusOf(err), "malformed"
			}
			if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > loket.MaxDocumentBytes {
				return nil, http.StatusRequestEntityTooLarge, "too_large"
			}
		case "file":
			if tmp != nil {
				return nil, http.StatusBadRequest, "malformed" // one file per upload
			}
			up.name = uploadName(part.FileName())
			if tmp, err = c.spool(r, part); err != nil {
				if errors.Is(err, errTooLarge) {
					return nil, http.StatusRequestEntityTooLarge, "too_large"
				}
				return nil, statusOf(err), "interrupted"
			}
		}
		part.Close()
	}
	if status, key := checkUpload(up, tmp); key != "" {
		return nil, status, key
	}
	up.sha, up.size = hex.EncodeToString(tmp.sum.Sum(nil)), tmp.size
	f := tmp.f
	tmp = nil
	if err := f.Close(); err != nil {
		_ = os.Remove(f.Name())
		c.log.Error("webchat: close upload", "err", err)
		return nil, http.StatusServiceUnavailable, "file_not_saved"
	}
	if err := c.uploads.PutFile(r.Context(), f.Name(), up.sha); err != nil {
		c.log.Error("webchat: store upload", "err", err)
		return nil, http.StatusServiceUnavailable, "file_not_saved"
	}
	return up, 0, ""
}

var errTooLarge = errors.New("upload over the document limit")

// spool writes the file part to a new temp file of the upload area.
func (c *Channel) spool(r *http.Request, part io.Reader) (*hashWriter, error) {
	f, err := c.uploads.CreateTemp(r.Context())
	if err != nil {
		c.log.Error("webchat: upload temp file", "err", err)
		return nil, err
	}
	h := newHashWriter(f)
	if _, err := io.Copy(h, io.LimitReader(part, loket.MaxDocumentBytes+1)); err != nil {
		return h, err
	}
	if h.size > loket.MaxDocumentBytes {
		return h, errTooLarge
	}
	return h, nil
}

// checkUpload refuses what is plainly not a document.
func checkUpload(up *upload, tmp *hashWriter) (int, string) {
	switch {
	case up.id == "" || len(up.id) > maxIDLen:
		return http.StatusBadRequest, "bad_id"
	case tmp == nil:
		return http.StatusBadRequest, "no_file"
	case tmp.size == 0:
		return http.StatusBadRequest, "empty_file"
	case !bytes.Contains(tmp.head, []byte("%PDF-")):
		// readers accept the signature anywhere in the first KB (some
		// scanners put a header line before it)
		return http.StatusUnsupportedMediaType, "not_pdf"
	}
	return 0, ""
}

// statusOf maps a body read error: over MaxBytesReader's limit is 413.
func statusOf(err error) int {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
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
