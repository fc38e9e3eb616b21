package loket

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	cases := []struct {
		in   string
		max  int
		want string
	}{
		{"halo", 0, "halo"},
		{"ha\x00lo\x00", 0, "halo"},
		{"a\xffb", 0, "a\uFFFDb"},
		{"\x00\xfe\x00", 0, "\uFFFD"},
		{"abcdef", 4, "abcd"},
		{"héllo", 2, "h"}, // é is two bytes: not cut in half
		{"日本", 5, "日"},
		{"ok", 2, "ok"},
	}
	for _, c := range cases {
		got := CleanText(c.in, c.max)
		if got != c.want {
			t.Errorf("CleanText(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
		if !utf8.ValidString(got) || strings.Contains(got, "\x00") || (c.max > 0 && len(got) > c.max) {
			t.Errorf("CleanText(%q, %d) = %q is not storable", c.in, c.max, got)
		}
	}
}

func TestInboundClean(t *testing.T) {
	m := Inbound{Text: "x\x00y", SenderName: "B\xffudi", ChatID: "1", Document: &DocumentRef{FileName: "a\x00.pdf"}}
	doc := m.Document
	m.Clean()
	if m.Text != "xy" || m.SenderName != "B\uFFFDudi" || m.Document.FileName != "a.pdf" {
		t.Fatalf("cleaned: %+v %+v", m, *m.Document)
	}
	if doc.FileName != "a\x00.pdf" {
		t.Fatal("Clean changed the caller's document")
	}
	long := Inbound{Text: strings.Repeat("é", MaxMessageBytes)}
	long.Clean()
	if len(long.Text) > MaxMessageBytes || !utf8.ValidString(long.Text) {
		t.Fatalf("long text: %d bytes", len(long.Text))
	}
}
