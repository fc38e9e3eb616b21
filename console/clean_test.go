package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket"
)

// Notes, replies and searches with a NUL byte or invalid UTF-8 (which
// PostgreSQL refuses) are cleaned where they enter: the API and the forms
// answer as for any text, and what is stored is the cleaned text.
func TestTextIsCleanedAtTheEdge(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	agent := e.login(loket.RoleAgent)
	tok := agent.newToken("script")
	api := e.anon()

	res, body := api.apiCall("POST", "/api/v1"+e.ref()+"/note", `{"text":"catatan\u0000 API"}`, tok)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("note: %d %s", res.StatusCode, body)
	}
	res, body = api.apiCall("POST", "/api/v1"+e.ref()+"/reply", `{"text":"balas\u0000an"}`, tok)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("reply: %d %s", res.StatusCode, body)
	}
	if _, out := e.lastOut(); out.Text != "balasan" {
		t.Fatalf("stored reply %q", out.Text)
	}
	res, body = api.apiCall("GET", "/api/v1/tickets?status=all&q=Maju%00%FF", "", tok)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("search: %d %s", res.StatusCode, body)
	}
	if res := agent.postForm(e.ref()+"/note", url.Values{"text": {"form\x00 note \xff"}}); res.StatusCode >= 400 {
		t.Fatalf("form note: %d", res.StatusCode)
	}
	var notes []string
	for _, a := range e.activities() {
		if a.Kind == loket.ActNote {
			notes = append(notes, a.Body)
		}
	}
	if got := strings.Join(notes, "|"); got != "catatan API|form note \uFFFD" {
		t.Fatalf("stored notes %q", got)
	}
}

// An admin sees the inbound messages set aside as dead letters; an agent
// may not open the page.
func TestDeadLettersPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := loket.Inbound{Channel: loket.ChannelTelegram, ExternalID: "m9:1", ChatID: "9", SenderName: "Budi", Kind: loket.InText, Text: "ditolak\x00"}
	if err := e.store.RecordDeadInbound(t.Context(), m, "invalid byte sequence", e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := e.store.RecordDeadInbound(t.Context(), m, "again", e.clock.Now()); err != nil {
		t.Fatal(err) // set aside before: left as it is
	}
	res, body := e.login(loket.RoleAdmin).get("/admin/deadletters")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "ditolak") || !strings.Contains(body, "invalid byte sequence") ||
		strings.Contains(body, "again") || !strings.Contains(body, "1 incoming messages") {
		t.Fatalf("dead letters page: %d\n%s", res.StatusCode, body)
	}
	if res, _ := e.login(loket.RoleAgent).get("/admin/deadletters"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("agent opened the dead letters: %d", res.StatusCode)
	}
}
