package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"loket"
	"loket/knowledge"
	"loket/ops"
	"loket/store"
)

// officeStore is what the office profile and requirements pages use.
type officeStore interface {
	agentLister
	versionSaver
	KnowledgeAt(ctx context.Context, kind, key string, version int) (*loket.KnowledgeVersion, error)
	KnowledgeHistory(ctx context.Context, kind, key string, limit int) ([]loket.KnowledgeVersion, error)
}

func asOffice(tx store.Tx) officeStore { return tx }

// versionSaver saves a new version of what an admin edits, checked against the current knowledge.
type versionSaver interface {
	knowledge.Reader
	ops.Auditor
	SaveKnowledge(ctx context.Context, k *loket.KnowledgeVersion) error
}

func asVersionSaver(tx store.Tx) versionSaver { return tx }

// The office profile and the documents per business form (/admin/office):
// every save is a new knowledge version, audited with what changed, read
// by the bot on its next turn; versions can be restored; the whole setup
// exports and imports as one JSON file (console/admin_office_io.go).

// officeView is the office page's data.
type officeView struct {
	Office       knowledge.Office
	Emails       string // one per line
	Forms        []formRows
	Purposes     []string
	History      []versionRow
	Saved, Error string
	Problems     []string
}

// formRows are a business form's documents as form rows (one blank row
// more, to add a document).
type formRows struct {
	Form loket.BusinessForm
	Rows []reqRow
}

type reqRow struct {
	N int
	knowledge.Requirement
	WordList string
}

// versionRow is one saved version in a history list.
type versionRow struct {
	loket.KnowledgeVersion
	Who     string
	Current bool
}

func (c *Console) officePage(w http.ResponseWriter, r *http.Request, a *auth) error {
	v := officeView{}
	switch r.URL.Query().Get("done") {
	case "office", "requirements", "rollback", "import":
		v.Saved = c.tr(a.lang(), "office.saved_"+r.URL.Query().Get("done"))
	}
	return c.renderOffice(w, r, a, http.StatusOK, v, nil)
}

// renderOffice shows the page; set (when not nil) is what the admin typed.
func (c *Console) renderOffice(w http.ResponseWriter, r *http.Request, a *auth, status int, v officeView, typed *knowledge.Set) error {
	ctx := r.Context()
	err := inTx(ctx, c.store, asOffice, func(tx officeStore) error {
		set, err := knowledge.Load(ctx, tx)
		if err != nil {
			return err
		}
		if typed != nil {
			set = typed
		}
		v.Office, v.Emails = set.Office, strings.Join(set.Office.Emails, "\n")
		for _, f := range knowledge.Forms {
			fr := formRows{Form: f}
			for i, q := range append(set.Requirements.For(f), knowledge.Requirement{Purpose: knowledge.PurposeVerification, Required: true}) {
				fr.Rows = append(fr.Rows, reqRow{N: i, Requirement: q, WordList: strings.Join(q.Words, ", ")})
			}
			v.Forms = append(v.Forms, fr)
		}
		v.History, err = c.versionRows(ctx, tx, 10, loket.KnowOffice, loket.KnowRequirements)
		return err
	})
	if err != nil {
		return fmt.Errorf("console: office page: %w", err)
	}
	v.Purposes = []string{knowledge.PurposeVerification, knowledge.PurposeAssistance}
	c.render(w, r, status, "office", a, v)
	return nil
}

// versionRows lists the newest versions of kinds (Key ""), newest first.
func (c *Console) versionRows(ctx context.Context, tx officeStore, limit int, kinds ...string) ([]versionRow, error) {
	names, err := agentNames(ctx, tx)
	if err != nil {
		return nil, err
	}
	var rows []versionRow
	for _, k := range kinds {
		hs, err := tx.KnowledgeHistory(ctx, k, "", limit)
		if err != nil {
			return nil, fmt.Errorf("history of %s: %w", k, err)
		}
		for i, h := range hs {
			rows = append(rows, versionRow{KnowledgeVersion: h, Who: names[h.AgentID], Current: i == 0})
		}
	}
	sortVersions(rows)
	return rows, nil
}

func sortVersions(rows []versionRow) {
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && rows[j].ID > rows[j-1].ID; j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
}

