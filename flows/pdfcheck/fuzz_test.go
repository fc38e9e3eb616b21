package pdfcheck

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"
)

// FuzzCheck feeds arbitrary bytes: Check must never panic, never read more
// than MaxBytes+1 bytes, and either describe the exact bytes or refuse.
func FuzzCheck(f *testing.F) {
	for _, name := range []string{
		"gs_text.pdf", "qpdf_objstreams.pdf", "qpdf_linearized.pdf", "qpdf_owner_only_rc4.pdf",
		"qpdf_user_password_aes128.pdf", "incremental_update.pdf", "zero_pages.pdf", "truncated_half.pdf",
		"letter.docx", "screenshot.png",
	} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte{})
	f.Add([]byte("%PDF-1.4\n"))
	f.Add([]byte("\x00\x00\x00\x18ftypheic"))
	f.Add(buildPDF(3, 16))
	const maxBytes = 64 << 10
	opts := Options{MaxBytes: maxBytes, MaxPages: 5, Timeout: 5 * time.Second}
	f.Fuzz(func(t *testing.T, data []byte) {
		cr := &countingReader{r: bytes.NewReader(data)}
		res, err := Check(context.Background(), cr, 0, opts)
		if cr.n > maxBytes+1 {
			t.Fatalf("read %d bytes, limit %d", cr.n, maxBytes)
		}
		if err != nil {
			if AsRefusal(err) == nil {
				t.Fatalf("Check returned a non-refusal error on an in-memory reader: %v", err)
			}
			return
		}
		sum := sha256.Sum256(data)
		switch {
		case int64(len(data)) > maxBytes:
			t.Fatalf("accepted %d bytes over the limit", len(data))
		case res.Pages < 1 || res.Pages > opts.MaxPages:
			t.Fatalf("accepted %d pages", res.Pages)
		case res.SHA256 != hex.EncodeToString(sum[:]) || !bytes.Equal(res.Data, data):
			t.Fatalf("result does not describe the input")
		}
	})
}
