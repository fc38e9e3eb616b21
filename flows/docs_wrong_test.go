package flows

import (
	"strings"
	"testing"
	"time"
)

// TestWrongFile: a statement that a file sent was the wrong one, in
// either language; a typo in data, a question or a wrong number is not.
func TestWrongFile(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"maaf tadi file npwp nya salah, saya kirim ulang ya", true},
		{"npwp yang saya kirim salah", true},
		{"salah upload ktp kak", true},
		{"sorry, wrong file", true},
		{"I sent the wrong document, will send again", true},
		{"npwp nya salah ketik", false},
		{"nomor wa nya salah", false},
		{"file yang mana yang salah?", false},
		{"berkasnya sudah benar semua", false},
	} {
		if got := wrongFile(c.in); got != c.want {
			t.Errorf("wrongFile(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestWrongFileNamesTheNextFileForADay: after "the NPWP was the wrong
// file" the next file, however named, replaces the NPWP, with a status
// look in between too; a day later it no longer does (it did, whenever it
// came: a licence sent days later would have replaced the NPWP).
func TestWrongFileNamesTheNextFileForADay(t *testing.T) {
	f := newFlows(t)
	const replaced = `NPWP Perusahaan ("scan001.pdf") diterima dan menggantikan berkas sebelumnya`
	for _, c := range []struct {
		between []any
		want    bool
	}{
		{[]any{say("status")}, true},
		{[]any{wait(23 * time.Hour)}, true},
		{[]any{wait(25 * time.Hour)}, false},
	} {
		r := newDocRunner(t, f, variants[0], mondayMorning)
		r.play(steps(registerCompanyOnline(), pdf("ktp.pdf", "gs_text.pdf"), pdf("npwp.pdf", "qpdf_pdf20.pdf"),
			say("maaf tadi file npwp nya salah, saya kirim ulang ya")))
		r.play(steps(c.between...))
		n := r.out.Len()
		r.play(steps(pdf("scan001.pdf", "qpdf_linearized.pdf")))
		if got := strings.Contains(r.out.String()[n:], replaced); got != c.want {
			t.Errorf("after %v: replaced the NPWP = %v, want %v:\n%s", c.between, got, c.want, r.out.String()[n:])
		}
	}
}

// TestDayPassedIsNotFull: the earliest time offered on Monday, the vendor
// comes back on Thursday: Monday has passed, it is not "fully booked".
func TestDayPassedIsNotFull(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(registerCompanyOnline(), pdf("ktp.pdf", "gs_text.pdf"), pdf("npwp.pdf", "qpdf_pdf20.pdf"),
		wait(3*24*time.Hour)))
	got := repliesText(r, say("status"), say("jadwal"))
	checkReply(t, got, []string{"Senin, 5 Januari sudah lewat. Silakan pilih hari lain"}, []string{"sudah penuh"})
}
