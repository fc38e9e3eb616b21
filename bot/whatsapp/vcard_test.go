package whatsapp

import (
	"strings"
	"testing"
)

func TestVcardPhone(t *testing.T) {
	tests := []struct{ name, card, want string }{
		{"waid wins", "BEGIN:VCARD\nTEL;type=CELL;type=VOICE;waid=6281234567890:+62 812-3456-7890\nEND:VCARD", "6281234567890"},
		{"plus number", "BEGIN:VCARD\r\nVERSION:3.0\r\nTEL;TYPE=cell:+62 (812) 3456-7890\r\nEND:VCARD", "+6281234567890"},
		{"local number", "BEGIN:VCARD\nTEL:0812-3456-7890\nEND:VCARD", "081234567890"},
		{"grouped item", "BEGIN:VCARD\nitem1.TEL;waid=628111:+62 811 1\nitem1.X-ABLabel:Ponsel\nEND:VCARD", "628111"},
		{"uri value", "BEGIN:VCARD\nVERSION:4.0\nTEL;VALUE=uri:tel:+62-21-555-0100\nEND:VCARD", "+62215550100"},
		{"folded line", "BEGIN:VCARD\nTEL;waid=62812\n 34567890:+62\nEND:VCARD", "6281234567890"},
		{"first usable", "BEGIN:VCARD\nTEL:n/a\nTEL:+6285\nEND:VCARD", "+6285"},
		{"no tel", "BEGIN:VCARD\nFN:Budi\nEMAIL:b@x.id\nEND:VCARD", ""},
		{"telex is not tel", "TELEX:123456", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		if got := vcardPhone(tt.card); got != tt.want {
			t.Errorf("%s: vcardPhone = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func FuzzVcardPhone(f *testing.F) {
	f.Add("BEGIN:VCARD\nTEL;waid=6281234567890:+62 812\nEND:VCARD")
	f.Add("TEL;TYPE=cell:+62 (812) 3456-7890")
	f.Add("item1.TEL:\n :;=;waid=\x00")
	f.Fuzz(func(t *testing.T, card string) {
		got := vcardPhone(card)
		if got == "" {
			return
		}
		d := strings.TrimPrefix(got, "+")
		if len(d) < 3 || len(d) > 20 || strings.Trim(d, "0123456789") != "" {
			t.Fatalf("vcardPhone(%q) = %q: not a plain number", card, got)
		}
	})
}
