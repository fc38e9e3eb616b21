package knowledge

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"loket"
)

func TestDefaultsAreTheSeedAndValid(t *testing.T) {
	s, err := Defaults()
	if err != nil {
		t.Fatal(err)
	}
	if ps := s.Office.Check(); ps != nil {
		t.Errorf("default office: %v", ps)
	}
	if ps := s.Requirements.Check(); ps != nil {
		t.Errorf("default requirements: %v", ps)
	}
	if s.Office.Name != "LPSE Kota Bogor" || s.Office.Phone != "0251-8325943" || !strings.Contains(s.Office.Counter.Address, "Lippo Plaza Keboen Raya") {
		t.Errorf("default office = %+v", s.Office)
	}
	var keys []string
	for _, q := range s.Requirements.For(loket.FormCompany) {
		keys = append(keys, q.Key)
	}
	if !slices.Equal(keys, []string{"ktp", "npwp_company", "business_licence", "deed"}) {
		t.Errorf("company documents = %v", keys)
	}
	if q, _ := s.Requirements.Find(loket.FormIndividual, "tax_payment"); q.Required || q.Purpose != PurposeAssistance {
		t.Errorf("tax payment = %+v, want optional, for the assistance", q)
	}
}

func TestOfficeCheck(t *testing.T) {
	o, _ := DefaultOffice()
	o.Name, o.PortalURL, o.Counter.MapURL = "  ", "ftp://x", "maps"
	o.Emails = []string{" helpdesk@lpse.example.go.id ", "", "not an address"}
	o.Normalize()
	got := map[string]string{}
	for _, p := range o.Check() {
		got[p.Field] = p.Key
	}
	want := map[string]string{"name": "required", "portal_url": "url", "counter.map_url": "url", "emails": "email"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems = %v, want %v", got, want)
	}
	if len(o.Emails) != 2 || o.Emails[0] != "helpdesk@lpse.example.go.id" {
		t.Errorf("emails = %q", o.Emails)
	}
}

func TestOfficeDiff(t *testing.T) {
	a, _ := DefaultOffice()
	b := a
	b.Counter.Address = "Jalan Baru 1"
	b.Emails = []string{"x@y.id"}
	got := b.Diff(a)
	if len(got) != 2 || got[0].Field != "counter.address" || got[0].After != "Jalan Baru 1" || got[1].Field != "emails" {
		t.Errorf("diff = %+v", got)
	}
	if len(a.Diff(a)) != 0 {
		t.Error("a profile differs from itself")
	}
}

func TestRequirementsCheckGuessDiff(t *testing.T) {
	r, _ := DefaultRequirements()
	r2 := Requirements{}
	for f, qs := range r {
		r2[f] = slices.Clone(qs)
	}
	r2[loket.FormCompany] = append(r2[loket.FormCompany], Requirement{Key: "sbu", Purpose: PurposeVerification, Required: true,
		Name: Text{ID: " Sertifikat Badan Usaha ", EN: "business entity certificate"}, Words: []string{" SBU", "sbu", "sertifikat"}})
	r2.Normalize()
	if ps := r2.Check(); ps != nil {
		t.Fatalf("check: %v", ps)
	}
	if q, _ := r2.Find(loket.FormCompany, "sbu"); q.Name.ID != "Sertifikat Badan Usaha" || !slices.Equal(q.Words, []string{"sbu", "sertifikat"}) {
		t.Errorf("normalized = %+v", q)
	}
	if d := r2.Diff(r); len(d) == 0 || !strings.HasPrefix(d[0].Field, "company.sbu.") {
		t.Errorf("diff = %+v", d)
	}
	for name, want := range map[string]string{"SBU-2025.pdf": "sbu", "ktp direktur.pdf": "ktp", "akta_pendirian.PDF": "deed", "scan.pdf": ""} {
		if got := Guess(name, r2.For(loket.FormCompany)); got != want {
			t.Errorf("Guess(%q) = %q, want %q", name, got, want)
		}
	}
	if got := Guess("akta.pdf", r2.For(loket.FormForeign)); got != "incorporation" {
		t.Errorf("foreign akta = %q, want the verification document first", got)
	}
	bad := Requirements{loket.FormCompany: {{Key: "KTP!", Purpose: "other", Name: Text{ID: "x"}, Words: []string{"a b"}}},
		"koperasi": nil}
	keys := map[string]bool{}
	for _, p := range bad.Check() {
		keys[p.Key] = true
	}
	for _, k := range []string{"form", "no_required", "doc_key", "purpose", "required", "word"} {
		if !keys[k] {
			t.Errorf("bad requirements: no %q problem in %v", k, bad.Check())
		}
	}
}

func TestAnswersMergeFillAdd(t *testing.T) {
	builtIn := []Answer{{Key: "hours", Text: Text{ID: "Jam layanan"}}, {Key: "location", Text: Text{ID: "Di {place}, {address}."}}}
	stored := []Answer{{Key: "hours", Text: Text{ID: "Senin–Jumat"}}, {Key: "location", Deleted: true}, {Key: "fees", Text: Text{ID: "Gratis"}}}
	var keys []string
	for _, a := range Merge(builtIn, stored) {
		keys = append(keys, a.Key+"="+a.Text.ID)
	}
	if !slices.Equal(keys, []string{"fees=Gratis", "hours=Senin–Jumat"}) {
		t.Errorf("merged = %v", keys)
	}
	o, _ := DefaultOffice()
	if got := Fill(builtIn[1].Text.ID, o.Vars(loket.LangID)); got != "Di Mall Pelayanan Publik (MPP) Graha Tiyasa, lantai dasar Lippo Plaza Keboen Raya, Jalan Pajajaran, Kota Bogor." {
		t.Errorf("filled = %q", got)
	}
	if got := Fill("{unknown} {phone}", o.Vars(loket.LangID)); got != "{unknown} 0251-8325943" {
		t.Errorf("filled = %q", got)
	}
	var p Phrasings
	if n := p.Add(loket.LangID, "Kantor buka  hari Sabtu?", "kantor buka hari sabtu?", ""); n != 1 || len(p.ID) != 1 {
		t.Errorf("added %d: %q", n, p.ID)
	}
	a := Answer{Key: "Bad Key", Text: Text{ID: "x"}}
	if ps := a.Check(); len(ps) != 3 { // key, text.en, no phrasing
		t.Errorf("problems = %v", ps)
	}
}

