package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket/internal/testkit"
)

// upload sends a PDF through the web chat's 📎 route.
func (v *vendor) upload(name string, data []byte) {
	v.t.Helper()
	v.n++
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("id", fmt.Sprintf("u%d", v.n))
	_ = mw.WriteField("lang", "id")
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	res, err := v.http.Post(v.base+"/chat/upload", mw.FormDataContentType(), &body)
	if err != nil || res.StatusCode != http.StatusAccepted {
		v.t.Fatalf("upload %s: %v %v", name, err, res)
	}
	res.Body.Close()
}

// pressPrefix presses the newest button whose action starts with prefix
// and returns that action.
func (v *vendor) pressPrefix(prefix string) string {
	v.t.Helper()
	var data, action string
	waitFor(v.t, "a button "+prefix+"…", func() bool {
		lines := v.history().Lines
		for i := len(lines) - 1; i >= 0; i-- {
			l := lines[i]
			for _, row := range l.Buttons {
				for _, btn := range row {
					if _, a, ok := strings.Cut(btn.Data, "|"); ok && strings.HasPrefix(a, prefix) {
						data, action = btn.Data, a
						return true
					}
				}
			}
		}
		return false
	})
	v.send(map[string]string{"button": data})
	return action
}

// consoleView is what the console shows of ticket #1001: its page's
// facts, its documents' sha256 (by download), and the calendar's day.
type consoleView struct {
	ticket   []string // facts found on the ticket page
	docs     []string // sha256 of each document, by id order
	calendar []string // facts found on the calendar day
}

