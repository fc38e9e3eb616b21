package console

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket"
	"loket/knowledge"
	"loket/store/storetest"
)

// officeForm is the office page's profile form for o.
func officeForm(o knowledge.Office) url.Values {
	return url.Values{
		"name": {o.Name}, "zone_label": {o.ZoneLabel}, "portal_url": {o.PortalURL}, "contact_url": {o.ContactURL},
		"helpdesk_url": {o.HelpdeskURL}, "phone": {o.Phone}, "whatsapp": {o.WhatsApp}, "emails": {strings.Join(o.Emails, "\n")},
		"call_center": {o.CallCenter}, "call_center_by": {o.CallCenterBy}, "call_number": {o.CallNumber},
		"counter.place": {o.Counter.Place}, "counter.address": {o.Counter.Address}, "counter.map_url": {o.Counter.MapURL},
		"counter.bring.id": {o.Counter.Bring.ID}, "counter.bring.en": {o.Counter.Bring.EN},
	}
}

// requirementsForm is the office page's document form for r.
func requirementsForm(r knowledge.Requirements) url.Values {
	v := url.Values{}
	for _, f := range knowledge.Forms {
		for i, q := range r.For(f) {
			p := string(f) + "." + itoa(int64(i)) + "."
			v.Set(p+"key", q.Key)
			v.Set(p+"name_id", q.Name.ID)
			v.Set(p+"name_en", q.Name.EN)
			v.Set(p+"purpose", q.Purpose)
			v.Set(p+"words", strings.Join(q.Words, ", "))
			if q.Required {
				v.Set(p+"required", "1")
			}
		}
	}
	return v
}

func (e *env) knowledge() *knowledge.Set {
	e.t.Helper()
	var s *knowledge.Set
	e.tx(func(tx storetest.Tx) error {
		var err error
		s, err = knowledge.Load(context.Background(), tx)
		return err
	})
	return s
}

func TestOfficeProfileEditAuditRollback(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if res, _ := e.login(loket.RoleSupervisor).get("/admin/office"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("supervisor: status %d, want 403", res.StatusCode)
	}
	admin := e.login(loket.RoleAdmin)
	_, body := admin.get("/admin/office")
	mustHave(t, "office page", body, "LPSE Kota Bogor", "Lippo Plaza Keboen Raya", "npwp_company", "No changes yet")

	o, _ := knowledge.DefaultOffice()
	o.Counter.Address = "Gedung Pelayanan Terpadu Lt. 2, Jalan Merdeka 10, Kota Contoh"
	if res := admin.postForm("/admin/office", officeForm(o)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d", res.StatusCode)
	}
	if got := e.knowledge().Office.Counter.Address; got != o.Counter.Address {
		t.Errorf("address in force = %q", got)
	}
	var entries []loket.Audit
	e.tx(func(tx storetest.Tx) error {
		var err error
		entries, err = tx.ListAudit(context.Background(), "office", 10)
		return err
	})
	if len(entries) != 1 || entries[0].Action != "office.update" ||
		!strings.Contains(entries[0].Detail, `counter.address: "lantai dasar Lippo Plaza Keboen Raya, Jalan Pajajaran, Kota Bogor" → "Gedung Pelayanan Terpadu Lt. 2`) {
		t.Errorf("audit = %+v", entries)
	}

	bad := officeForm(o)
	bad.Set("portal_url", "eproc.contoh.go.id")
	bad.Set("emails", "helpdesk at contoh")
	res, body := admin.postFormBody("/admin/office", withCSRF(admin, bad))
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad profile: status %d", res.StatusCode)
	}
	mustHave(t, "bad profile", body, "SPSE portal address: must be an address starting with http", "not a valid e-mail address: helpdesk at contoh",
		`value="eproc.contoh.go.id"`)
	if e.knowledge().Office.PortalURL != o.PortalURL {
		t.Error("a refused profile was saved")
	}

	if res := admin.postForm("/admin/office/rollback", url.Values{"kind": {"office"}, "version": {"9"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("rollback to a missing version: status %d", res.StatusCode)
	}
	o.Name = "LPSE Kota Contoh"
	admin.postForm("/admin/office", officeForm(o))
	if res := admin.postForm("/admin/office/rollback", url.Values{"kind": {"office"}, "version": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rollback: status %d", res.StatusCode)
	}
	if got := e.knowledge().Office; got.Name != "LPSE Kota Bogor" || got.Counter.Address != o.Counter.Address {
		t.Errorf("after rollback to 1: %q, %q", got.Name, got.Counter.Address)
	}
	_, body = admin.get("/admin/office")
	mustHave(t, "history", body, "rollback 1", "Test admin")
}

func TestRequirementsEdit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login(loket.RoleAdmin)
	r, _ := knowledge.DefaultRequirements()
	v := requirementsForm(r)
	n := itoa(int64(len(r.For(loket.FormCompany))))
	v.Set("company."+n+".key", "sbu")
	v.Set("company."+n+".name_id", "Sertifikat Badan Usaha")
	v.Set("company."+n+".name_en", "business entity certificate")
	v.Set("company."+n+".purpose", "verification")
	v.Set("company."+n+".required", "1")
	v.Set("company."+n+".words", "SBU, sertifikat")
	v.Set("company.3.delete", "1") // the deed
	if res := admin.postForm("/admin/office/requirements", v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d", res.StatusCode)
	}
	var keys []string
	for _, q := range e.knowledge().Requirements.For(loket.FormCompany) {
		keys = append(keys, q.Key)
	}
	if strings.Join(keys, ",") != "ktp,npwp_company,business_licence,sbu" {
		t.Errorf("company documents = %v", keys)
	}
	v.Set("individual.0.key", "KTP pemilik")
	res, body := admin.postFormBody("/admin/office/requirements", withCSRF(admin, v))
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad key: status %d", res.StatusCode)
	}
	mustHave(t, "bad key", body, "Individual, document 1, Key: the key")
}

