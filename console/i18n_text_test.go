package console

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"

	"loket"
	"loket/templates"
)

// Every text an agent reads comes from the catalogue
// (templates/console/messages): these tests fail on words written into
// console/*.go or into a page outside {{t}}, and on a catalogue key that
// a page or the code names but the catalogue lacks.

// readerText matches what looks like words for a person: two words in a
// row, or a capitalised word ending a sentence. Markup (<…>) is left out
// first, so words between tags count.
var (
	readerText = regexp.MustCompile(`\p{L}{2,}[ \t]+\p{L}{2,}|^\p{Lu}\p{Ll}+[.!?]$`)
	markup     = regexp.MustCompile(`<[^>]*>`)
)

// notForReaders are calls whose string arguments are for logs, errors
// wrapped for logs, or a last-resort plain-text answer.
var notForReaders = map[string]bool{
	"fmt.Errorf": true, "errors.New": true, "http.Error": true, "panic": true,
	"Debug": true, "Info": true, "Warn": true, "Error": true,
	"DebugContext": true, "InfoContext": true, "WarnContext": true, "ErrorContext": true,
}

func TestConsoleCodeHoldsNoReaderText(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range readerTextProblems(f) {
			t.Errorf("%s: %s", fset.Position(p.pos), p.what)
		}
	}
}

// readerTextProblems lists the string literals of f that look like words
// for a person, outside imports, struct tags, map keys and notForReaders
// calls.
func readerTextProblems(f *ast.File) []problem {
	skip := map[*ast.BasicLit]bool{}
	for _, imp := range f.Imports {
		skip[imp.Path] = true
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			if n.Tag != nil {
				skip[n.Tag] = true
			}
		case *ast.KeyValueExpr: // a map key names data, e.g. "Saved"
			if lit, ok := n.Key.(*ast.BasicLit); ok {
				skip[lit] = true
			}
		case *ast.IndexExpr:
			if lit, ok := n.Index.(*ast.BasicLit); ok {
				skip[lit] = true
			}
		case *ast.BinaryExpr: // compared, not shown
			for _, x := range []ast.Expr{n.X, n.Y} {
				if lit, ok := x.(*ast.BasicLit); ok {
					skip[lit] = true
				}
			}
		case *ast.CallExpr:
			if notForReaders[callName(n)] {
				ast.Inspect(n, func(m ast.Node) bool {
					if lit, ok := m.(*ast.BasicLit); ok {
						skip[lit] = true
					}
					return true
				})
			}
		}
		return true
	})
	var out []problem
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING || skip[lit] {
			return true
		}
		s, err := strconv.Unquote(lit.Value)
		if err == nil && readerText.MatchString(markup.ReplaceAllString(s, " ")) {
			out = append(out, problem{lit.Pos(), "reader-facing text " + strconv.Quote(s) +
				": put it in templates/console/messages and use c.tr, userErr or {{t}}"})
		}
		return true
	})
	return out
}

// callName is "pkg.Func", "Method" or "builtin" for a call.
func callName(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		if x, ok := fn.X.(*ast.Ident); ok && (x.Name == "fmt" || x.Name == "errors" || x.Name == "http") {
			return x.Name + "." + fn.Sel.Name
		}
		return fn.Sel.Name
	}
	return ""
}

// The check finds words in code and leaves logs and wrapped errors alone.
func TestReaderTextProblemsFindsWords(t *testing.T) {
	t.Parallel()
	src := "package console\n" + `import "fmt"
type x struct{ A string ` + "`json:\"a b\"`" + ` }
func f() {
	_ = fmt.Errorf("load the ticket: %w", nil)
	c.log.WarnContext(ctx, "console: publish change", "err", nil)
	_ = map[string]any{"Saved": "Agent saved."}
	data["Error"] = "Bad role."
	_ = loket.Errorf(loket.EInvalid, "the text is empty")
	_ = "Replies"
	_ = "Done."
	_ = msg == "internal error"
	_ = "<text x=\"8\">No data in this period.</text>"
	_ = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\">"
	_ = "text/html; charset=utf-8"
	_ = userErr(loket.EInvalid, "ticket.err_text_empty")
}`
	f, err := parser.ParseFile(token.NewFileSet(), "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range readerTextProblems(f) {
		got = append(got, strings.SplitN(p.what, ":", 2)[0])
	}
	want := []string{`reader-facing text "Agent saved."`, `reader-facing text "Bad role."`,
		`reader-facing text "the text is empty"`, `reader-facing text "Done."`,
		`reader-facing text "<text x=\"8\">No data in this period.</text>"`}
	if !slices.Equal(got, want) {
		t.Errorf("problems = %q\nwant %q", got, want)
	}
}

// pageWords finds words written into a page: text outside {{…}}, with
// tags left out but their placeholder, aria-label, title and alt kept,
// and <code>…</code> (commands, variables, URLs) left out.
var (
	codeSpan  = regexp.MustCompile(`(?s)<code[^>]*>.*?</code>`)
	readable  = regexp.MustCompile(`\s(?:placeholder|aria-label|title|alt)="([^"{]*)"`)
	entity    = regexp.MustCompile(`&[#a-zA-Z0-9]+;`)
	aWord     = regexp.MustCompile(`\p{L}{2,}`)
	anyMarkup = regexp.MustCompile(`<[^>]*>`)
)