func readConsole(t *testing.T, base, password, day string) consoleView {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.PostForm(base+"/login", url.Values{"username": {"admin"}, "password": {password}})
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("login: %v %v", err, res)
	}
	res.Body.Close()
	get := func(path string) []byte {
		res, err := c.Get(base + path)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %v %v", path, err, res)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return b
	}
	var v consoleView
	page := string(get("/tickets/1001"))
	for _, fact := range []string{"#1001", "CV Maju Jaya", "Budi Santoso", "ktp-direktur.pdf", "npwp-cv.pdf"} {
		if strings.Contains(page, fact) {
			v.ticket = append(v.ticket, fact)
		}
	}
	for _, m := range regexp.MustCompile(`/tickets/1001/documents/(\d+)"`).FindAllStringSubmatch(page, -1) {
		sum := sha256.Sum256(get("/tickets/1001/documents/" + m[1]))
		v.docs = append(v.docs, m[1]+":"+hex.EncodeToString(sum[:]))
	}
	slices.Sort(v.docs)
	v.docs = slices.Compact(v.docs)
	cal := string(get("/calendar?view=day&day=" + day))
	for _, fact := range []string{"#1001", "CV Maju Jaya"} {
		if strings.Contains(cal, fact) {
			v.calendar = append(v.calendar, fact)
		}
	}
	return v
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestBackupWipeRestore runs a vendor's journey (registration, two
// documents, a booked call) on `loket serve` with encrypted documents,
// takes `loket backup` while it runs, wipes the data directory, `loket
// restore`s it, and checks the console shows the same ticket, documents
// (same sha256) and calendar.
func TestBackupWipeRestore(t *testing.T) {
	t.Parallel()
	ktp, err := os.ReadFile("../../flows/pdfcheck/testdata/gs_text.pdf")
	if err != nil {
		t.Fatal(err)
	}
	npwp, err := os.ReadFile("../../flows/pdfcheck/testdata/qpdf_pdf20.pdf")
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(t.TempDir(), "data")
	envs := []string{"LOKET_DATA_DIR", data, "LOKET_FILES_KEY", testFilesKey(9)}
	sv := startServe(t, envs...)

	v := newVendor(t, sv.base)
	v.send(map[string]string{"text": "halo"})
	v.press("m.reg")
	v.press("form.company")
	for _, s := range []string{"CV Maju Jaya", "01.234.567.8-901.000", "info@majujaya.co.id", "Budi Santoso", "0812-3456-7890"} {
		v.send(map[string]string{"text": s})
	}
	v.press("mode.online")
	v.waitOut("#1001")
	v.upload("ktp-direktur.pdf", ktp)
	defer func() {
		if t.Failed() {
			t.Log(v.history().all())
		}
	}()
	v.waitOut("1 dari 2 berkas wajib")
	v.upload("npwp-cv.pdf", npwp)
	v.waitOut("2 dari 2 berkas wajib") // the required documents are in: the earliest slot comes in one tap
	at, err := strconv.ParseInt(strings.TrimPrefix(v.pressPrefix("bk.t."), "bk.t."), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	v.waitOut("terjadwal")
	day := time.Unix(at, 0).In(time.FixedZone("WIB", 7*3600)).Format(time.DateOnly)

	password := sv.env["LOKET_ADMIN_PASSWORD"]
	before := readConsole(t, sv.base, password, day)
	if len(before.ticket) != 5 || len(before.docs) != 2 || len(before.calendar) != 2 {
		t.Fatalf("console before the backup: %+v", before)
	}
	for _, want := range []string{sha256Hex(ktp), sha256Hex(npwp)} {
		if !strings.Contains(strings.Join(before.docs, " "), want) {
			t.Fatalf("documents %v lack %s", before.docs, want)
		}
	}

	archive := filepath.Join(t.TempDir(), "loket.backup")
	e := map[string]string{"LOKET_DATA_DIR": data, "LOKET_FILES_KEY": testFilesKey(9)}
	var out, errb syncBuffer
	if code := run(context.Background(), []string{"backup", archive}, env(e), &out, &errb); code != 0 {
		t.Fatalf("backup while serving: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "sqlite database") || !strings.Contains(errb.String(), "backup: documents") {
		t.Fatalf("backup output %q / %q", out.String(), errb.String())
	}
	if code := run(context.Background(), []string{"backup", archive}, env(e), &out, &errb); code != 1 {
		t.Fatalf("backup over an existing file: exit %d", code)
	}
	sv.stop(t)

	// Restoring over the data directory it came from refuses.
	errb = syncBuffer{}
	if code := run(context.Background(), []string{"restore", archive}, env(e), &out, &errb); code != 1 || !strings.Contains(errb.String(), "not empty") {
		t.Fatalf("restore over live data: exit %d: %s", code, errb.String())
	}
	if err := os.RemoveAll(data); err != nil {
		t.Fatal(err)
	}
	out, errb = syncBuffer{}, syncBuffer{}
	if code := run(context.Background(), []string{"restore", archive}, env(e), &out, &errb); code != 0 {
		t.Fatalf("restore: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "2 documents and the sqlite database") {
		t.Fatalf("restore output %q", out.String())
	}

	sv = startServe(t, envs...)
	after := readConsole(t, sv.base, password, day)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("console after the restore:\n%+v\nbefore:\n%+v", after, before)
	}
	sv.stop(t)
}

// Without pg_dump, a PostgreSQL setup's backup holds the documents and
// says how to dump the database; its restore repeats that.
func TestBackupWithoutPgDump(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	data := t.TempDir()
	fd, err := filesDirAt(filepath.Join(data, "files"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fd.Put(context.Background(), []byte("%PDF-1.4 KTP")); err != nil {
		t.Fatal(err)
	}
	e := map[string]string{"LOKET_DATA_DIR": data, "LOKET_DATABASE_URL": "postgres://loket@127.0.0.1:1/loket"}
	archive := filepath.Join(t.TempDir(), "docs.backup")
	var out, errb syncBuffer
	if code := run(context.Background(), []string{"backup", archive}, env(e), &out, &errb); code != 0 {
		t.Fatalf("backup: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "pg_dump is not installed") || !strings.Contains(out.String(), "1 documents") {
		t.Fatalf("backup without pg_dump: %q / %q", out.String(), errb.String())
	}
	e["LOKET_DATA_DIR"] = t.TempDir()
	out, errb = syncBuffer{}, syncBuffer{}
	if code := run(context.Background(), []string{"restore", archive}, env(e), &out, &errb); code != 2 || !strings.Contains(errb.String(), "LOKET_DATABASE_URL") {
		// The database URL is checked (unreachable here) before anything is restored.
		t.Fatalf("restore with an unreachable database: exit %d: %s", code, errb.String())
	}
	if url := testkit.PostgresURL(t, "restore"); url != "" {
		e["LOKET_DATABASE_URL"] = url
		if code := run(context.Background(), []string{"restore", archive}, env(e), &out, &errb); code != 0 {
			t.Fatalf("restore: exit %d: %s", code, errb.String())
		}
		if !strings.Contains(out.String(), "restored the backup") || !strings.Contains(out.String(), "the archive holds no database: pg_dump is not installed") {
			t.Fatalf("restore output %q", out.String())
		}
	}
}
