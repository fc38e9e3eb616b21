package console

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"loket"
	"loket/knowledge"
)

// officeExport downloads the office's whole setup as one JSON file.
func (c *Console) officeExport(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	var data []byte
	err := inTx(ctx, c.store, asVersionSaver, func(tx versionSaver) error {
		set, err := knowledge.Load(ctx, tx)
		if err != nil {
			return err
		}
		if data, err = knowledge.Export(set).Marshal(); err != nil {
			return err
		}
		return audit(ctx, tx, a, "office.export", "office", fmt.Sprintf("%d bytes", len(data)), c.clock.Now())
	})
	if err != nil {
		return fmt.Errorf("console: export office: %w", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="loket-office-%s.json"`,
		c.clock.Now().In(c.cfg.Location).Format("20060102")))
	_, _ = w.Write(data)
	return nil
}

// officeImport replaces the profile, the requirements and the stored
// answers with those of an export file: each a new version (note
// "import"), so the previous setup stays one rollback away.
func (c *Console) officeImport(w http.ResponseWriter, r *http.Request, a *auth) error {
	data, err := uploadedFile(r, "file", knowledge.MaxBundle)
	if err != nil {
		return c.renderOffice(w, r, a, http.StatusBadRequest, officeView{Problems: []string{c.errText(a.lang(), err)}}, nil)
	}
	b, err := knowledge.ParseBundle(data)
	var ps knowledge.Problems
	if errors.As(err, &ps) {
		return c.renderOffice(w, r, a, http.StatusBadRequest, officeView{Problems: c.problemTexts(a.lang(), ps)}, nil)
	}
	if err != nil {
		return err
	}
	if err := c.importBundle(r, a, b); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/office?done=import", http.StatusSeeOther)
	return nil
}

// importPart is one version an import saves.
type importPart struct {
	kind, key string
	body      any
	diff      func(*knowledge.Set) []knowledge.Change
}

func noDiff(*knowledge.Set) []knowledge.Change { return nil }

func (c *Console) importBundle(r *http.Request, a *auth, b *knowledge.Bundle) error {
	ctx := r.Context()
	err := inTx(ctx, c.store, asVersionSaver, func(tx versionSaver) error {
		set, err := knowledge.Load(ctx, tx)
		if err != nil {
			return err
		}
		parts := []importPart{
			{loket.KnowOffice, "", b.Office, func(s *knowledge.Set) []knowledge.Change { return b.Office.Diff(s.Office) }},
			{loket.KnowRequirements, "", b.Requirements, func(s *knowledge.Set) []knowledge.Change { return b.Requirements.Diff(s.Requirements) }},
		}
		imported := map[string]bool{}
		for _, an := range b.Answers {
			imported[an.Key] = true
			parts = append(parts, importPart{loket.KnowAnswer, an.Key, an, noDiff})
		}
		for _, old := range set.Answers { // this office's own answers the file lacks: gone
			if !imported[old.Key] && !old.Deleted {
				gone := knowledge.Answer{Key: old.Key, Deleted: true}
				parts = append(parts, importPart{loket.KnowAnswer, old.Key, gone, noDiff})
			}
		}
		for _, p := range parts {
			body, err := json.Marshal(p.body)
			if err != nil {
				return fmt.Errorf("encode %s: %w", p.kind, err)
			}
			if err := c.saveVersion(ctx, tx, a, p.kind, p.key, body, "import", p.diff); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("console: import office: %w", err)
	}
	return nil
}

// uploadedFile reads a file field of a multipart form, at most max bytes.
func uploadedFile(r *http.Request, field string, max int64) ([]byte, error) {
	f, _, err := r.FormFile(field)
	if err != nil {
		return nil, userErr(loket.EInvalid, "office.err_no_file")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("console: read upload: %w", err)
	}
	if int64(len(data)) > max {
		return nil, userErr(loket.ETooLarge, "office.err_file_large", "max", max>>10)
	}
	return data, nil
}