func pageWords(text string) []string {
	text = codeSpan.ReplaceAllString(text, " ")
	var kept []string
	for _, m := range readable.FindAllStringSubmatch(text, -1) {
		kept = append(kept, m[1])
	}
	text = anyMarkup.ReplaceAllString(text, " ") + " " + strings.Join(kept, " ")
	return aWord.FindAllString(entity.ReplaceAllString(text, " "), -1)
}

// pageTrees parses every console template file without its functions.
func pageTrees(t *testing.T) map[string]*parse.Tree {
	t.Helper()
	files, err := fs.Glob(templates.Console, "console/*.html")
	if err != nil {
		t.Fatal(err)
	}
	trees := map[string]*parse.Tree{}
	for _, f := range files {
		b, err := templates.Console.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		set := map[string]*parse.Tree{}
		tr := parse.New(f)
		tr.Mode = parse.SkipFuncCheck
		if _, err := tr.Parse(string(b), "{{", "}}", set); err != nil {
			t.Fatalf("parse %s: %v", f, err)
		}
		for name, tree := range set {
			trees[f+":"+name] = tree
		}
	}
	return trees
}

// walk calls text for every text node and call for every command.
func walk(n parse.Node, text func(string), call func(*parse.CommandNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				walk(c, text, call)
			}
		}
	case *parse.TextNode:
		text(string(n.Text))
	case *parse.ActionNode:
		text("\x00") // the action's output: not a word of the page
		walk(n.Pipe, text, call)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				walk(c, text, call)
			}
		}
	case *parse.CommandNode:
		call(n)
		for _, a := range n.Args {
			walk(a, text, call)
		}
	case *parse.IfNode:
		walk(n.Pipe, text, call)
		walk(n.List, text, call)
		walk(n.ElseList, text, call)
	case *parse.RangeNode:
		walk(n.Pipe, text, call)
		walk(n.List, text, call)
		walk(n.ElseList, text, call)
	case *parse.WithNode:
		walk(n.Pipe, text, call)
		walk(n.List, text, call)
		walk(n.ElseList, text, call)
	case *parse.TemplateNode:
		walk(n.Pipe, text, call)
	}
}

func TestPagesHoldNoText(t *testing.T) {
	t.Parallel()
	for name, tree := range pageTrees(t) {
		var page strings.Builder
		walk(tree.Root, func(s string) { page.WriteString(s) }, func(*parse.CommandNode) {})
		if w := pageWords(page.String()); len(w) > 0 {
			t.Errorf("%s: words %q outside {{t}}", name, w)
		}
	}
}

func TestPageWords(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{
		`<p class="muted">`:                             0,
		`<input name="q" placeholder="Cari" value="x">`: 1,
		`<th>Ticket</th>`:                               1,
		`<code>LOKET_WHATSAPP=1</code> · `:              0,
		` · #`:                                          0,
		`&amp; &lt;`:                                    0,
		`<button aria-label="` + "\x00" + `">Kirim</button>`: 1,
	} {
		if got := pageWords(in); len(got) != want {
			t.Errorf("pageWords(%q) = %q, want %d words", in, got, want)
		}
	}
}

// Every key a page passes to t, and every literal key the code passes to
// c.tr, userErr or catalog.tr, is in both catalogues.
func TestCatalogueKeysExist(t *testing.T) {
	t.Parallel()
	cat, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	need := map[string]string{} // key → where
	for name, tree := range pageTrees(t) {
		walk(tree.Root, func(string) {}, func(c *parse.CommandNode) {
			if len(c.Args) < 2 {
				return
			}
			id, ok := c.Args[0].(*parse.IdentifierNode)
			key, isStr := c.Args[1].(*parse.StringNode)
			if ok && isStr && id.Ident == "t" {
				need[key.Text] = name
			}
		})
	}
	fset := token.NewFileSet()
	paths, _ := filepath.Glob("*.go")
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			arg := -1
			switch callName(call) {
			case "tr":
				arg = 1
			case "userErr":
				arg = 1
			}
			if arg < 0 || len(call.Args) <= arg {
				return true
			}
			if lit, ok := call.Args[arg].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				k, _ := strconv.Unquote(lit.Value)
				need[k] = fset.Position(lit.Pos()).String()
			}
			return true
		})
	}
	for k, where := range need {
		for _, lang := range catalogLangs {
			if _, ok := cat[lang][k]; !ok {
				t.Errorf("%s: key %q missing from templates/console/messages/%s.*.json", where, k, lang)
			}
		}
	}
	if len(need) < 100 {
		t.Errorf("found only %d keys: the scan is broken", len(need))
	}
}

// The Indonesian and English catalogues agree on every text's variables.
func TestCatalogueVariablesMatch(t *testing.T) {
	t.Parallel()
	cat, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	vars := regexp.MustCompile(`\{\{[^}]*\}\}`)
	for k, id := range cat[loket.LangID] {
		a, b := vars.FindAllString(id, -1), vars.FindAllString(cat[loket.LangEN][k], -1)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(slices.Compact(a), slices.Compact(b)) {
			t.Errorf("%s: variables id %v, en %v", k, a, b)
		}
	}
}