// officeFromForm reads the profile fields of the form.
func officeFromForm(r *http.Request) knowledge.Office {
	f := r.PostFormValue
	o := knowledge.Office{
		Name: f("name"), ZoneLabel: f("zone_label"), PortalURL: f("portal_url"), ContactURL: f("contact_url"),
		HelpdeskURL: f("helpdesk_url"), Phone: f("phone"), WhatsApp: f("whatsapp"), Emails: strings.Split(f("emails"), "\n"),
		CallCenter: f("call_center"), CallCenterBy: f("call_center_by"), CallNumber: f("call_number"),
		Counter: knowledge.Counter{Place: f("counter.place"), Address: f("counter.address"), MapURL: f("counter.map_url"),
			Bring: knowledge.Text{ID: f("counter.bring.id"), EN: f("counter.bring.en")}},
	}
	o.Normalize()
	return o
}

// requirementsFromForm reads the document rows of every form; a row
// marked for deletion or left empty is dropped.
func requirementsFromForm(r *http.Request) knowledge.Requirements {
	out := knowledge.Requirements{}
	for _, f := range knowledge.Forms {
		var qs []knowledge.Requirement
		for i := 0; i <= 2*16; i++ {
			p := fmt.Sprintf("%s.%d.", f, i)
			key := strings.TrimSpace(r.PostFormValue(p + "key"))
			nameID, nameEN := r.PostFormValue(p+"name_id"), r.PostFormValue(p+"name_en")
			if r.PostFormValue(p+"delete") == "1" || (key == "" && strings.TrimSpace(nameID+nameEN) == "") {
				continue
			}
			qs = append(qs, knowledge.Requirement{Key: key, Purpose: r.PostFormValue(p + "purpose"),
				Required: r.PostFormValue(p+"required") == "1", Name: knowledge.Text{ID: nameID, EN: nameEN},
				Words: strings.Split(r.PostFormValue(p+"words"), ",")})
		}
		out[f] = qs
	}
	out.Normalize()
	return out
}

