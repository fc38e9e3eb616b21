package flows

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"loket"
	"loket/templates"
)

// TestCatalogueComplete: every key exists in both languages and renders.
func TestCatalogueComplete(t *testing.T) {
	c, err := parseCatalogue(templates.Bot)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range requiredKeys() {
		if !c.has(k) {
			t.Errorf("text %q missing", k)
		}
	}
	if err := c.checkAll(sampleView(&Office{ZoneLabel: "WIB", MaxUploadMB: 4, Emails: []string{"a@b.id"}})); err != nil {
		t.Fatal(err)
	}
	for _, k := range c.keys {
		id, _ := c.render(loket.LangID, k, sampleView(&Office{}))
		en, _ := c.render(loket.LangEN, k, sampleView(&Office{}))
		if strings.HasPrefix(k, "btn.") && (len(id) > 64 || len(en) > 64) {
			t.Errorf("button label %q too long", k)
		}
	}
}

// TestCatalogueRejects: New fails fast on a missing key in one
// language, a template that does not parse, or one that cannot render.
func TestCatalogueRejects(t *testing.T) {
	id, err := templates.Bot.ReadFile("bot/id.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	en, err := templates.Bot.ReadFile("bot/en.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct{ id, en string }{
		"key missing in en": {string(id), strings.Replace(string(en), `{{define "lang.set"}}`, `{{define "lang.setx"}}`, 1)},
		"key missing in id": {strings.Replace(string(id), `{{define "hours"}}`, `{{define "hoursx"}}`, 1), string(en)},
		"parse error":       {string(id) + `{{define "x"}}{{.Ref{{end}}`, string(en)},
		"bad field":         {strings.Replace(string(id), "{{.Ref}}", "{{.Reff}}", 1), string(en)},
		"required key gone": {strings.Replace(string(id), `{{define "welcome"}}`, `{{define "welcomex"}}`, 1),
			strings.Replace(string(en), `{{define "welcome"}}`, `{{define "welcomex"}}`, 1)},
	}
	for name, c := range cases {
		fsys := fstest.MapFS{"id.tmpl": {Data: []byte(c.id)}, "en.tmpl": {Data: []byte(c.en)}}
		withTextParts(t, fsys) // the feature files (<lang>.<part>.tmpl) as they are
		if _, err := New(Config{Texts: fsys}, nil); err == nil {
			t.Errorf("%s: New accepted broken texts", name)
		}
	}
	fsys := fstest.MapFS{"id.tmpl": {Data: id}, "en.tmpl": {Data: en}}
	withTextParts(t, fsys)
	if _, err := New(Config{Texts: fsys}, nil); err != nil {
		t.Errorf("New with a copy of the real texts: %v", err)
	}
}

// TestKeysInCodeAreRequired reads the package's Go files and checks that
// every literal text key passed to say/text/render and every literal
// button label key is in requiredKeys (so New checks it) — a key used
// only in code cannot go missing unnoticed.
func TestKeysInCodeAreRequired(t *testing.T) {
	req := map[string]bool{}
	for _, k := range requiredKeys() {
		req[k] = true
	}
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	found := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var lit *ast.BasicLit
			switch n := n.(type) {
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || len(n.Args) == 0 {
					return true
				}
				arg := 0
				switch sel.Sel.Name {
				case "say", "text", "missWith", "miss":
				case "render":
					arg = 1
				default:
					return true
				}
				if arg < len(n.Args) {
					lit, _ = n.Args[arg].(*ast.BasicLit)
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && id.Name == "key" {
					lit, _ = n.Value.(*ast.BasicLit)
				}
			}
			if lit != nil && lit.Kind == token.STRING {
				k, _ := strconv.Unquote(lit.Value)
				found++
				if !req[k] && !strings.HasSuffix(k, ".") && !strings.HasSuffix(k, "_") {
					t.Errorf("%s: key %q used in code but not in requiredKeys", fset.Position(lit.Pos()), k)
				}
			}
			return true
		})
	}
	if found < 50 {
		t.Errorf("found only %d literal keys; is the scan broken?", found)
	}
}

func TestHoursAndNextOpen(t *testing.T) {
	f := newFlows(t)
	cases := []struct {
		at   string
		open bool
		next string
	}{
		{"2026-01-05T10:00:00+07:00", true, "2026-01-05T10:00:00+07:00"},
		{"2026-01-05T13:59:00+07:00", true, "2026-01-05T13:59:00+07:00"},
		{"2026-01-05T14:00:00+07:00", false, "2026-01-06T10:00:00+07:00"},
		{"2026-01-05T09:00:00+07:00", false, "2026-01-05T10:00:00+07:00"},
		{"2026-01-09T15:00:00+07:00", false, "2026-01-12T10:00:00+07:00"},
		{"2026-01-10T11:00:00+07:00", false, "2026-01-12T10:00:00+07:00"},
		{"2026-01-05T03:30:00Z", true, "2026-01-05T03:30:00Z"}, // 10:30 WIB in UTC
		// Wednesday 7 January is closed (a holiday): Tuesday after hours → Thursday.
		{"2026-01-06T15:00:00+07:00", false, "2026-01-08T10:00:00+07:00"},
		{"2026-01-07T11:00:00+07:00", false, "2026-01-08T10:00:00+07:00"},
	}
	oh := &officeHours{windows: f.cfg.Windows, closed: map[string]bool{"2026-01-07": true}}
	for _, c := range cases {
		at, _ := time.Parse(time.RFC3339, c.at)
		want, _ := time.Parse(time.RFC3339, c.next)
		if got := f.inOffice(at, oh); got != c.open {
			t.Errorf("inOffice(%s) = %v", c.at, got)
		}
		if got := f.nextOpen(at, oh); !got.Equal(want) {
			t.Errorf("nextOpen(%s) = %s, want %s", c.at, got, want)
		}
	}
	cat := f.texts
	if got := f.hoursText(loket.LangID, cat, f.cfg.Windows); got != "Senin–Jumat 10.00–14.00 WIB" {
		t.Errorf("hoursText id = %q", got)
	}
	f2, err := New(Config{Location: wib, Windows: []loket.OfficeWindow{
		{Weekday: time.Monday, StartMinute: 480, EndMinute: 720}, {Weekday: time.Tuesday, StartMinute: 480, EndMinute: 720},
		{Weekday: time.Saturday, StartMinute: 540, EndMinute: 600}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := f2.hoursText(loket.LangEN, f2.texts, f2.cfg.Windows); got != "Monday–Tuesday 08.00–12.00, Saturday 09.00–10.00 WIB" {
		t.Errorf("hoursText en = %q", got)
	}
	if _, err := New(Config{Windows: []loket.OfficeWindow{{Weekday: time.Monday, StartMinute: 600, EndMinute: 500}}}, nil); err == nil {
		t.Error("New accepted an inverted office window")
	}
}
