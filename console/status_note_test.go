package console

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket"
)

// TestStatusNoteFromTheConsole: the status form takes a note for the
// vendor; needs-fix without one (and no document rejected) stays on the
// page saying what to write, and with one the vendor gets the notice and
// the note.
func TestStatusNoteFromTheConsole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	agent := e.login(loket.RoleAgent)
	if _, body := agent.get(e.ref()); !strings.Contains(body, `<textarea name="note"`) {
		t.Fatal("the status form has no note for the vendor")
	}
	res, body := agent.postFormBody(e.ref()+"/status", url.Values{"status": {"needs_fix"}, "csrf": {agent.csrf}})
	if res.StatusCode == http.StatusSeeOther || !strings.Contains(html.UnescapeString(body), "Write a note for the vendor") {
		t.Fatalf("needs-fix without a note: %d, page without the refusal", res.StatusCode)
	}
	if e.reloadTicket().Status == loket.StatusNeedsFix {
		t.Fatal("the ticket moved to needs-fix without a note")
	}
	res, body = agent.postFormBody(e.ref()+"/status", url.Values{"status": {"needs_fix"}, "csrf": {agent.csrf},
		"note": {"KTP direktur terpotong, mohon kirim ulang halaman penuh."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("needs-fix with a note: %d %s", res.StatusCode, body)
	}
	if _, out := e.lastOut(); !strings.HasSuffix(out.Text, "\n\nCatatan petugas: KTP direktur terpotong, mohon kirim ulang halaman penuh.") {
		t.Fatalf("vendor told %q", out.Text)
	}
}
