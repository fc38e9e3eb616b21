package loket

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestTemplateMappingCodes(t *testing.T) {
	decode := func(s string) TemplateMapping {
		t.Helper()
		var m TemplateMapping
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, c := range []struct {
		name, json, id, en string
		missing            []Lang
	}{
		{"old mapping in Indonesian", `{"name":"t","lang":"id","params":["text"]}`, "id", "id", []Lang{LangEN}},
		{"old mapping in English", `{"name":"t","lang":"en_US","params":["text"]}`, "en_US", "en_US", []Lang{LangID}},
		{"old mapping in another language", `{"name":"t","lang":"ms","params":[]}`, "ms", "ms", []Lang{LangEN}},
		{"both codes", `{"name":"t","langs":{"id":"id","en":"en_US"}}`, "id", "en_US", nil},
		{"both codes win over an old one", `{"name":"t","lang":"id","langs":{"id":"id","en":"en"}}`, "id", "en", nil},
		{"only English", `{"name":"t","langs":{"en":"en_GB","id":""}}`, "en_GB", "en_GB", []Lang{LangID}},
		{"none", `{"name":"t"}`, "", "", []Lang{LangID, LangEN}},
	} {
		m := decode(c.json)
		if got := m.Code(LangID); got != c.id {
			t.Errorf("%s: Indonesian code %q, want %q", c.name, got, c.id)
		}
		if got := m.Code(LangEN); got != c.en {
			t.Errorf("%s: English code %q, want %q", c.name, got, c.en)
		}
		if got := m.MissingLangs(); !slices.Equal(got, c.missing) {
			t.Errorf("%s: missing %v, want %v", c.name, got, c.missing)
		}
		if m.Usable() != (c.id != "") {
			t.Errorf("%s: usable %v", c.name, m.Usable())
		}
	}
	// A vendor whose language Loket does not know gets the first code.
	if got := decode(`{"name":"t","langs":{"en":"en","id":"id"}}`).Code("fr"); got != "id" {
		t.Errorf("unknown language: %q", got)
	}
}
