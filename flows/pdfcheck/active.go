package pdfcheck

import (
	"slices"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Active content a PDF may carry. Loket accepts such a document (vendors'
// scanners and office suites produce them), and flags it to the agents
// who open it; the console serves PDFs with a sandboxing policy.
const (
	ActiveJavaScript   = "javascript"    // document, page or field scripts
	ActiveLaunch       = "launch"        // actions that start a program or open a file
	ActiveEmbeddedFile = "embedded_file" // files carried inside the PDF
)

// maxActiveDepth bounds the walk into nested direct objects.
const maxActiveDepth = 32

// activeContent lists the kinds of active content among the objects
// pdfcpu read, sorted, or nil. Every object is looked at, not only what
// the catalog reaches, so content hidden in an unreferenced or
// incrementally updated object is reported too.
func activeContent(xt *model.XRefTable) []string {
	found := map[string]bool{}
	for _, e := range xt.Table {
		if e != nil && !e.Free && e.Object != nil {
			scanActive(e.Object, found, 0)
		}
	}
	if len(found) == 0 {
		return nil
	}
	out := make([]string, 0, len(found))
	for k := range found {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func scanActive(o types.Object, found map[string]bool, depth int) {
	if depth > maxActiveDepth {
		return
	}
	switch v := o.(type) {
	case types.Dict:
		scanDict(v, found, depth)
	case types.StreamDict:
		scanDict(v.Dict, found, depth)
	case types.Array:
		for _, x := range v {
			scanActive(x, found, depth+1)
		}
	}
}

func scanDict(d types.Dict, found map[string]bool, depth int) {
	for k, v := range d {
		switch k {
		case "JS", "JavaScript":
			found[ActiveJavaScript] = true
		case "EmbeddedFiles", "EF":
			found[ActiveEmbeddedFile] = true
		case "S":
			switch nameOf(v) {
			case "JavaScript":
				found[ActiveJavaScript] = true
			case "Launch":
				found[ActiveLaunch] = true
			}
		case "Type":
			if nameOf(v) == "EmbeddedFile" {
				found[ActiveEmbeddedFile] = true
			}
		}
		scanActive(v, found, depth+1)
	}
}

func nameOf(o types.Object) string {
	if n, ok := o.(types.Name); ok {
		return string(n)
	}
	return ""
}
