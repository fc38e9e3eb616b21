package flows

import (
	"strings"
	"testing"
)

// TestReadRelabel: what a vendor says when the bot filed a file under
// the wrong document, and what is not that (a document said to be wrong,
// a question, a document merely mentioned).
func TestReadRelabel(t *testing.T) {
	f := newFlows(t)
	c := &conv{f: f, k: f.latest()}
	reqs := f.latest().reqs["company"]
	for _, tc := range []struct {
		text     string
		to, from string
		ok       bool
	}{
		{"itu bukan ktp, itu npwp", "npwp_company", "ktp", true},
		{"file tadi salah, harusnya akta", "deed", "", true},
		{"ktp-direktur.pdf itu bukan ktp, harusnya akta", "deed", "ktp", true},
		{"salah kirim, yang tadi npwp bukan ktp", "npwp_company", "ktp", true},
		{"bukan ktp tapi npwp", "npwp_company", "ktp", true},
		{"eh maaf itu bukan ktp", "", "ktp", true},
		{"that file is the NPWP, not the KTP", "npwp_company", "ktp", true},
		{"wrong file earlier, it should be the deed", "deed", "", true},
		{"npwp salah, nanti saya kirim ulang", "", "", false},
		{"kalau ktp salah gimana?", "", "", false},
		{"ktp sudah saya kirim", "", "", false},
		{"eh salah, npwpnya 02.345.678.9-012.000", "", "", false},
	} {
		a, ok := c.readRelabel(tc.text, reqs)
		if ok != tc.ok || a.to != tc.to || a.from != tc.from {
			t.Errorf("%q: got %+v %v, want to=%q from=%q %v", tc.text, a, ok, tc.to, tc.from, tc.ok)
		}
	}
}

// A file relabelled onto a document that already has a file keeps that
// earlier file on the ticket (as a file of unknown type the bot asks
// about), never replaced silently.
func TestRelabelKeepsEarlierFile(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(registerCompanyOnline(), batch(pdf("ktp-direktur.pdf", "gs_text.pdf"), pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf")),
		say("ktp-direktur.pdf itu bukan ktp, itu npwp")))
	got := currentDocs(t, r)
	if got["npwp_company"] != "ktp-direktur.pdf" {
		t.Errorf("npwp_company is %q, want ktp-direktur.pdf", got["npwp_company"])
	}
	kept := false
	for req, name := range got {
		kept = kept || isUnknownReq(req) && name == "npwp-perusahaan.pdf"
	}
	if !kept {
		t.Errorf("the earlier NPWP file is not kept as a current file: %v", got)
	}
	if last := r.out.String(); !strings.Contains(last[strings.LastIndex(last, "> ktp-direktur.pdf itu"):], `Berkas "npwp-perusahaan.pdf" (2 halaman) ini dokumen apa?`) {
		t.Errorf("the bot does not ask what the earlier file is:\n%s", last)
	}
}

// A file relabelled onto a document an officer already accepted changes
// nothing: the vendor is told, and the message goes to the officer.
func TestRelabelOntoAcceptedRefused(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(registerCompanyOnline(), batch(pdf("ktp-direktur.pdf", "gs_text.pdf"), pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf")),
		review("npwp_company", true, ""), say("ktp-direktur.pdf itu bukan ktp, itu npwp")))
	got := currentDocs(t, r)
	if got["ktp"] != "ktp-direktur.pdf" || got["npwp_company"] != "npwp-perusahaan.pdf" || len(got) != 2 {
		t.Errorf("documents changed: %v", got)
	}
	out := r.out.String()
	if !strings.Contains(out[strings.LastIndex(out, "> ktp-direktur.pdf itu"):], "sudah diperiksa petugas") {
		t.Errorf("the vendor is not told the document was reviewed:\n%s", out)
	}
}
