package whatsappcloud

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"loket"
)

// Limits of interactive messages, as Meta enforces them.
const (
	maxReplyButtons  = 3
	maxButtonTitle   = 20
	maxListRows      = 10
	maxRowTitle      = 24
	maxRowDesc       = 72
	maxListButton    = 20
	maxButtonsBody   = 1024
	maxListBody      = 4096
	maxTextBody      = 4096
	maxButtonID      = 256
	listButtonLabel  = "Menu" // the same word in Indonesian and English
	shortenedEllipse = "…"
)

// shorten returns s when it fits in max characters, else the longest run
// of whole words that fits with "…" after it; a first word longer than
// max is the only thing ever cut inside a word.
func shorten(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	out := ""
	for _, w := range strings.Fields(s) {
		next := w
		if out != "" {
			next = out + " " + w
		}
		if utf8.RuneCountInString(next)+1 > max {
			break
		}
		out = next
	}
	out = strings.TrimRight(out, " ,;:-–—&/(")
	if out == "" {
		r := []rune(s)
		out = string(r[:max-1])
	}
	return out + shortenedEllipse
}

// menu is how a message with buttons goes out.
type menuKind int

const (
	menuNone    menuKind = iota
	menuButtons          // up to 3 reply buttons
	menuList             // a list of up to 10 rows
	menuText             // a numbered text (too many choices or data too long)
)

type choice struct {
	ID, Title, Desc string
}

// planMenu flattens the rows of buttons and picks the form: reply
// buttons when there are at most three whose labels fit whole (or
// shortened titles stay distinct) and the body fits; else a list when
// there are at most ten; else a numbered text.
func planMenu(text string, rows [][]loket.Button) (menuKind, []choice) {
	var btns []loket.Button
	for _, r := range rows {
		btns = append(btns, r...)
	}
	if len(btns) == 0 {
		return menuNone, nil
	}
	for _, b := range btns {
		if b.Data == "" || len(b.Data) > maxButtonID || strings.TrimSpace(b.Label) == "" {
			return menuText, nil
		}
	}
	bodyLen := utf8.RuneCountInString(text)
	if len(btns) <= maxReplyButtons && bodyLen <= maxButtonsBody {
		cs := make([]choice, len(btns))
		fits := true
		for i, b := range btns {
			cs[i] = choice{ID: b.Data, Title: shorten(b.Label, maxButtonTitle)}
			if cs[i].Title != strings.Join(strings.Fields(b.Label), " ") {
				fits = false
			}
		}
		if fits && distinct(cs) {
			return menuButtons, cs
		}
	}
	if len(btns) <= maxListRows && bodyLen <= maxListBody {
		cs := make([]choice, len(btns))
		for i, b := range btns {
			label := strings.Join(strings.Fields(b.Label), " ")
			cs[i] = choice{ID: b.Data, Title: shorten(label, maxRowTitle)}
			if cs[i].Title != label {
				cs[i].Desc = shorten(label, maxRowDesc)
			}
		}
		if distinct(cs) {
			return menuList, cs
		}
	}
	return menuText, nil
}

func distinct(cs []choice) bool {
	seen := map[string]bool{}
	for _, c := range cs {
		k := c.Title + "\x00" + c.Desc
		if seen[k] {
			return false
		}
		seen[k] = true
	}
	return true
}

// numbered appends the buttons as "1. Label" lines (the flows map a typed
// number back to the button's data).
func numbered(text string, rows [][]loket.Button) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(text))
	n := 0
	for _, row := range rows {
		for _, btn := range row {
			n++
			if n == 1 && b.Len() > 0 {
				b.WriteString("\n")
			}
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			b.WriteString(strconv.Itoa(n) + ". " + strings.TrimSpace(btn.Label))
		}
	}
	return b.String()
}

// split cuts a text longer than max characters into parts at line
// breaks (or spaces), so a long answer arrives whole.
func split(s string, max int) []string {
	var parts []string
	for utf8.RuneCountInString(s) > max {
		r := []rune(s)
		cut := max
		if i := strings.LastIndex(string(r[:max]), "\n"); i > 0 {
			cut = utf8.RuneCountInString(string(r[:max])[:i])
		} else if i := strings.LastIndex(string(r[:max]), " "); i > 0 {
			cut = utf8.RuneCountInString(string(r[:max])[:i])
		}
		parts = append(parts, strings.TrimSpace(string(r[:cut])))
		s = strings.TrimSpace(string(r[cut:]))
	}
	if s != "" {
		parts = append(parts, s)
	}
	return parts
}