// officeSave saves the profile as a new version.
func (c *Console) officeSave(w http.ResponseWriter, r *http.Request, a *auth) error {
	o := officeFromForm(r)
	if ps := o.Check(); ps != nil {
		set, err := c.currentSet(r.Context())
		if err != nil {
			return err
		}
		set.Office = o
		return c.renderOffice(w, r, a, http.StatusBadRequest, officeView{Problems: c.problemTexts(a.lang(), ps)}, set)
	}
	err := c.saveKnowledge(r.Context(), a, loket.KnowOffice, "", o, "edit", func(set *knowledge.Set) []knowledge.Change {
		return o.Diff(set.Office)
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/office?done=office", http.StatusSeeOther)
	return nil
}

// requirementsSave saves the documents per business form as a new version.
func (c *Console) requirementsSave(w http.ResponseWriter, r *http.Request, a *auth) error {
	reqs := requirementsFromForm(r)
	if ps := reqs.Check(); ps != nil {
		set, err := c.currentSet(r.Context())
		if err != nil {
			return err
		}
		set.Requirements = reqs
		return c.renderOffice(w, r, a, http.StatusBadRequest, officeView{Problems: c.problemTexts(a.lang(), ps)}, set)
	}
	err := c.saveKnowledge(r.Context(), a, loket.KnowRequirements, "", reqs, "edit", func(set *knowledge.Set) []knowledge.Change {
		return reqs.Diff(set.Requirements)
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/office?done=requirements", http.StatusSeeOther)
	return nil
}

func (c *Console) currentSet(ctx context.Context) (*knowledge.Set, error) {
	var set *knowledge.Set
	err := inTx(ctx, c.store, asOffice, func(tx officeStore) error {
		var err error
		set, err = knowledge.Load(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("console: load knowledge: %w", err)
	}
	return set, nil
}

// saveKnowledge stores body as the next version of (kind, key) and audits
// what changed (diff compares with the knowledge in force before).
func (c *Console) saveKnowledge(ctx context.Context, a *auth, kind, key string, body any, note string, diff func(*knowledge.Set) []knowledge.Change) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("console: encode %s: %w", kind, err)
	}
	err = inTx(ctx, c.store, asOffice, func(tx officeStore) error {
		return c.saveVersion(ctx, tx, a, kind, key, b, note, diff)
	})
	if err != nil {
		return fmt.Errorf("console: save %s: %w", kind, err)
	}
	return nil
}

// saveVersion does saveKnowledge's work inside a transaction.
func (c *Console) saveVersion(ctx context.Context, tx versionSaver, a *auth, kind, key string, body []byte, note string, diff func(*knowledge.Set) []knowledge.Change) error {
	before, err := knowledge.Load(ctx, tx)
	if err != nil {
		return err
	}
	now := c.clock.Now()
	k := &loket.KnowledgeVersion{Kind: kind, Key: key, Body: body, AgentID: a.Agent.ID, Note: note, CreatedAt: now}
	if err := tx.SaveKnowledge(ctx, k); err != nil {
		return err
	}
	object := kind
	if key != "" {
		object += ":" + key
	}
	return audit(ctx, tx, a, kind+".update", object, auditChanges(k.Version, note, diff(before)), now)
}

// auditChanges is an audit detail: the version, why, and each change as
// "field: before → after" (long values cut).
func auditChanges(version int, note string, cs []knowledge.Change) string {
	var b strings.Builder
	fmt.Fprintf(&b, "v%d %s", version, note)
	cut := func(s string) string {
		if r := []rune(s); len(r) > 120 {
			return string(r[:120]) + "…"
		}
		return s
	}
	for _, ch := range cs {
		fmt.Fprintf(&b, "; %s: %q → %q", ch.Field, cut(ch.Before), cut(ch.After))
		if b.Len() > 3000 {
			b.WriteString("; …")
			break
		}
	}
	return b.String()
}

// problemTexts are the problems of an input as sentences in lang.
func (c *Console) problemTexts(lang loket.Lang, ps knowledge.Problems) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		kv := []any{}
		for k, v := range p.Vars {
			kv = append(kv, k, v)
		}
		out = append(out, c.tr(lang, "office.problem", "field", c.fieldLabel(lang, p.Field), "text", c.tr(lang, "office.err_"+p.Key, kv...)))
	}
	return out
}

// fieldLabel names a field of the profile ("counter.address") or of a
// document row ("company.2.name.id") as the page labels it.
func (c *Console) fieldLabel(lang loket.Lang, field string) string {
	if s := c.catalog.text(lang, "office.f."+field, nil); s != "" {
		return s
	}
	parts := strings.SplitN(field, ".", 3)
	if len(parts) == 3 && loket.BusinessForm(parts[0]).Valid() {
		what := c.catalog.text(lang, "office.r."+strings.ReplaceAll(parts[2], ".", "_"), nil)
		if what == "" {
			what = parts[2]
		}
		return c.tr(lang, "office.problem_doc", "form", c.catalog.label(lang, "label.form", parts[0]), "n", parts[1], "what", what)
	}
	if loket.BusinessForm(field).Valid() {
		return c.catalog.label(lang, "label.form", field)
	}
	return field
}

// officeRollback saves an older version of the profile or the
// requirements again, as the newest.
func (c *Console) officeRollback(w http.ResponseWriter, r *http.Request, a *auth) error {
	kind := r.PostFormValue("kind")
	if kind != loket.KnowOffice && kind != loket.KnowRequirements {
		return userErr(loket.EInvalid, "office.err_kind")
	}
	if err := c.rollback(r.Context(), a, kind, "", r.PostFormValue("version")); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/office?done=rollback", http.StatusSeeOther)
	return nil
}

// rollback saves version (a form value) of (kind, key) again as the newest.
func (c *Console) rollback(ctx context.Context, a *auth, kind, key, version string) error {
	n, err := strconv.Atoi(version)
	if err != nil || n < 1 {
		return userErr(loket.EInvalid, "office.err_version")
	}
	return inTx(ctx, c.store, asOffice, func(tx officeStore) error {
		old, err := tx.KnowledgeAt(ctx, kind, key, n)
		if errors.Is(err, loket.ErrNotFound) {
			return userErr(loket.ENotFound, "office.err_no_version", "version", n)
		}
		if err != nil {
			return err
		}
		return c.saveVersion(ctx, tx, a, kind, key, old.Body, "rollback "+version, func(before *knowledge.Set) []knowledge.Change {
			return versionDiff(kind, key, before, old.Body)
		})
	})
}

// versionDiff compares a stored body with the knowledge in force.
func versionDiff(kind, key string, before *knowledge.Set, body []byte) []knowledge.Change {
	switch kind {
	case loket.KnowOffice:
		o := before.Office
		_ = json.Unmarshal(body, &o)
		return o.Diff(before.Office)
	case loket.KnowRequirements:
		var r knowledge.Requirements
		_ = json.Unmarshal(body, &r)
		return r.Diff(before.Requirements)
	}
	return nil
}
