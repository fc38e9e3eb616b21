package pdfcheck

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"loket"
)

func TestCheckFixtures(t *testing.T) {
	tests := []struct {
		file    string
		reason  Reason // "" = accepted
		pages   int
		version string
		looks   Kind
	}{
		// Accepted: several producers and real-world shapes.
		{file: "gs_text.pdf", pages: 2, version: "1.4"},
		{file: "gs_pdfimage_scan.pdf", pages: 2, version: "1.3"},
		{file: "img2pdf_scan.pdf", pages: 1, version: "1.3"},
		{file: "pdfcpu_image_import.pdf", pages: 1, version: "1.7"},
		{file: "qpdf_linearized.pdf", pages: 2, version: "1.4"},
		{file: "qpdf_objstreams.pdf", pages: 2, version: "1.5"},
		{file: "qpdf_pdf20.pdf", pages: 2, version: "2.0"},
		{file: "qpdf_merged.pdf", pages: 5, version: "1.4"},
		{file: "pdfcpu_merged.pdf", pages: 5, version: "1.7"},
		{file: "qpdf_owner_only_aes256.pdf", pages: 2, version: "1.7"},
		{file: "qpdf_owner_only_rc4.pdf", pages: 2, version: "1.4"},
		{file: "incremental_update.pdf", pages: 2, version: "1.4"},
		{file: "active_javascript.pdf", pages: 1, version: "1.7"},
		{file: "trailing_bytes.pdf", pages: 2, version: "1.4"},
		{file: "leading_junk.pdf", pages: 2, version: "1.4"},
		// Refused.
		{file: "qpdf_user_password_aes256.pdf", reason: NeedsPassword},
		{file: "qpdf_user_password_aes128.pdf", reason: NeedsPassword},
		{file: "pdfcpu_user_password.pdf", reason: NeedsPassword},
		{file: "truncated_half.pdf", reason: Broken},
		{file: "truncated_xrefstream.pdf", reason: Broken},
		{file: "zero_pages.pdf", reason: Empty},
		{file: "gs_52_pages.pdf", reason: TooManyPages},
		{file: "photo.jpg", reason: NotPDF, looks: JPEG},
		{file: "screenshot.png", reason: NotPDF, looks: PNG},
		{file: "letter.docx", reason: NotPDF, looks: Office},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			data := fixture(t, tt.file)
			res, err := Check(context.Background(), bytes.NewReader(data), int64(len(data)), Options{})
			if tt.reason != "" {
				r := AsRefusal(err)
				if r == nil || r.Reason != tt.reason || r.LooksLike != tt.looks {
					t.Fatalf("Check = %+v, %v; want refusal %s (looks like %q)", res, err, tt.reason, tt.looks)
				}
				if !errors.Is(err, loket.ErrInvalid) {
					t.Errorf("errors.Is(%v, loket.ErrInvalid) = false", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			sum := sha256.Sum256(data)
			if res.SHA256 != hex.EncodeToString(sum[:]) || res.Size != int64(len(data)) || !bytes.Equal(res.Data, data) {
				t.Errorf("result does not describe the exact bytes: sha %s size %d", res.SHA256, res.Size)
			}
			if res.Pages != tt.pages || res.Version != tt.version {
				t.Errorf("pages, version = %d, %q; want %d, %q", res.Pages, res.Version, tt.pages, tt.version)
			}
		})
	}
}

// Every committed PDF fixture is in the table above.
func TestFixturesAllListed(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("check_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		switch filepath.Ext(name) {
		case ".pdf", ".jpg", ".png", ".docx":
			if !strings.Contains(string(src), `"`+name+`"`) {
				t.Errorf("fixture %s is not in TestCheckFixtures", name)
			}
		}
	}
}

func TestCheckInline(t *testing.T) {
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	random[0] = 0x01 // not a magic number nor text
	tests := []struct {
		name   string
		data   []byte
		reason Reason
		looks  Kind
	}{
		{"zero bytes", nil, Empty, Unknown},
		{"random bytes", random, NotPDF, Unknown},
		{"heic photo", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), NotPDF, HEIC},
		{"mp4 video", []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"), NotPDF, Unknown},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), NotPDF, GIF},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), NotPDF, WebP},
		{"tiff", []byte("II*\x00\x08\x00\x00\x00"), NotPDF, TIFF},
		{"legacy doc", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"), NotPDF, OLE},
		{"plain zip", []byte("PK\x05\x06" + strings.Repeat("\x00", 18)), NotPDF, ZIP},
		{"text", []byte("NPWP saya 01.234.567.8-901.000, terima kasih"), NotPDF, Text},
		{"html", []byte("<!doctype html><html><body>Error 404</body></html>"), NotPDF, Text},
		{"signature too late", append(bytes.Repeat([]byte(" "), 2000), "%PDF-1.4"...), NotPDF, Text},
		{"signature only", []byte("%PDF-1.7\n"), Broken, Unknown},
		{"garbage after signature", append([]byte("%PDF-1.4\n"), random...), Broken, Unknown},
		{"no pages built", buildPDF(0, 10), Empty, Unknown},
		{"51 pages built", buildPDF(51, 10), TooManyPages, Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := Check(context.Background(), bytes.NewReader(tt.data), 0, Options{})
			r := AsRefusal(err)
			if r == nil || r.Reason != tt.reason || r.LooksLike != tt.looks {
				t.Fatalf("Check = %+v, %v; want %s (looks like %q)", res, err, tt.reason, tt.looks)
			}
		})
	}
}

func TestCheckBuiltPDF(t *testing.T) {
	data := buildPDF(50, 1000)
	res, err := Check(context.Background(), bytes.NewReader(data), 0, Options{})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if res.Pages != 50 {
		t.Errorf("pages = %d, want 50", res.Pages)
	}
	// A lower MaxPages refuses the same file with the limit in the refusal.
	_, err = Check(context.Background(), bytes.NewReader(data), 0, Options{MaxPages: 10})
	if r := AsRefusal(err); r == nil || r.Reason != TooManyPages || r.Limit != 10 || r.Pages != 50 {
		t.Fatalf("MaxPages 10: %v", err)
	}
}

func TestKindIsImage(t *testing.T) {
	for k, want := range map[Kind]bool{JPEG: true, PNG: true, HEIC: true, Office: false, Unknown: false, Text: false} {
		if k.IsImage() != want {
			t.Errorf("%q.IsImage() = %v", k, !want)
		}
	}
}
