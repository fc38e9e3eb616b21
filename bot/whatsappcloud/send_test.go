package whatsappcloud

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/bot/whatsappcloud/cloudtest"
)

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func btns(labels ...string) [][]loket.Button {
	var rows [][]loket.Button
	for i, l := range labels {
		rows = append(rows, []loket.Button{{Label: l, Data: "n|" + itoa(i)}})
	}
	return rows
}

func TestShortenNeverCutsMidWord(t *testing.T) {
	cases := map[string]string{
		"Menu":                                "Menu",
		"Registrasi & verifikasi berkas":      "Registrasi…",
		"Badan usaha (PT/CV/lainnya)":         "Badan usaha…",
		"Daring (berkas PDF + video call)":    "Daring (berkas PDF…",
		"Pertanggungjawabanadministrasiku ya": "Pertanggungjawabana…", // one word longer than the limit
	}
	for in, want := range cases {
		if got := shorten(in, 20); got != want {
			t.Errorf("shorten(%q) = %q, want %q", in, got, want)
		}
		if got := shorten(in, 20); len([]rune(got)) > 20 {
			t.Errorf("shorten(%q) = %q is over 20", in, got)
		}
	}
	for _, in := range []string{"Registrasi & verifikasi berkas", "Daring (berkas PDF + video call)"} {
		got := strings.TrimSuffix(shorten(in, 20), "…")
		if !strings.HasPrefix(in, got) || (len(got) < len(in) && in[len(got)] != ' ') {
			t.Errorf("shorten(%q) = %q cut inside a word", in, got)
		}
	}
}

func TestSendMenus(t *testing.T) {
	c, api, _, _ := running(t, Config{})
	to := "6281234567890"
	api.Opened(to, time.Now())
	ctx := context.Background()
	send := func(text string, rows [][]loket.Button) cloudtest.Sent {
		t.Helper()
		if _, err := c.Send(ctx, &loket.Outbound{ChatID: to, Text: text, Buttons: rows}); err != nil {
			t.Fatal(err)
		}
		s := api.Sent()
		return s[len(s)-1]
	}
	if s := send("Lanjut?", btns("Ya", "Tidak", "Menu")); s.Menu != "button" || len(s.Choices) != 3 || s.Choices[1].Title != "Tidak" || s.Choices[1].ID != "n|b" {
		t.Fatalf("three short choices: %+v", s)
	}
	s := send("Silakan pilih", btns("Registrasi & verifikasi berkas", "Status tiket", "Tanya jawab"))
	if s.Menu != "list" || s.Choices[0].Title != "Registrasi & verifikasi…" || s.Choices[0].Desc != "Registrasi & verifikasi berkas" {
		t.Fatalf("long labels as a list: %+v", s)
	}
	ten := btns("1", "2", "3", "4", "5", "6", "7", "8", "9", "10")
	if s := send("Pilih", ten); s.Menu != "list" || len(s.Choices) != 10 {
		t.Fatalf("ten choices: %+v", s)
	}
	if s := send("Pilih", append(ten, btns("11")...)); s.Type != "text" || !strings.Contains(s.Body, "\n11. 11") {
		t.Fatalf("eleven choices as numbered text: %+v", s)
	}
	if s := send(strings.Repeat("kata ", 1100), nil); s.Type != "text" || len([]rune(s.Body)) > 4096 {
		t.Fatalf("long text: %d characters", len([]rune(s.Body)))
	}
	id, err := c.Send(ctx, &loket.Outbound{ChatID: to, Text: "Berkas Anda", Document: &loket.OutboundDocument{SHA256: "abc", FileName: "tanda-terima.pdf"}})
	if err != nil || !strings.HasPrefix(id, "wamid.") {
		t.Fatalf("document: %q %v", id, err)
	}
	if s := api.Sent(); s[len(s)-1].Type != "document" || s[len(s)-1].FileName != "tanda-terima.pdf" || api.Uploads() != 1 {
		t.Fatalf("document sent as %+v", s[len(s)-1])
	}
}

