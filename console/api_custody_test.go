package console

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"loket"
	"loket/flows/custody"
	"loket/store"
	"loket/store/files"
	"loket/store/storetest"
)

// withCustody gives the console a real custody over the test store and a
// document store holding one PDF of the ticket.
func (e *env) withCustody() (*files.Dir, string) {
	e.t.Helper()
	fd, err := files.NewDir(e.t.TempDir())
	if err != nil {
		e.t.Fatal(err)
	}
	cust, err := custody.New(custody.Config{InTx: func(ctx context.Context, fn func(custody.Tx) error) error {
		return e.store.InTx(ctx, func(tx store.Tx) error { return fn(tx) })
	}, Blobs: fd, Location: e.con.cfg.Location})
	if err != nil {
		e.t.Fatal(err)
	}
	e.con.cust = cust
	sha, err := fd.Put(context.Background(), []byte("%PDF-1.4 KTP Budi"))
	if err != nil {
		e.t.Fatal(err)
	}
	e.tx(func(tx storetest.Tx) error {
		return tx.AddDocument(context.Background(), &loket.Document{TicketID: e.ticket.ID, Requirement: "ktp",
			FileName: "ktp-budi.pdf", SHA256: sha, CreatedAt: e.clock.Now()})
	})
	return fd, sha
}

func TestAPIPersonalData(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	fd, sha := e.withCustody()
	admin, agent := e.login(loket.RoleAdmin), e.login(loket.RoleAgent)
	adminTok, agentTok := admin.newToken("dpo"), agent.newToken("mine")
	export := "/api/v1/tickets/" + itoa(e.ticket.Number) + "/personal-data"

	if res, _ := agent.apiCall("GET", export, "", agentTok); res.StatusCode != http.StatusForbidden {
		t.Fatalf("agent export: %d", res.StatusCode)
	}
	res, body := admin.apiCall("GET", export, "", adminTok)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/zip" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "loket-vendor-") {
		t.Fatalf("export: %d %v", res.StatusCode, res.Header)
	}
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var data, pdf string
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == custody.ExportName {
			data = string(b)
		} else {
			pdf = string(b)
		}
	}
	if !strings.Contains(data, "CV Maju Jaya") || !strings.Contains(data, "ktp-budi.pdf") || pdf != "%PDF-1.4 KTP Budi" {
		t.Fatalf("export holds %q and %q", data, pdf)
	}
	if res, body := admin.apiCall("GET", "/api/v1/vendors/98765/personal-data", "", adminTok); res.StatusCode != 404 {
		t.Fatalf("unknown vendor: %d %s", res.StatusCode, body)
	}

	erase := export + "/erase"
	if res, body := admin.apiCall("POST", erase, `{}`, adminTok); res.StatusCode != 400 || !strings.Contains(decodeErr(t, body).Message, "confirm") {
		t.Fatalf("erase without confirmation: %d %s", res.StatusCode, body)
	}
	if res, _ := agent.apiCall("POST", erase, `{"confirm":true}`, agentTok); res.StatusCode != http.StatusForbidden {
		t.Fatalf("agent erase: %d", res.StatusCode)
	}
	res, body = admin.apiCall("POST", erase, `{"confirm":true}`, adminTok)
	var out struct{ Erased map[string]int }
	if res.StatusCode != 200 || json.Unmarshal([]byte(body), &out) != nil || out.Erased["tickets"] != 1 || out.Erased["files"] != 1 {
		t.Fatalf("erase: %d %s", res.StatusCode, body)
	}
	if ok, _ := fd.Exists(context.Background(), sha); ok {
		t.Fatal("document file left after the erasure")
	}
	_, body = admin.apiCall("GET", "/api/v1/tickets/"+itoa(e.ticket.Number), "", adminTok)
	if strings.Contains(body, "Maju Jaya") || strings.Contains(body, "Budi") {
		t.Fatalf("ticket after the erasure: %s", body)
	}
	var audits []loket.Audit
	e.tx(func(tx storetest.Tx) error {
		var err error
		audits, err = tx.ListAudit(context.Background(), "", 50)
		return err
	})
	var actions bytes.Buffer
	for _, a := range audits {
		actions.WriteString(a.Action + " ")
	}
	if !strings.Contains(actions.String(), "personal_data.erase") || !strings.Contains(actions.String(), "personal_data.export") {
		t.Fatalf("audit: %s", actions.String())
	}
}
