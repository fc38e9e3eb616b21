package flows

import (
	"slices"
	"strings"
	"testing"
)

// TestReadSwap: what a vendor says when two files were filed under each
// other's document, and what is not that.
func TestReadSwap(t *testing.T) {
	f := newFlows(t)
	c := &conv{f: f, k: f.latest()}
	reqs := f.latest().reqs["company"]
	for _, tc := range []struct {
		text string
		keys []string
		ok   bool
	}{
		{"ktp sama npwp ketuker", []string{"ktp", "npwp_company"}, true},
		{"file KTP dan NPWP tertukar", []string{"ktp", "npwp_company"}, true},
		{"I swapped the KTP and NPWP files", []string{"ktp", "npwp_company"}, true},
		{"maaf akta sama nib kebalik", []string{"deed", "business_licence"}, true},
		{"ktp nya ketuker", []string{"ktp"}, true},
		{"ktp, npwp sama akta ketuker semua", []string{"ktp", "npwp_company", "deed"}, true},
		{"filenya ketuker", nil, true},
		{"bisa tukar jadwal?", nil, false},
		{"ktp sama npwp sudah saya kirim", nil, false},
		{"mau tukar jadwal ke hari rabu", nil, false},
		{"tolong tukar ktp dan npwp", []string{"ktp", "npwp_company"}, true},
		{"ktp sudah saya tukar dengan yang baru", nil, false},
		{"scan ktp nya terbalik", nil, false},
		{"the KTP and NPWP are reversed", []string{"ktp", "npwp_company"}, true},
	} {
		a, ok := c.readSwap(tc.text, reqs)
		if ok != tc.ok || !slices.Equal(a.keys, tc.keys) {
			t.Errorf("%q: got %+v %v, want %v %v", tc.text, a, ok, tc.keys, tc.ok)
		}
	}
}

// A vendor's "ktp sama npwp ketuker" swaps the two files' documents in
// chat (it used to go to an officer): each file is filed under the
// other's document, both changes are on the timeline, nothing is lost.
func TestSwapInChat(t *testing.T) {
	f := newFlows(t)
	for _, text := range []string{"ktp sama npwp ketuker", "file KTP dan NPWP tertukar", "I swapped the KTP and NPWP files"} {
		t.Run(text, func(t *testing.T) {
			r := newDocRunner(t, f, variants[0], mondayMorning)
			r.play(steps(registerCompanyOnline(), batch(pdf("ktp-direktur.pdf", "gs_text.pdf"), pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf")),
				say(text)))
			got := currentDocs(t, r)
			if got["ktp"] != "npwp-perusahaan.pdf" || got["npwp_company"] != "ktp-direktur.pdf" || len(got) != 2 {
				t.Errorf("documents after %q: %v, want the two swapped", text, got)
			}
			if n := strings.Count(docTimeline(t, r), `"event":"doc_relabelled"`); n != 2 {
				t.Errorf("timeline has %d doc_relabelled entries, want 2", n)
			}
		})
	}
}

// A vendor with no files in this chat who says files were swapped, or
// that one is another document, is told there is nothing to change yet
// and how files come in; it used to get the office hours or "no answer".
func TestFileWordsWithoutFiles(t *testing.T) {
	f := newFlows(t)
	for _, tc := range []struct {
		name   string
		before any // an act or a []act
		text   string
		want   string
		button string
	}{
		{"no ticket, swap", say("halo"), "file ktp sama npwp saya ketuker", "Di percakapan ini belum ada berkas dari Anda", "Registrasi & verifikasi berkas"},
		{"no ticket, relabel", say("halo"), "file tadi salah, harusnya npwp", "Di percakapan ini belum ada berkas dari Anda", "Registrasi & verifikasi berkas"},
		{"ticket without files, swap", registerCompanyOnline(), "ktp sama npwp ketuker", "belum ada berkas dari Anda", "Tiket saya"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newDocRunner(t, f, variants[0], mondayMorning)
			r.play(steps(tc.before, say(tc.text)))
			out := r.out.String()
			last := out[strings.LastIndex(out, "> "+tc.text):]
			if !strings.Contains(last, tc.want) || !strings.Contains(last, tc.button) {
				t.Errorf("after %q:\n%s\nwant %q with a %q button", tc.text, last, tc.want, tc.button)
			}
		})
	}
}