func TestSendErrors(t *testing.T) {
	alerts := make(chan string, 1)
	c, api, _, _ := running(t, Config{OnAlert: func(ctx context.Context, s string) { alerts <- s }})
	ctx := context.Background()
	to := "6281234567890"
	msg := &loket.Outbound{ChatID: to, Text: "Pengingat"}
	_, err := c.Send(ctx, msg)
	if !errors.Is(err, ErrWindowClosed) || !errors.Is(err, bot.ErrPermanent) {
		t.Fatalf("outside the window: %v", err)
	}
	api.Opened(to, time.Now())
	var ra *bot.RetryAfterError
	for _, code := range []int{CodeThroughput, CodePairRate} {
		api.Fail(code)
		if _, err := c.Send(ctx, msg); !errors.As(err, &ra) {
			t.Fatalf("%d: %v, want a retry-after", code, err)
		}
	}
	api.Fail(CodeNotOnWhatsApp)
	if _, err := c.Send(ctx, msg); !errors.Is(err, bot.ErrPermanent) {
		t.Fatalf("131026: %v", err)
	}
	api.Fail(CodeTokenInvalid)
	if _, err := c.Send(ctx, msg); !errors.As(err, &ra) || c.State().State != StateTokenExpired {
		t.Fatalf("190: %v, state %+v", err, c.State())
	}
	select {
	case a := <-alerts:
		if !strings.Contains(a, "LOKET_WHATSAPP_CLOUD_TOKEN") {
			t.Fatalf("alert %q", a)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no alert on an expired token")
	}
	if _, err := c.Send(ctx, msg); err != nil || c.State().State != StateReady {
		t.Fatalf("after renewal: %v %+v", err, c.State())
	}
	if _, err := c.Send(ctx, &loket.Outbound{ChatID: "not-a-number", Text: "x"}); !errors.Is(err, bot.ErrPermanent) {
		t.Fatalf("bad chat: %v", err)
	}
}

func TestFetch(t *testing.T) {
	c, api, _, _ := running(t, Config{})
	ctx := context.Background()
	pdf := []byte("%PDF-1.4 " + strings.Repeat("x", 100))
	id := api.AddMedia(pdf)
	rc, err := c.Fetch(ctx, loket.DocumentRef{FileID: id, FileName: "ktp.pdf"}, 4<<20)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if string(got) != string(pdf) || api.Downloads() != 1 {
		t.Fatalf("fetched %d bytes, downloads %d", len(got), api.Downloads())
	}
	big := api.AddMedia(make([]byte, 300))
	if _, err := c.Fetch(ctx, loket.DocumentRef{FileID: big}, 200); !errors.Is(err, loket.ErrTooLarge) || api.Downloads() != 1 {
		t.Fatalf("over the limit by its size: %v, downloads %d", err, api.Downloads())
	}
	liar := api.AddMediaClaiming(make([]byte, 300), -1)
	rc, err = c.Fetch(ctx, loket.DocumentRef{FileID: liar}, 200)
	if err != nil {
		t.Fatal(err)
	}
	got, _ = io.ReadAll(rc)
	rc.Close()
	if len(got) != 201 {
		t.Fatalf("an undeclared oversized file yielded %d bytes, want limit+1", len(got))
	}
	if _, err := c.Fetch(ctx, loket.DocumentRef{FileID: "777777"}, 200); !errors.Is(err, bot.ErrPermanent) {
		t.Fatalf("unknown media: %v", err)
	}
}

func TestConfigErrorsNameTheVariable(t *testing.T) {
	ok := Config{Token: "t", PhoneID: "123", AppSecret: "s", VerifyToken: "12345678"}
	cases := map[string]func(*Config){
		"LOKET_WHATSAPP_CLOUD_TOKEN":        func(c *Config) { c.Token = "" },
		"LOKET_WHATSAPP_CLOUD_PHONE_ID":     func(c *Config) { c.PhoneID = "+62811" },
		"LOKET_WHATSAPP_CLOUD_APP_SECRET":   func(c *Config) { c.AppSecret = "" },
		"LOKET_WHATSAPP_CLOUD_VERIFY_TOKEN": func(c *Config) { c.VerifyToken = "short" },
		"LOKET_WHATSAPP_CLOUD_API_URL":      func(c *Config) { c.APIURL = "ftp://x" },
	}
	for name, spoil := range cases {
		cfg := ok
		spoil(&cfg)
		_, err := New(cfg, nil, nil)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Name != name {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := New(ok, nil, nil); err != nil {
		t.Fatal(err)
	}
}
