package knowledge

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"unicode/utf8"

	"loket"
	"loket/templates"
)

// Text is a text in both languages.
type Text struct {
	ID string `json:"id"`
	EN string `json:"en"`
}

// In returns the text in lang (Indonesian when lang is not English or the
// English text is empty).
func (t Text) In(lang loket.Lang) string {
	if lang == loket.LangEN && t.EN != "" {
		return t.EN
	}
	return t.ID
}

// Office is the profile of the LPSE office: every bot text that names the
// office, its addresses or numbers quotes it.
type Office struct {
	Name         string   `json:"name"`           // "LPSE Kota Bogor"
	ZoneLabel    string   `json:"zone_label"`     // "WIB"
	PortalURL    string   `json:"portal_url"`     // the SPSE portal
	ContactURL   string   `json:"contact_url"`    // the portal's contact page
	HelpdeskURL  string   `json:"helpdesk_url"`   // the web helpdesk, if any
	Phone        string   `json:"phone"`          // direct line
	WhatsApp     string   `json:"whatsapp"`       // helpdesk WhatsApp
	Emails       []string `json:"emails"`         // helpdesk e-mail addresses
	CallCenter   string   `json:"call_center"`    // national call centre
	CallCenterBy string   `json:"call_center_by"` // who runs it
	Counter      Counter  `json:"counter"`        // in-person verification
	CallNumber   string   `json:"call_number"`    // the number verification video calls come from
}

// Counter is where vendors verify in person.
type Counter struct {
	Place   string `json:"place"`
	Address string `json:"address"`
	MapURL  string `json:"map_url"`
	Bring   Text   `json:"bring"` // what to bring, in both languages
}

// DefaultOffice is the profile of the seed's office (LPSE Kota Bogor).
func DefaultOffice() (Office, error) {
	var o Office
	if err := readDefault("knowledge/office.json", &o); err != nil {
		return Office{}, err
	}
	return o, nil
}

func readDefault(name string, v any) error {
	b, err := templates.Knowledge.ReadFile(name)
	if err != nil {
		return fmt.Errorf("knowledge: read %s: %w", name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("knowledge: parse %s: %w", name, err)
	}
	return nil
}

// Problem is one field an admin must fix: its JSON path and a catalogue
// key (console messages, "office.err_<key>") with variables.
type Problem struct {
	Field string
	Key   string
	Vars  map[string]string
}

func (p Problem) Error() string { return fmt.Sprintf("%s: %s %v", p.Field, p.Key, p.Vars) }

// Problems is every problem of an input, in field order.
type Problems []Problem

func (ps Problems) Error() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Error()
	}
	return "knowledge: " + strings.Join(s, "; ")
}

// Limits of the profile's fields.
const (
	maxField  = 200
	maxLong   = 600
	maxEmails = 10
)

// Normalize trims every field and drops empty e-mail addresses.
func (o *Office) Normalize() {
	for _, p := range []*string{&o.Name, &o.ZoneLabel, &o.PortalURL, &o.ContactURL, &o.HelpdeskURL, &o.Phone,
		&o.WhatsApp, &o.CallCenter, &o.CallCenterBy, &o.Counter.Place, &o.Counter.Address, &o.Counter.MapURL,
		&o.Counter.Bring.ID, &o.Counter.Bring.EN, &o.CallNumber} {
		*p = strings.TrimSpace(*p)
	}
	var es []string
	for _, e := range o.Emails {
		if e = strings.TrimSpace(e); e != "" {
			es = append(es, e)
		}
	}
	o.Emails = es
}

// Check returns the problems of a normalized profile (nil when it is fine).
func (o *Office) Check() Problems {
	var ps Problems
	need := func(field, v string, max int) {
		switch {
		case v == "":
			ps = append(ps, Problem{Field: field, Key: "required"})
		case utf8.RuneCountInString(v) > max:
			ps = append(ps, Problem{Field: field, Key: "too_long", Vars: map[string]string{"max": fmt.Sprint(max)}})
		}
	}
	opt := func(field, v string, max int) {
		if v != "" {
			need(field, v, max)
		}
	}
	link := func(field, v string, required bool) {
		if v == "" && !required {
			return
		}
		need(field, v, maxField)
		if u, err := url.Parse(v); v != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
			ps = append(ps, Problem{Field: field, Key: "url"})
		}
	}
	need("name", o.Name, maxField)
	need("zone_label", o.ZoneLabel, 10)
	link("portal_url", o.PortalURL, true)
	link("contact_url", o.ContactURL, false)
	link("helpdesk_url", o.HelpdeskURL, false)
	need("phone", o.Phone, 40)
	opt("whatsapp", o.WhatsApp, 40)
	if len(o.Emails) == 0 {
		ps = append(ps, Problem{Field: "emails", Key: "required"})
	}
	if len(o.Emails) > maxEmails {
		ps = append(ps, Problem{Field: "emails", Key: "too_many", Vars: map[string]string{"max": fmt.Sprint(maxEmails)}})
	}
	for _, e := range o.Emails {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			ps = append(ps, Problem{Field: "emails", Key: "email", Vars: map[string]string{"value": e}})
		}
	}
	opt("call_center", o.CallCenter, 80)
	opt("call_center_by", o.CallCenterBy, maxField)
	need("counter.place", o.Counter.Place, maxField)
	need("counter.address", o.Counter.Address, maxField)
	link("counter.map_url", o.Counter.MapURL, false)
	need("counter.bring.id", o.Counter.Bring.ID, maxLong)
	need("counter.bring.en", o.Counter.Bring.EN, maxLong)
	opt("call_number", o.CallNumber, 40)
	return ps
}

// Change is one field that differs between two versions, for the audit log.
type Change struct {
	Field, Before, After string
}

// Diff lists the fields of a profile that changed from before to after.
func (o Office) Diff(before Office) []Change {
	return diffFlat(flatten(before), flatten(o))
}

// flatten turns a JSON-able value into field → text ("counter.place").
func flatten(v any) map[string]string {
	b, _ := json.Marshal(v)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	out := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				walk(p, x)
			}
		case []any:
			b, _ := json.Marshal(v)
			out[prefix] = string(b)
		case nil:
			out[prefix] = ""
		default:
			out[prefix] = fmt.Sprint(v)
		}
	}
	walk("", m)
	return out
}
