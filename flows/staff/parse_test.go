package staff

import (
	"testing"

	"loket"

	"loket/bot/telegram"
	"loket/bot/telegram/telegramtest"
)

func telegramFailure() telegramtest.Failure {
	return telegramtest.Failure{Code: 400, Description: "Bad Request: not enough rights to create a topic"}
}

func TestCommand(t *testing.T) {
	tests := []struct{ in, cmd, arg string }{
		{"halo", "", "halo"},
		{"  /note  ditelepon ", "note", "ditelepon"},
		{"/Status in_review", "status", "in_review"},
		{"/close", "close", ""},
		{"/note\nbaris dua", "note", "baris dua"},
		{"/help@other_bot", "help@other_bot", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		if cmd, arg := command(tt.in); cmd != tt.cmd || arg != tt.arg {
			t.Errorf("command(%q) = %q, %q; want %q, %q", tt.in, cmd, arg, tt.cmd, tt.arg)
		}
	}
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"in_review", "in_review", true},
		{"In Review", "in_review", true},
		{"waiting-documents", "waiting_documents", true},
		{"selesai", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := parseStatus(tt.in)
		if ok != tt.ok || (ok && string(got) != tt.want) {
			t.Errorf("parseStatus(%q) = %q, %v", tt.in, got, ok)
		}
	}
}

// FuzzParseReplyTo keeps the copy in step with bot/telegram.ParseReplyTo.
func FuzzParseReplyTo(f *testing.F) {
	for _, s := range []string{"", "123", "t45", "t45:123", "t", "t:1", "t0", "-5", "t45:", "t45:x", "9999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		topic, msg, err := parseReplyTo(s)
		wt, wm, werr := telegram.ParseReplyTo(s)
		if topic != wt || msg != wm || (err == nil) != (werr == nil) {
			t.Fatalf("parseReplyTo(%q) = %d, %d, %v; telegram says %d, %d, %v", s, topic, msg, err, wt, wm, werr)
		}
	})
}

func FuzzCommand(f *testing.F) {
	for _, s := range []string{"/note x", "/", "/\n", "halo", " /status  in review "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cmd, _ := command(s)
		_, _ = parseStatus(cmd)
	})
}

// TestStatusAndNote: the status is the first words that name one, the
// note the rest as written, its lines kept ("/status needs_fix" then a
// note of two lines reached the vendor on one line).
func TestStatusAndNote(t *testing.T) {
	for _, c := range []struct {
		in, note string
		st       loket.TicketStatus
		ok       bool
	}{
		{"needs_fix NPWP tidak terbaca", "NPWP tidak terbaca", loket.StatusNeedsFix, true},
		{"in review", "", loket.StatusInReview, true},
		{"In-Review  ok", "ok", loket.StatusInReview, true},
		{"needs_fix NPWP buram.\nKTP terpotong.", "NPWP buram.\nKTP terpotong.", loket.StatusNeedsFix, true},
		{"done", "", "", false},
		{"", "", "", false},
	} {
		st, note, ok := statusAndNote(c.in)
		if st != c.st || note != c.note || ok != c.ok {
			t.Errorf("statusAndNote(%q) = %q, %q, %v; want %q, %q, %v", c.in, st, note, ok, c.st, c.note, c.ok)
		}
	}
}