func TestOfficeExportImport(t *testing.T) {
	t.Parallel()
	from := newEnv(t)
	admin := from.login(loket.RoleAdmin)
	o, _ := knowledge.DefaultOffice()
	o.Name, o.Phone = "LPSE Kabupaten Contoh", "0261-123456"
	admin.postForm("/admin/office", officeForm(o))
	from.tx(func(tx storetest.Tx) error { // an answer this office wrote
		return tx.SaveKnowledge(context.Background(), &loket.KnowledgeVersion{Kind: loket.KnowAnswer, Key: "fees",
			Body: []byte(`{"key":"fees","text":{"id":"Pendaftaran tidak dipungut biaya.","en":"Registration is free."},"phrasings":{"id":["berapa biaya daftar"],"en":[]}}`)})
	})
	res, file := admin.get("/admin/office/export")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "loket-office-") {
		t.Fatalf("export: status %d, %v", res.StatusCode, res.Header)
	}

	to := newEnv(t)
	admin2 := to.login(loket.RoleAdmin)
	res, body := admin2.upload("/admin/office/import", "file", "office.json", []byte(file))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: status %d\n%s", res.StatusCode, body)
	}
	got, want := to.knowledge(), from.knowledge()
	a, _ := json.Marshal(knowledge.Export(got))
	b, _ := json.Marshal(knowledge.Export(want))
	if string(a) != string(b) {
		t.Errorf("imported setup differs:\n%s\nwant\n%s", a, b)
	}
	res, body = admin2.upload("/admin/office/import", "file", "office.json", []byte(`{"format":"something/2"}`))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "unknown file format") {
		t.Errorf("foreign file: status %d", res.StatusCode)
	}
}

// upload posts a multipart form with one file and the CSRF token.
func (c *client) upload(path, field, name string, data []byte) (*http.Response, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", c.csrf)
	fw, _ := mw.CreateFormFile(field, name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}
