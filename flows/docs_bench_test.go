package flows

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"loket"
	"loket/store/files"
)

// scanPDF returns a valid two-page PDF of exactly size bytes, nearly all of
// it one raw grey image: the shape of a phone scan at the 4 MB limit.
func scanPDF(t testing.TB, size int) []byte {
	t.Helper()
	build := func(img int) []byte {
		var b bytes.Buffer
		var offs []int
		obj := func(body string, stream []byte) {
			offs = append(offs, b.Len())
			fmt.Fprintf(&b, "%d 0 obj\n%s\n", len(offs), body)
			if stream != nil {
				fmt.Fprintf(&b, "stream\n%s\nendstream\n", stream)
			}
			b.WriteString("endobj\n")
		}
		b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
		obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
		obj("<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>", nil)
		pixels := make([]byte, img)
		rng := rand.New(rand.NewPCG(7, 8))
		for i := range pixels {
			pixels[i] = byte(rng.Uint32())
		}
		obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>", img, img), pixels)
		for p := range 2 {
			content := fmt.Sprintf("q 500 0 0 10 50 50 cm /Im1 Do Q BT /Halaman%d ET", p)
			obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 3 0 R >> >> /Contents %d 0 R >>", len(offs)+2), nil)
			obj(fmt.Sprintf("<< /Length %d >>", len(content)), []byte(content))
		}
		xref := b.Len()
		fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
		for _, o := range offs {
			fmt.Fprintf(&b, "%010d 00000 n \n", o)
		}
		fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
		return b.Bytes()
	}
	img := size - len(build(1)) + 1
	for range 5 {
		data := build(img)
		if len(data) == size {
			return data
		}
		img += size - len(data)
	}
	t.Fatalf("could not build a PDF of %d bytes", size)
	return nil
}

// BenchmarkDocsIntake4MB is the whole I/O step of a doc.check job
// (Docs.Check) for a 4 MB scan: fetch from an in-memory channel (no
// allocation of its own, like a streamed download), pdfcheck (read, parse,
// validate, sha256) and files.Dir.Put writing and fsyncing a new blob in a
// temporary directory. One byte of the image changes every iteration so
// every Put really writes; the blob is deleted outside the timer.
func BenchmarkDocsIntake4MB(b *testing.B) {
	for _, bc := range []struct {
		name     string
		declared bool
	}{{"declared_size", true}, {"unknown_size", false}} {
		b.Run(bc.name, func(b *testing.B) {
			benchmarkDocsIntake(b, bc.declared)
		})
	}
}

func benchmarkDocsIntake(b *testing.B, declared bool) {
	data := scanPDF(b, loket.MaxDocumentBytes)
	pixel := bytes.Index(data, []byte("stream\n")) + len("stream\n") + 100
	dir, err := files.NewDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	fetch := func(_ context.Context, _ loket.Channel, _ loket.DocumentRef, limit int64) (io.ReadCloser, error) {
		return io.NopCloser(io.LimitReader(bytes.NewReader(data), limit+1)), nil
	}
	docs, err := NewDocs(newFlows(b), DocsDeps{Fetch: fetch, Files: dir})
	if err != nil {
		b.Fatal(err)
	}
	ref := loket.DocumentRef{FileID: "bench", FileName: "ktp.pdf", MimeType: "application/pdf"}
	if declared {
		ref.Size = int64(len(data))
	}
	payload, err := json.Marshal(CheckPayload{Ticket: 1, Contact: 1, Channel: loket.ChannelTelegram, Chat: "1", Ref: ref, FileName: ref.FileName})
	if err != nil {
		b.Fatal(err)
	}
	job := &loket.Job{ID: 1, Kind: JobDocCheck, Payload: payload}
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		data[pixel] = byte(i)
		commit, err := docs.Check(ctx, job, mondayMorning)
		if err != nil || commit == nil {
			b.Fatalf("Check = %v", err)
		}
		b.StopTimer()
		sum := sha256.Sum256(data)
		if err := dir.Delete(ctx, hex.EncodeToString(sum[:])); err != nil {
			b.Fatalf("the checked file was not stored: %v", err)
		}
		b.StartTimer()
	}
}
