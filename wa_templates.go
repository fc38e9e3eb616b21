package loket

import "strings"

// WhatsAppTemplatesSettingKey is the settings key of the WhatsApp Cloud
// API template each proactive message kind goes as outside the 24-hour
// customer-service window: a JSON object, kind → TemplateMapping.
const WhatsAppTemplatesSettingKey = "whatsapp.templates"

// TemplateParams are the values a template parameter can take.
var TemplateParams = []string{"text", "ticket", "name"}

// TemplateLangs are the Loket languages a mapping has a template
// language code for, in the order a missing one falls back.
var TemplateLangs = []Lang{LangID, LangEN}

// TemplateMapping is the approved template an office mapped to a message
// kind: its name, the language code Meta shows for each of its
// translations per Loket language, and its body parameters in order
// ("text" = Loket's message, "ticket" = the ticket number, "name" = the
// vendor). A quick-reply button of the template comes back as its text,
// so its text should be a word the bot understands ("Isi survei",
// "Survey"): pressing it reopens the window and continues the
// conversation.
type TemplateMapping struct {
	Name string `json:"name"`
	// Lang is the one language code of a mapping saved before Langs
	// existed; it serves every language while Langs is empty.
	Lang   string          `json:"lang,omitempty"`
	Langs  map[Lang]string `json:"langs,omitempty"`
	Params []string        `json:"params"`
}

// Codes returns the language code set for each Loket language. An old
// mapping's single code counts as set for the language it names (or
// Indonesian when it names neither).
func (m TemplateMapping) Codes() map[Lang]string {
	out := map[Lang]string{}
	for l, c := range m.Langs {
		if c != "" {
			out[l] = c
		}
	}
	if len(out) == 0 && m.Lang != "" {
		l := LangOfCode(m.Lang)
		if l == "" {
			l = LangID
		}
		out[l] = m.Lang
	}
	return out
}

// Code returns the language code a template goes in to a contact who
// speaks lang: lang's own code, else the other language's, else "".
func (m TemplateMapping) Code(lang Lang) string {
	codes := m.Codes()
	if c := codes[lang]; c != "" {
		return c
	}
	for _, l := range TemplateLangs {
		if c := codes[l]; c != "" {
			return c
		}
	}
	return ""
}

// MissingLangs returns the Loket languages without a code of their own
// (their contacts get the other language's translation).
func (m TemplateMapping) MissingLangs() []Lang {
	codes := m.Codes()
	var out []Lang
	for _, l := range TemplateLangs {
		if codes[l] == "" {
			out = append(out, l)
		}
	}
	return out
}

// Usable reports whether the mapping names a template and a language.
func (m TemplateMapping) Usable() bool { return m.Name != "" && m.Code(LangID) != "" }

// LangOfCode returns the Loket language a Meta language code is a
// translation in ("id" → Indonesian, "en", "en_US" → English), or ""
// for another language.
func LangOfCode(code string) Lang {
	base, _, _ := strings.Cut(code, "_")
	for _, l := range TemplateLangs {
		if strings.EqualFold(base, string(l)) {
			return l
		}
	}
	return ""
}
