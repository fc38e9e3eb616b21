package flows

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"loket"
	"loket/flows/pdfcheck"
	"loket/knowledge"
	"loket/store/files"
)

// registerCompanyOnline answers the registration questions of a company
// and chooses the online verification (the ticket then waits for PDFs).
func registerCompanyOnline() []act {
	return []act{say("halo"), choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"),
		say("info@majujaya.co.id"), say("Budi Santoso"), say("0812-3456-7890"), choose(1)}
}

func docJourneys() []struct {
	name  string
	reads int // checklist reads a check may make (see docRunner)
	acts  []dact
} {
	return []struct {
		name  string
		reads int
		acts  []dact
	}{
		{"docs_checklist", 1, steps(registerCompanyOnline(),
			pdf("ktp-direktur.pdf", "gs_text.pdf"),           // asked KTP, name says KTP
			pdf("scan-0001.pdf", "qpdf_linearized.pdf"),      // asked NPWP, name says nothing: taken as NPWP
			file("izin-usaha.pdf", "application/pdf", 6<<20), // declared too big: refused before download
			file("foto-nib.jpg", "image/jpeg", 120_000),      // a photo: refused before download
			pdf("nib.pdf", "photo.jpg"),                      // a photo named .pdf: refused after the check
			pdf("nib.pdf", "qpdf_user_password_aes256.pdf"),  // needs a password
			pdf("nib.pdf", "truncated_half.pdf"),             // broken
			pdf("nib.pdf", "gs_52_pages.pdf"),                // too many pages
			pdf("ktp-lagi.pdf", "gs_text.pdf"),               // identical to the KTP
			pdf("nib.pdf", "qpdf_owner_only_aes256.pdf"),     // owner-restricted: fine
			pdf("akta.pdf", "img2pdf_scan.pdf"),              // last one: complete
			say("status"),
			review("ktp", true, ""), review("npwp_company", false, "Scan buram."),
			say("status"),
			pdf("npwp-baru.pdf", "qpdf_objstreams.pdf"), // resend replaces the rejected one
			review("npwp_company", true, ""),            // every verification document accepted
			say("status"),
		)},
		{"docs_out_of_order", 2, steps(registerCompanyOnline(),
			pdf("akta-pendirian.pdf", "img2pdf_scan.pdf"),                                    // asked KTP, name says deed: filed as the deed
			batch(pdf("dokumen1.pdf", "gs_text.pdf"), pdf("dokumen2.pdf", "qpdf_pdf20.pdf")), // names say nothing
			choose(1), // dokumen1 is the KTP; now dokumen2
			batch(pdf("lampiran.pdf", "pdfcpu_merged.pdf"), pdf("lain.pdf", "qpdf_merged.pdf")), // the question comes back
			choose(5), // dokumen2: none of these, left for an officer
			act{kind: "doc", doc: loket.DocumentRef{FileID: "gone:x", FileName: "izin.pdf", MimeType: "application/pdf", Size: 9000}},
			pdf("ktp.pdf", "leading_junk.pdf"), // the name says KTP: it replaces the first one
			say("npwp"),                        // typed: lampiran.pdf is the NPWP
			say("status"),
			say("batal"), // lain.pdf stays on the ticket for an officer
			say("status"),
		)},
	}
}

func TestDocumentJourneys(t *testing.T) {
	f := newFlows(t)
	for _, j := range docJourneys() {
		for _, v := range variants {
			t.Run(j.name+"/"+string(v.lang), func(t *testing.T) {
				r := newDocRunner(t, f, v, mondayMorning)
				r.checklistReads = j.reads
				r.play(j.acts)
				r.dump()
				r.dumpDocs()
				golden(t, j.name+"."+string(v.lang), r.out.String())
			})
		}
	}
}

