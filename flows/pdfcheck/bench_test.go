package pdfcheck

import (
	"bytes"
	"context"
	"os"
	"sync"
	"testing"

	"loket"
)

func benchmarkCheck(b *testing.B, data []byte, want Reason) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		_, err := Check(context.Background(), bytes.NewReader(data), int64(len(data)), Options{})
		if r := AsRefusal(err); (err != nil || want != "") && (r == nil || r.Reason != want) {
			b.Fatalf("Check = %v; want %q", err, want)
		}
	}
}

// A 7 KB two-page text PDF from ghostscript.
func BenchmarkCheckSmall(b *testing.B) {
	benchmarkCheck(b, fixture(b, "gs_text.pdf"), "")
}

// A 4 MB scan-like PDF: two pages, one big raw image.
func BenchmarkCheck4MBImage(b *testing.B) {
	benchmarkCheck(b, buildPDFSize(b, 2, loket.MaxDocumentBytes), "")
}

// A 4 MB PDF of 10,000 small text pages: the costly shape, refused for its
// page count only after the full parse.
func BenchmarkCheck4MBManyPages(b *testing.B) {
	benchmarkCheck(b, buildPDFSize(b, 10000, loket.MaxDocumentBytes), TooManyPages)
}

// benchmarkCheckFile is CheckFile through a new temp file per document,
// created and removed inside the timer, as flows' intake does.
func benchmarkCheckFile(b *testing.B, data []byte, want Reason) {
	dir := b.TempDir()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.CreateTemp(dir, ".tmp-*")
		if err != nil {
			b.Fatal(err)
		}
		_, err = CheckFile(context.Background(), bytes.NewReader(data), int64(len(data)), f, Options{})
		if r := AsRefusal(err); (err != nil || want != "") && (r == nil || r.Reason != want) {
			b.Fatalf("CheckFile = %v; want %q", err, want)
		}
		f.Close()
		os.Remove(f.Name())
	}
}

// The 4 MB scan through a temp file: about half the allocations of Check.
func BenchmarkCheck4MBImageFile(b *testing.B) {
	benchmarkCheckFile(b, buildPDFSize(b, 2, loket.MaxDocumentBytes), "")
}

func BenchmarkCheck4MBManyPagesFile(b *testing.B) {
	benchmarkCheckFile(b, buildPDFSize(b, 10000, loket.MaxDocumentBytes), TooManyPages)
}

// Concurrent checks share no mutable state (run with -race).
func TestCheckConcurrent(t *testing.T) {
	names := []string{"gs_text.pdf", "qpdf_objstreams.pdf", "qpdf_owner_only_aes256.pdf", "pdfcpu_merged.pdf", "qpdf_user_password_aes256.pdf"}
	var wg sync.WaitGroup
	for i := range 20 {
		data := fixture(t, names[i%len(names)])
		wg.Go(func() {
			_, err := Check(context.Background(), bytes.NewReader(data), 0, Options{})
			if err != nil && AsRefusal(err) == nil {
				t.Errorf("Check: %v", err)
			}
		})
	}
	wg.Wait()
}
