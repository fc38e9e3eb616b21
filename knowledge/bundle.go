package knowledge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// BundleFormat names the export file's format and version.
const BundleFormat = "loket.office/1"

// MaxBundle is the largest export file an import reads.
const MaxBundle = 768 << 10

// Bundle is an office's whole setup in one JSON file: the profile, the
// requirements and the answers it changed or added (built-in answers are
// the same in every Loket and are not repeated). Another office imports it
// to start from the same setup.
type Bundle struct {
	Format       string       `json:"format"`
	Office       Office       `json:"office"`
	Requirements Requirements `json:"requirements"`
	Answers      []Answer     `json:"answers"`
}

// Export is the bundle of a set.
func Export(s *Set) Bundle {
	b := Bundle{Format: BundleFormat, Office: s.Office, Requirements: s.Requirements, Answers: s.Answers}
	if b.Answers == nil {
		b.Answers = []Answer{}
	}
	return b
}

// Marshal writes the bundle as indented JSON.
func (b Bundle) Marshal() ([]byte, error) {
	out, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("knowledge: encode bundle: %w", err)
	}
	return append(out, '\n'), nil
}

// ParseBundle reads an export file strictly (unknown fields, a second
// value or another format are refused), normalizes it and checks every
// part; the returned Problems name what to fix.
func ParseBundle(data []byte) (*Bundle, error) {
	if len(data) > MaxBundle {
		return nil, Problems{{Field: "file", Key: "too_large", Vars: map[string]string{"max": fmt.Sprint(MaxBundle >> 10)}}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b Bundle
	if err := dec.Decode(&b); err != nil {
		return nil, Problems{{Field: "file", Key: "json", Vars: map[string]string{"detail": err.Error()}}}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, Problems{{Field: "file", Key: "json", Vars: map[string]string{"detail": "more than one value"}}}
	}
	if b.Format != BundleFormat {
		return nil, Problems{{Field: "format", Key: "format", Vars: map[string]string{"value": b.Format, "want": BundleFormat}}}
	}
	b.Office.Normalize()
	ps := b.Office.Check()
	if b.Requirements == nil {
		b.Requirements = Requirements{}
	}
	b.Requirements.Normalize()
	ps = append(ps, b.Requirements.Check()...)
	seen := map[string]bool{}
	for i := range b.Answers {
		a := &b.Answers[i]
		a.Normalize()
		for _, p := range a.Check() {
			p.Field = "answers." + a.Key + "." + p.Field
			ps = append(ps, p)
		}
		if seen[a.Key] {
			ps = append(ps, Problem{Field: "answers." + a.Key, Key: "answer_dup", Vars: map[string]string{"value": a.Key}})
		}
		seen[a.Key] = true
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return &b, nil
}