// TestDocsConcurrencyBound checks that at most MaxChecks documents are
// fetched and checked at the same time.
func TestDocsConcurrencyBound(t *testing.T) {
	f := newFlows(t)
	dir, err := files.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var inside, most atomic.Int32
	release := make(chan struct{})
	entered := make(chan struct{}, 8)
	fetch := func(ctx context.Context, ch loket.Channel, ref loket.DocumentRef, limit int64) (io.ReadCloser, error) {
		n := inside.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		entered <- struct{}{}
		<-release
		defer inside.Add(-1)
		return fakeFetch(ctx, ch, ref, limit)
	}
	docs, err := NewDocs(f, DocsDeps{Fetch: fetch, Files: dir, MaxChecks: 2})
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(CheckPayload{Ticket: 1, Chat: "c", Channel: loket.ChannelTelegram,
		Ref: loket.DocumentRef{FileID: "fx:gs_text.pdf", FileName: "a.pdf"}, FileName: "a.pdf"})
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := docs.Check(bg, &loket.Job{ID: int64(i), Kind: JobDocCheck, Payload: payload, Attempts: 1}, mondayMorning); err != nil {
				t.Errorf("check: %v", err)
			}
		}()
	}
	<-entered
	<-entered
	for i := 0; i < 2000; i++ { // give the other three every chance to get in
		runtime.Gosched()
	}
	if n := inside.Load(); n != 2 {
		t.Errorf("%d checks inside at once, want 2", n)
	}
	close(release)
	wg.Wait()
	if m := most.Load(); m > 2 {
		t.Errorf("up to %d checks ran at once, want at most 2", m)
	}
}

// TestDocsCheckOutcomes runs the I/O step alone over fixtures and
// checks which outcome each gives, and that refused files are not stored.
func TestDocsCheckOutcomes(t *testing.T) {
	f := newFlows(t)
	root := t.TempDir()
	dir, err := files.NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := NewDocs(f, DocsDeps{Fetch: fakeFetch, Files: dir})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		fileID   string
		size     int64
		attempts int
		want     string // refusal reason, "expired", "ok" or "retry"
	}{
		{"fx:gs_text.pdf", 0, 1, "ok"},
		{"fx:qpdf_owner_only_rc4.pdf", 0, 1, "ok"},
		{"fx:pdfcpu_user_password.pdf", 0, 1, string(pdfcheck.NeedsPassword)},
		{"fx:zero_pages.pdf", 0, 1, string(pdfcheck.Empty)},
		{"fx:letter.docx", 0, 1, string(pdfcheck.NotPDF)},
		{"fx:screenshot.png", 0, 1, string(pdfcheck.NotPDF)},
		{"fx:truncated_xrefstream.pdf", 0, 1, string(pdfcheck.Broken)},
		{"fx:gs_text.pdf", loket.MaxDocumentBytes + 1, 1, string(pdfcheck.TooLarge)},
		{"gone:x", 0, 1, "expired"},
		{"flaky:x", 0, 1, "retry"},
		{"flaky:x", 0, maxFetchAttempts, "expired"},
	}
	for _, tt := range tests {
		p := &CheckPayload{Ref: loket.DocumentRef{FileID: tt.fileID, Size: tt.size}}
		o, err := docs.inspect(bg, &loket.Job{Attempts: tt.attempts}, p)
		got := "ok"
		switch {
		case err != nil:
			got = "retry"
		case o.expired:
			got = "expired"
		case o.refusal != nil:
			got = string(o.refusal.Reason)
		}
		if got != tt.want {
			t.Errorf("%s (attempt %d): %s, want %s", tt.fileID, tt.attempts, got, tt.want)
			continue
		}
		if got == "ok" {
			if ok, err := dir.Exists(bg, o.sha); err != nil || !ok {
				t.Errorf("%s: accepted file not stored (%v)", tt.fileID, err)
			}
		}
	}
	n := 0
	err = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && files.ValidSHA(e.Name()) {
			n++
		}
		return err
	})
	if err != nil || n != 2 {
		t.Errorf("%d blobs stored, want 2 (only accepted files)", n)
	}
}

// defaultRequirements are the documents of a form in a fresh install.
func defaultRequirements(form loket.BusinessForm) []Requirement {
	s, err := knowledge.Defaults()
	if err != nil {
		panic(err)
	}
	return requirementsOf(s.Requirements, form)
}

