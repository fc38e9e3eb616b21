package pdfcheck

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
)

// onePagePDF writes a one-page PDF whose catalog carries extra entries,
// with extra objects numbered from 4 (classic xref table, offsets right).
func onePagePDF(catalogExtra string, extra ...string) []byte {
	var b bytes.Buffer
	var offs []int
	obj := func(body string) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), body)
	}
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	obj("<< /Type /Catalog /Pages 2 0 R " + catalogExtra + " >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
	for _, e := range extra {
		obj(e)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
}

func TestActiveContentIsReported(t *testing.T) {
	cases := []struct {
		name string
		pdf  []byte
		want []string
	}{
		{"plain", onePagePDF(""), nil},
		{"open action script", onePagePDF("/OpenAction 4 0 R", "<< /S /JavaScript /JS (app.alert('x')) >>"), []string{ActiveJavaScript}},
		{"document scripts", onePagePDF("/Names << /JavaScript 4 0 R >>", "<< /Names [(a) 5 0 R] >>", "<< /S /JavaScript /JS (1) >>"), []string{ActiveJavaScript}},
		{"launch", onePagePDF("/OpenAction << /S /Launch /F (calc.exe) >>"), []string{ActiveLaunch}},
		{"embedded file", onePagePDF("/Names << /EmbeddedFiles 4 0 R >>", "<< /Names [(x.exe) 5 0 R] >>",
			"<< /Type /Filespec /F (x.exe) /EF << /F 6 0 R >> >>", "<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"),
			[]string{ActiveEmbeddedFile}},
		{"unreferenced script object", onePagePDF("", "<< /S /JavaScript /JS (1) >>"), []string{ActiveJavaScript}},
		{"all three", onePagePDF("/OpenAction 4 0 R /AA << /WC << /S /Launch /F (x) >> >> /Names << /EmbeddedFiles << /Names [(a) << /Type /Filespec /F (a.txt) /EF << /F 5 0 R >> >>] >> >>",
			"<< /S /JavaScript /JS (1) >>", "<< /Type /EmbeddedFile /Length 1 >>\nstream\nx\nendstream"), []string{ActiveEmbeddedFile, ActiveJavaScript, ActiveLaunch}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Check(context.Background(), bytes.NewReader(tc.pdf), int64(len(tc.pdf)), Options{})
			if err != nil {
				t.Fatalf("a PDF with active content is still accepted: %v", err)
			}
			if !slices.Equal(res.Active, tc.want) {
				t.Fatalf("Active = %v, want %v", res.Active, tc.want)
			}
		})
	}
}

// The real fixtures carry no active content.
func TestFixturesHaveNoActiveContent(t *testing.T) {
	for _, name := range []string{"gs_text.pdf", "img2pdf_scan.pdf", "qpdf_objstreams.pdf", "pdfcpu_merged.pdf"} {
		data := fixture(t, name)
		res, err := Check(context.Background(), bytes.NewReader(data), int64(len(data)), Options{})
		if err != nil || res.Active != nil {
			t.Errorf("%s: %v, active %v", name, err, res)
		}
	}
}
