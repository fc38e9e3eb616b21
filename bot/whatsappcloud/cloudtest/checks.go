package cloudtest

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// What the fake checks of a message before it accepts it, as the Graph
// API does: recipient, type, text and button limits, the 24-hour window
// and templates.

func str(m map[string]any, path ...string) string {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = mm[p]
	}
	s, _ := cur.(string)
	return s
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// check validates a send as Meta would; code and problem are set when it
// is refused. Called with s.mu held.
func (s *Server) check(m map[string]any) (Sent, int, string) {
	out := Sent{To: str(m, "to"), Type: str(m, "type")}
	if out.To == "" || strings.Trim(out.To, "0123456789") != "" {
		return out, 100, "Invalid parameter: to"
	}
	if out.Type != "template" {
		last, ok := s.lastIn[out.To]
		if !ok || s.clock().Sub(last) > 24*time.Hour {
			return out, 131047, "Message failed to send because more than 24 hours have passed since the customer last replied to this number."
		}
	}
	switch out.Type {
	case "text":
		out.Body = str(m, "text", "body")
		if out.Body == "" || runes(out.Body) > 4096 {
			return out, 100, "Param text['body'] must be 1-4096 characters"
		}
	case "interactive":
		return s.checkInteractive(m, out)
	case "document":
		out.MediaID, out.FileName, out.Body = str(m, "document", "id"), str(m, "document", "filename"), str(m, "document", "caption")
		if _, ok := s.media[out.MediaID]; !ok {
			return out, 131053, "Media upload error: unknown media id"
		}
		if runes(out.Body) > 1024 {
			return out, 100, "Param document['caption'] must be at most 1024 characters"
		}
	case "template":
		return s.checkTemplate(m, out)
	default:
		return out, 100, "Unsupported message type " + out.Type
	}
	return out, 0, ""
}

func (s *Server) checkInteractive(m map[string]any, out Sent) (Sent, int, string) {
	it, _ := m["interactive"].(map[string]any)
	out.Menu, out.Body = str(it, "type"), str(it, "body", "text")
	action, _ := it["action"].(map[string]any)
	seen := map[string]bool{}
	add := func(c Choice, maxTitle, maxDesc int) string {
		switch {
		case c.ID == "" || len(c.ID) > 256:
			return "reply id must be 1-256 characters"
		case c.Title == "" || runes(c.Title) > maxTitle:
			return fmt.Sprintf("title %q must be 1-%d characters", c.Title, maxTitle)
		case runes(c.Desc) > maxDesc:
			return fmt.Sprintf("description %q must be at most %d characters", c.Desc, maxDesc)
		case seen[c.ID] || seen["t:"+c.Title]:
			return "titles and ids must be unique"
		}
		seen[c.ID], seen["t:"+c.Title] = true, true
		out.Choices = append(out.Choices, c)
		return ""
	}
	switch out.Menu {
	case "button":
		if out.Body == "" || runes(out.Body) > 1024 {
			return out, 131009, "body text must be 1-1024 characters"
		}
		btns, _ := action["buttons"].([]any)
		if len(btns) == 0 || len(btns) > 3 {
			return out, 131009, "buttons: 1-3 reply buttons"
		}
		for _, b := range btns {
			bm, _ := b.(map[string]any)
			if str(bm, "type") != "reply" {
				return out, 131009, "button type must be reply"
			}
			if p := add(Choice{ID: str(bm, "reply", "id"), Title: str(bm, "reply", "title")}, 20, 0); p != "" {
				return out, 131009, p
			}
		}
	case "list":
		if out.Body == "" || runes(out.Body) > 4096 {
			return out, 131009, "body text must be 1-4096 characters"
		}
		if b := str(action, "button"); b == "" || runes(b) > 20 {
			return out, 131009, "action.button must be 1-20 characters"
		}
		sections, _ := action["sections"].([]any)
		if len(sections) == 0 || len(sections) > 10 {
			return out, 131009, "sections: 1-10"
		}
		n := 0
		for _, sec := range sections {
			sm, _ := sec.(map[string]any)
			if len(sections) > 1 && str(sm, "title") == "" {
				return out, 131009, "a section title is required with several sections"
			}
			rows, _ := sm["rows"].([]any)
			for _, row := range rows {
				rm, _ := row.(map[string]any)
				n++
				if p := add(Choice{ID: str(rm, "id"), Title: str(rm, "title"), Desc: str(rm, "description")}, 24, 72); p != "" {
					return out, 131009, p
				}
			}
		}
		if n == 0 || n > 10 {
			return out, 131009, "a list has 1-10 rows in total"
		}
	default:
		return out, 131009, "unsupported interactive type " + out.Menu
	}
	return out, 0, ""
}

func (s *Server) checkTemplate(m map[string]any, out Sent) (Sent, int, string) {
	tm, _ := m["template"].(map[string]any)
	out.Template, out.Lang = str(tm, "name"), str(tm, "language", "code")
	tp, ok := s.templates[out.Template+"/"+out.Lang]
	if !ok {
		return out, 132001, fmt.Sprintf("Template name does not exist in the translation: %s (%s)", out.Template, out.Lang)
	}
	if want, ok := s.wantLang[out.To]; ok && want != out.Lang {
		return out, 132001, fmt.Sprintf("test: %s reads %s, template %s went in %s", out.To, want, out.Template, out.Lang)
	}
	comps, _ := tm["components"].([]any)
	buttons := 0
	for _, c := range comps {
		cm, _ := c.(map[string]any)
		params, _ := cm["parameters"].([]any)
		switch str(cm, "type") {
		case "body":
			for _, p := range params {
				pm, _ := p.(map[string]any)
				if str(pm, "type") != "text" || str(pm, "text") == "" {
					return out, 132000, "body parameters must be non-empty text"
				}
				out.Params = append(out.Params, str(pm, "text"))
			}
		case "button":
			buttons++
			if str(cm, "sub_type") != "quick_reply" {
				return out, 132000, "button sub_type must be quick_reply"
			}
			for _, p := range params {
				pm, _ := p.(map[string]any)
				if str(pm, "type") != "payload" || str(pm, "payload") == "" {
					return out, 132000, "quick reply parameters must be payloads"
				}
				out.Payloads = append(out.Payloads, str(pm, "payload"))
			}
		}
	}
	if len(out.Params) != tp.Params {
		return out, 132000, fmt.Sprintf("Number of parameters does not match the expected number of params (%d given, %d expected)", len(out.Params), tp.Params)
	}
	if buttons > tp.Buttons {
		return out, 132000, "more button parameters than the template has buttons"
	}
	return out, 0, ""
}
