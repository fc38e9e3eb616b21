package console

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/files"
	"loket/store/storetest"
)

// storedDocument puts a real fixture PDF in a real blob store and a
// document row on the env's ticket.
func storedDocument(t *testing.T, e *env, req, name string) (*loket.Document, []byte) {
	t.Helper()
	ctx := context.Background()
	dir, err := files.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e.con.files = dir
	data, err := os.ReadFile(filepath.Join("..", "flows", "pdfcheck", "testdata", "gs_text.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	sha, err := dir.Put(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	doc := &loket.Document{TicketID: e.ticket.ID, Requirement: req, FileName: name, SHA256: sha,
		Size: int64(len(data)), Pages: 2, CreatedAt: e.clock.Now()}
	e.tx(func(tx storetest.Tx) error { return tx.AddDocument(ctx, doc) })
	return doc, data
}

func TestDocumentEndpointHeadersAndAudit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc, data := storedDocument(t, e, "ktp", `KTP "Budi".pdf`)
	path := e.ref() + "/documents/" + itoa(doc.ID)

	// Not logged in: no bytes, no audit row.
	res, body := e.anon().get(path)
	if res.StatusCode == http.StatusOK || strings.Contains(body, "%PDF") {
		t.Fatalf("anonymous request: %d, body leaks the PDF", res.StatusCode)
	}

	res, body = e.login(loket.RoleAgent).get(path)
	if res.StatusCode != http.StatusOK || body != string(data) {
		t.Fatalf("agent: status %d, %d bytes (want %d)", res.StatusCode, len(body), len(data))
	}
	h := res.Header
	want := map[string]string{
		"Content-Type":           "application/pdf",
		"Content-Disposition":    `inline; filename="KTP \"Budi\".pdf"`,
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "private, no-store",
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	csp := h.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'none'", "sandbox", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("CSP %q lacks %q", csp, d)
		}
	}
	var entries []loket.Audit
	e.tx(func(tx storetest.Tx) error {
		var err error
		entries, err = tx.ListAudit(context.Background(), "document:"+itoa(doc.ID), 10)
		return err
	})
	if len(entries) != 1 || entries[0].Action != "document.view" || entries[0].AgentID != e.agents[loket.RoleAgent].ID ||
		!strings.Contains(entries[0].Detail, doc.FileName) || entries[0].RemoteIP == "" {
		t.Fatalf("audit %+v, want one document.view by the agent naming the file", entries)
	}
}

func TestReviewTellsVendorAndSchedulesRule(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang loket.Lang
		want []string
	}{
		{loket.LangID, []string{"NPWP Perusahaan", "npwp.pdf", "Dokumen tidak terbaca atau buram. Terpotong.", "kirim ulang NPWP Perusahaan"}},
		{loket.LangEN, []string{"company NPWP", "npwp.pdf", "The document is unreadable or blurred. Terpotong.", "send the correct company NPWP again"}},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			e.tx(func(tx storetest.Tx) error {
				e.contact.Lang = tc.lang
				return tx.SaveContact(ctx, e.contact)
			})
			doc, _ := storedDocument(t, e, "npwp_company", "npwp.pdf")
			c := e.login(loket.RoleAgent)
			res := c.postForm(e.ref()+"/documents/"+itoa(doc.ID)+"/review",
				url.Values{"decision": {"reject"}, "reason": {"unreadable"}, "reason_text": {"Terpotong"}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("reject: %d", res.StatusCode)
			}
			_, out := e.lastOut()
			for _, w := range tc.want {
				if !strings.Contains(out.Text, w) {
					t.Errorf("vendor message %q lacks %q", out.Text, w)
				}
			}
			if out.Channel != e.contact.Channel || out.ChatID != e.contact.ChatID {
				t.Errorf("message to %s/%s, want the vendor's chat", out.Channel, out.ChatID)
			}
			jobs, err := e.store.ClaimJobs(ctx, e.clock.Now().Add(time.Second), time.Minute, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(jobs) != 1 || jobs[0].Kind != "doc.reviewed" {
				t.Fatalf("jobs %+v, want one doc.reviewed", jobs)
			}
			var p struct {
				Ticket   int64 `json:"ticket_id"`
				Document int64 `json:"document_id"`
			}
			if err := json.Unmarshal(jobs[0].Payload, &p); err != nil || p.Ticket != e.ticket.ID || p.Document != doc.ID {
				t.Errorf("payload %s, want ticket %d document %d", jobs[0].Payload, e.ticket.ID, doc.ID)
			}
		})
	}
}
