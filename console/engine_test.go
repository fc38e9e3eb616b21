package console

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/templates"
)

// Every templates/console/*.html but the layout is a page of the engine,
// and every page of the engine has its file.
func TestPagesMatchTemplateFiles(t *testing.T) {
	t.Parallel()
	files, err := fs.Glob(templates.Console, "console/*.html")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		if n := strings.TrimSuffix(filepath.Base(f), ".html"); n != "layout" {
			names = append(names, n)
		}
	}
	want := slices.Sorted(slices.Values(pageNames))
	slices.Sort(names)
	if !slices.Equal(names, want) {
		t.Errorf("templates/console/*.html = %v, pageNames in console/engine.go = %v: add the page to pageNames", names, want)
	}
}

// TestPagesOnlyInEngine fails when a console page is parsed, given a
// function map or rendered outside the engine (console/engine.go): every
// page goes through its one page list and one function map.
func TestPagesOnlyInEngine(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		if path == "engine.go" || strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pageProblems(f) {
			t.Errorf("%s: %s", fset.Position(p.pos), p.what)
		}
	}
}

type problem struct {
	pos  token.Pos
	what string
}

// pageProblems finds, in a file other than engine.go: html/template's
// parsing functions, template parsing methods, ".html" paths, and
// c.render calls naming a page the engine does not know.
func pageProblems(f *ast.File) []problem {
	pkgs := map[string]string{} // local name → import path
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := filepath.Base(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		pkgs[name] = p
	}
	var out []problem
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING && strings.HasSuffix(s, ".html") {
				out = append(out, problem{n.Pos(), "names a page file " + s + " (pages live in console/engine.go)"})
			}
		case *ast.SelectorExpr:
			x, ok := n.X.(*ast.Ident)
			if ok && pkgs[x.Name] == "html/template" {
				switch n.Sel.Name {
				case "New", "Must", "ParseFS", "ParseFiles", "ParseGlob":
					out = append(out, problem{n.Pos(), "html/template." + n.Sel.Name + " outside console/engine.go"})
				}
				return true
			}
			if ok && pkgs[x.Name] != "" {
				return true // a package's function, e.g. url.Parse
			}
			switch n.Sel.Name {
			case "Parse", "ParseFS", "ParseFiles", "ParseGlob", "AddParseTree", "Funcs":
				out = append(out, problem{n.Pos(), "template method " + n.Sel.Name + " outside console/engine.go"})
			}
		case *ast.CallExpr:
			if name, ok := renderedPage(n); ok && !slices.Contains(pageNames, name) {
				out = append(out, problem{n.Pos(), "renders " + strconv.Quote(name) + ", not in pageNames"})
			}
		}
		return true
	})
	return out
}

// renderedPage is the page name of a c.render(w, r, status, "name", …)
// call; a name that is not a literal is reported as "?".
func renderedPage(call *ast.CallExpr) (string, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "render" || len(call.Args) < 4 {
		return "", false
	}
	lit, ok := call.Args[3].(*ast.BasicLit)
	if !ok {
		return "?", true
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return "?", true
	}
	return s, true
}

// The check itself finds each way of parsing a page elsewhere.
func TestPageProblemsFindsPagesOutsideEngine(t *testing.T) {
	t.Parallel()
	src := `package console
import (
	tpl "html/template"
	"net/url"
	"loket/templates"
)
func (c *Console) extra() {
	t := tpl.New("x")
	t.Funcs(nil).ParseFS(templates.Console, "console/layout.html", "console/extra.html")
	_, _ = t.New("channelBanner").Parse("")
	_, _ = url.Parse("http://x")
	c.render(nil, nil, 200, "extra", nil, nil)
	c.render(nil, nil, 200, "inbox", nil, nil)
	name := "x"
	c.render(nil, nil, 200, name, nil, nil)
}`
	f, err := parser.ParseFile(token.NewFileSet(), "extra.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range pageProblems(f) {
		got = append(got, p.what)
	}
	want := []string{
		"html/template.New outside console/engine.go",
		"template method ParseFS outside console/engine.go",
		"template method Funcs outside console/engine.go",
		"names a page file console/layout.html (pages live in console/engine.go)",
		"names a page file console/extra.html (pages live in console/engine.go)",
		"template method Parse outside console/engine.go",
		`renders "extra", not in pageNames`,
		`renders "?", not in pageNames`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A page the engine does not know is an error, not a panic or half a page.
func TestEngineUnknownPage(t *testing.T) {
	t.Parallel()
	cat, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	e, err := newEngine(time.UTC, cat, func(*loket.Agent, loket.Lang) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if err := e.execute(io.Discard, "nope", view{}); err == nil || !strings.Contains(err.Error(), "pageNames") {
		t.Errorf("execute(nope) = %v, want an error naming pageNames", err)
	}
	if err := e.execute(io.Discard, "login", view{D: map[string]any{}}); err != nil {
		t.Errorf("execute(login) = %v", err)
	}
}