func TestBundleRoundTrip(t *testing.T) {
	s, _ := Defaults()
	s.Office.Name = "LPSE Kabupaten Contoh"
	s.Answers = []Answer{{Key: "fees", Text: Text{ID: "Gratis.", EN: "Free."}, Phrasings: Phrasings{ID: []string{"berapa biaya"}, EN: []string{}}}}
	data, err := Export(s).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseBundle(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(b.Office, s.Office) || !reflect.DeepEqual(b.Requirements, s.Requirements) || !reflect.DeepEqual(b.Answers, s.Answers) {
		t.Errorf("round trip differs:\n%+v\n%+v", b, s)
	}
	for name, in := range map[string]string{
		"unknown field": strings.Replace(string(data), `"format"`, `"formats": 1, "format"`, 1),
		"two values":    string(data) + "{}",
		"other format":  strings.Replace(string(data), BundleFormat, "loket.office/9", 1),
		"bad office":    strings.Replace(string(data), `"portal_url": "https://eproc.kotabogor.go.id/eproc4/"`, `"portal_url": ""`, 1),
		"not json":      "<html>",
	} {
		if _, err := ParseBundle([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParseBundle(f *testing.F) {
	s, _ := Defaults()
	data, _ := Export(s).Marshal()
	f.Add(data)
	f.Add([]byte(`{"format":"loket.office/1","office":{},"requirements":{"company":[{"key":"x"}]},"answers":[{"key":"a","deleted":true}]}`))
	f.Add([]byte(`{"format":"loket.office/1","answers":[{"key":"a"},{"key":"a"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseBundle(data)
		if err != nil {
			return
		}
		if ps := b.Office.Check(); ps != nil {
			t.Fatalf("accepted a bundle whose office has problems: %v", ps)
		}
		if _, err := json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	})
}

func TestGroupQuestions(t *testing.T) {
	qs := []loket.BotQuestion{ // newest first
		{ID: 7, Text: "Apakah kantor LPSE buka hari Sabtu?"},
		{ID: 6, Text: "berapa biaya verifikasi?"},
		{ID: 5, Text: "kantor buka hari sabtu ga"},
		{ID: 4, Text: "Hari Sabtu kantor buka?"},
		{ID: 3, Text: "verifikasi bayar berapa biayanya"},
		{ID: 2, Text: "kantor buka hari sabtu ga"},
		{ID: 1, Text: "ok"},
	}
	gs := Group(qs)
	if len(gs) != 3 {
		t.Fatalf("groups = %+v", gs)
	}
	if !slices.Equal(gs[0].IDs, []int64{7, 5, 4, 2}) || gs[0].Count != 4 || gs[0].Latest.ID != 7 || len(gs[0].Examples) != 3 {
		t.Errorf("saturday group = %+v", gs[0])
	}
	if !slices.Equal(gs[1].IDs, []int64{6, 3}) || !slices.Equal(gs[2].IDs, []int64{1}) {
		t.Errorf("other groups = %+v / %+v", gs[1], gs[2])
	}
}

// fakeReader counts loads.
type fakeReader struct {
	stamp int64
	loads int
	rows  map[string][]loket.KnowledgeVersion
}

func (f *fakeReader) KnowledgeStamp(context.Context) (int64, error) { return f.stamp, nil }
func (f *fakeReader) KnowledgeCurrent(_ context.Context, kind string) ([]loket.KnowledgeVersion, error) {
	f.loads++
	return f.rows[kind], nil
}

func TestCacheReadsAgainOnlyWhenTheStampMoves(t *testing.T) {
	ctx := context.Background()
	r := &fakeReader{rows: map[string][]loket.KnowledgeVersion{}}
	var c Cache
	s, err := c.Get(ctx, r)
	if err != nil || s.Office.Name != "LPSE Kota Bogor" {
		t.Fatalf("empty store: %+v %v", s, err)
	}
	r.stamp = 3
	r.rows[loket.KnowOffice] = []loket.KnowledgeVersion{{Kind: loket.KnowOffice, Version: 1, Body: []byte(`{"name":"LPSE Baru","phone":"1"}`)}}
	r.rows[loket.KnowAnswer] = []loket.KnowledgeVersion{{Kind: loket.KnowAnswer, Key: "fees", Version: 2, Body: []byte(`{"text":{"id":"Gratis"}}`)}}
	s, _ = c.Get(ctx, r)
	loads := r.loads
	s2, _ := c.Get(ctx, r)
	if s.Office.Name != "LPSE Baru" || s.Office.PortalURL == "" || len(s.Answers) != 1 || s.Answers[0].Key != "fees" {
		t.Errorf("loaded = %+v", s)
	}
	if s2 != s || r.loads != loads {
		t.Errorf("read again without a new stamp (%d → %d loads)", loads, r.loads)
	}
}
