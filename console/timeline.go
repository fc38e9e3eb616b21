package console

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"loket"
)

// Timeline entries are stored as events: the activity's Meta carries
// {"event": "<name>", field: value, …} and the console shows the
// catalogue's "event.<name>" with those fields, in the reader's language.
// Body keeps the Indonesian text, for readers without the catalogue (the
// REST API, the staff group, webhooks). Entries written before events —
// plain English or Indonesian bodies — show their Body; status changes and
// assignments, whose Meta always had {"from","to"}, are shown as events
// whoever wrote them.

// event returns the Body and Meta of a timeline event.
func (c *Console) event(name string, fields map[string]any) (body string, meta []byte) {
	m := make(map[string]any, len(fields)+1)
	for k, v := range fields {
		m[k] = v
	}
	m["event"] = name
	meta, err := json.Marshal(m)
	if err != nil { // fields are strings and numbers; cannot happen
		meta = []byte(`{"event":` + strconv.Quote(name) + `}`)
	}
	return c.catalog.text(loket.LangID, "event."+name, eventVars(m, nil)), meta
}

// entryText is how the reader sees an activity, in lang; names are the
// agents' names by id.
func (c *Console) entryText(lang loket.Lang, act loket.Activity, names map[int64]string) string {
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
	if s := c.catalog.text(lang, "event."+name, eventVars(m, names)); s != "" {
		return s
	}
	return act.Body
}

// eventVars are an event's fields as text; an "agent_id" also gives the
// agent's name as "agent" (when names knows it).
func eventVars(m map[string]any, names map[int64]string) map[string]string {
	vars := make(map[string]string, len(m)+1)
	for k, v := range m {
		switch v := v.(type) {
		case string:
			vars[k] = v
		case nil:
		default:
			vars[k] = fmt.Sprint(v)
		}
	}
	if id, err := strconv.ParseInt(vars["agent_id"], 10, 64); err == nil {
		if n, ok := names[id]; ok && vars["agent"] == "" {
			vars["agent"] = n
		}
	}
	return vars
}
