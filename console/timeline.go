package console

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"loket"
	"loket/ops"
)

// Timeline entries are stored as events: the activity's Meta carries
// {"event": "<name>", field: value, …} and the console shows the
// catalogue's "event.<name>" with those fields, in the reader's language.
// Body keeps the Indonesian text, for readers without the catalogue (the
// REST API, the staff group, webhooks); package ops writes both. Entries
// written before events — plain English or Indonesian bodies — show their Body; status changes and
// assignments, whose Meta always had {"from","to"}, are shown as events
// whoever wrote them.

// entryText is how the reader sees an activity, in lang; names are the
// agents' names by id.
func (c *Console) entryText(lang loket.Lang, act loket.Activity, names map[int64]string, docName func(string) string) string {
	m := map[string]any{}
	if len(act.Meta) > 0 {
		dec := json.NewDecoder(bytes.NewReader(act.Meta))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			return act.Body
		}
	}
	name, _ := m["event"].(string)
	_, from := m["from"]
	to, hasTo := m["to"]
	switch {
	case name != "":
	case act.Kind == loket.ActStatus && from && hasTo:
		name = "status"
	case act.Kind == loket.ActAssignment && hasTo:
		name = "assigned"
		if fmt.Sprint(to) == "0" {
			name = "unassigned"
		}
		m["agent_id"] = to
	default:
		return act.Body
	}
	vars := eventVars(m, names)
	if key := vars["requirement"]; key != "" && docName != nil {
		vars["doc"] = docName(key) // the document as the office names it, in the reader's language
	}
	if key := vars["from_requirement"]; key != "" && docName != nil {
		vars["was"] = docName(key) // a file the vendor relabelled: what it was filed as
	}
	for k, v := range m {
		if list, ok := v.([]any); ok { // codes, each shown as its label "label.<field>.<code>"
			words := make([]string, 0, len(list))
			for _, it := range list {
				words = append(words, c.catalog.label(lang, "label."+k, fmt.Sprint(it)))
			}
			vars[k] = strings.Join(words, ", ")
		}
	}
	if sec, err := strconv.ParseInt(fmt.Sprint(m["starts_at"]), 10, 64); err == nil && sec > 0 {
		// A call's time as every other time on the page, in the reader's
		// language (the stored "when" reads 2026-11-30 10:00).
		vars["when"] = dateFormat(c.catalog, lang, c.cfg.Location, c.catalog.tr(lang, "date.layout.when"))(time.Unix(sec, 0))
	}
	if code, ok := vars["refused"]; ok {
		vars["refused"] = c.refusalText(lang, code, vars["looks_like"])
	}
	if s := c.catalog.text(lang, "event."+name, vars); s != "" {
		return s
	}
	return act.Body
}

// refusalText says why the automatic checks refused a file, in lang:
// the reason's code ("not_pdf") and what the file looked like ("jpeg").
// Entries written before the two were apart hold "not_pdf, jpeg".
func (c *Console) refusalText(lang loket.Lang, code, looks string) string {
	if r, l, ok := strings.Cut(code, ", "); ok && looks == "" {
		code, looks = r, l
	}
	s := c.catalog.label(lang, "label.refused", code)
	if looks != "" {
		s += ", " + c.catalog.label(lang, "label.looks", looks)
	}
	return s
}

// eventVars are an event's fields as text (ops.EventVars).
func eventVars(m map[string]any, names map[int64]string) map[string]string {
	return ops.EventVars(m, names)
}
