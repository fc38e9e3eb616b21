package loket

import (
	"strings"
	"unicode/utf8"
)

// Bounds on text that crosses an edge (a channel, a form, an API body).
const (
	MaxMessageBytes = 16 << 10 // a message's text or caption (Telegram allows 4,096 characters)
	MaxFieldBytes   = 512      // names, ids, button data, phone numbers
	MaxNoteBytes    = 64 << 10 // a console form value or an API string
)

// CleanText makes s storable by every database Loket runs on, the one
// rule all edges apply: NUL bytes are removed (PostgreSQL refuses them in
// text), invalid UTF-8 is replaced by U+FFFD and the result is cut to at
// most max bytes on a character boundary (max <= 0: no bound). Clean
// text comes back unchanged, without allocating.
func CleanText(s string, max int) string {
	if (max <= 0 || len(s) <= max) && utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
	if max > 0 && len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return s
}

// Clean applies CleanText to every text field of an inbound message, so
// what a channel hands over can be stored whatever the platform sent.
func (m *Inbound) Clean() {
	m.ExternalID = CleanText(m.ExternalID, MaxFieldBytes)
	m.ChatID = CleanText(m.ChatID, MaxFieldBytes)
	m.SenderID = CleanText(m.SenderID, MaxFieldBytes)
	m.SenderName = CleanText(m.SenderName, MaxFieldBytes)
	m.LangHint = CleanText(m.LangHint, 32)
	m.Text = CleanText(m.Text, MaxMessageBytes)
	m.Button = CleanText(m.Button, MaxFieldBytes)
	m.Phone = CleanText(m.Phone, MaxFieldBytes)
	m.MediaType = CleanText(m.MediaType, 64)
	m.ReplyTo = CleanText(m.ReplyTo, MaxFieldBytes)
	if d := m.Document; d != nil {
		c := *d
		c.FileID = CleanText(c.FileID, MaxFieldBytes*4)
		c.FileName = CleanText(c.FileName, MaxFieldBytes)
		c.MimeType = CleanText(c.MimeType, 128)
		m.Document = &c
	}
}