func TestGuessRequirement(t *testing.T) {
	company, individual := defaultRequirements(loket.FormCompany), defaultRequirements(loket.FormIndividual)
	tests := []struct {
		name string
		reqs []Requirement
		want string
	}{
		{"KTP Direktur.pdf", company, "ktp"},
		{"e-ktp_budi.pdf", company, "ktp"},
		{"NPWP-PT.pdf", company, "npwp_company"},
		{"npwp pribadi.pdf", individual, "npwp_owner"},
		{"Akta Pendirian 2019.pdf", company, "deed"},
		{"NIB_OSS.pdf", company, "business_licence"},
		{"izin usaha.pdf", company, "business_licence"},
		{"bukti setor pajak.pdf", individual, "tax_payment"},
		{"izin usaha.pdf", individual, ""},
		{"scan0001.pdf", company, ""},
		{"ktpnpwp.pdf", company, ""},
	}
	for _, tt := range tests {
		if got := guessRequirement(tt.name, tt.reqs); got != tt.want {
			t.Errorf("guess(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestObviouslyNotPDF(t *testing.T) {
	tests := []struct {
		name, mime  string
		photo, notp bool
	}{
		{"ktp.pdf", "application/pdf", false, false},
		{"ktp.pdf", "image/jpeg", false, false}, // the name says PDF: the real check decides
		{"ktp", "application/octet-stream", false, false},
		{"ktp", "", false, false},
		{"IMG_2041.JPG", "", true, true},
		{"scan", "image/heic", true, true},
		{"surat.docx", "", false, true},
		{"surat", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false, true},
		{"KTP Budi.Santoso", "", false, false},
	}
	for _, tt := range tests {
		photo, not := obviouslyNotPDF(&loket.DocumentRef{FileName: tt.name, MimeType: tt.mime})
		if photo != tt.photo || not != tt.notp {
			t.Errorf("%q %q: photo=%v not=%v, want %v %v", tt.name, tt.mime, photo, not, tt.photo, tt.notp)
		}
	}
}

func TestCleanFileName(t *testing.T) {
	for in, want := range map[string]string{
		"ktp.pdf": "ktp.pdf", `C:\Users\budi\ktp.pdf`: "ktp.pdf", "../../etc/passwd": "passwd",
		"a\x00b\nc.pdf": "abc.pdf", "": "dokumen.pdf", strings.Repeat("x", 200): strings.Repeat("x", 120),
	} {
		if got := cleanFileName(in); got != want {
			t.Errorf("cleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDocsJobKinds pins the job kinds the ticket operations and cmd use by value.
func TestDocsJobKinds(t *testing.T) {
	if JobDocCheck != "doc.check" || loket.JobDocReviewed != "doc.reviewed" {
		t.Fatal("job kinds changed: update ops/documents.go and cmd wiring")
	}
	b, _ := json.Marshal(loket.DocReviewedPayload{Ticket: 1, Document: 2})
	if string(b) != `{"ticket_id":1,"document_id":2}` {
		t.Fatalf("loket.DocReviewedPayload JSON %s: ops.Review writes ticket_id and document_id", b)
	}
}

// FuzzFileNames checks that any file name a platform reports becomes a
// short, printable base name and never breaks the guess.
func FuzzFileNames(f *testing.F) {
	for _, s := range []string{"ktp.pdf", `C:\a\NPWP PT.pdf`, "../../x", "\x00\x01", "akta-pendirian 2019.PDF", strings.Repeat("é", 300)} {
		f.Add(s)
	}
	reqs := defaultRequirements(loket.FormCompany)
	f.Fuzz(func(t *testing.T, name string) {
		got := cleanFileName(name)
		if got == "" || strings.ContainsAny(got, "/\\") || len([]rune(got)) > 120 {
			t.Fatalf("cleanFileName(%q) = %q", name, got)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f {
				t.Fatalf("cleanFileName(%q) keeps control character %U", name, r)
			}
		}
		if g := guessRequirement(name, reqs); g != "" {
			if _, ok := (&checklist{reqs: reqs}).requirement(g); !ok {
				t.Fatalf("guess %q is not on the checklist", g)
			}
		}
	})
}
