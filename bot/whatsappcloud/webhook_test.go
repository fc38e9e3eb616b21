package whatsappcloud

import (
	"io"
	"net/http"
	"net/url"
	"testing"

	"loket"
	"loket/bot/whatsappcloud/cloudtest"
)

func TestHandshake(t *testing.T) {
	_, _, _, hook := running(t, Config{})
	get := func(mode, tok string) (int, string) {
		q := url.Values{"hub.mode": {mode}, "hub.verify_token": {tok}, "hub.challenge": {"1158201444"}}
		resp, err := http.Get(hook + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("subscribe", cloudtest.VerifyToken); code != 200 || body != "1158201444" {
		t.Fatalf("handshake: %d %q", code, body)
	}
	if code, _ := get("subscribe", "wrong-token!"); code != http.StatusForbidden {
		t.Fatalf("wrong verify token: %d", code)
	}
	if code, _ := get("unsubscribe", cloudtest.VerifyToken); code != http.StatusForbidden {
		t.Fatalf("wrong mode: %d", code)
	}
}

func TestWebhookSignatureAndRecording(t *testing.T) {
	_, api, sk, hook := running(t, Config{})
	body := api.Message("6281234567890", "Budi", "wamid.A1", "text", cloudtest.Obj{"body": "halo"})
	if code := api.PostSigned(hook, body, ""); code != http.StatusUnauthorized {
		t.Fatalf("unsigned: %d", code)
	}
	if code := api.PostSigned(hook, body, cloudtest.Sign("another-secret", body)); code != http.StatusForbidden {
		t.Fatalf("wrong signature: %d", code)
	}
	if code := api.PostSigned(hook, body, "sha256=zz"); code != http.StatusForbidden {
		t.Fatalf("malformed signature: %d", code)
	}
	if n := len(sk.all()); n != 0 {
		t.Fatalf("%d messages recorded from refused webhooks", n)
	}
	sk.fail = true
	if code := api.Post(hook, body); code != http.StatusInternalServerError {
		t.Fatalf("sink failing: %d, want 500 so Meta retries", code)
	}
	sk.fail = false
	if code := api.Post(hook, body); code != 200 {
		t.Fatalf("signed: %d", code)
	}
	got := sk.all()
	if len(got) != 1 || got[0].ExternalID != "wamid.A1" || got[0].ChatID != "6281234567890" ||
		got[0].Kind != loket.InText || got[0].Text != "halo" || got[0].SenderName != "Budi" {
		t.Fatalf("recorded %+v", got)
	}
	waitUntil(t, "read receipt", func() bool { return len(api.Reads()) == 1 && api.Reads()[0] == "wamid.A1" })
}

func TestConvertKinds(t *testing.T) {
	_, api, sk, hook := running(t, Config{})
	from := "6281200000001"
	posts := []struct {
		typ     string
		content any
		check   func(loket.Inbound) bool
	}{
		{"interactive", cloudtest.Obj{"type": "button_reply", "button_reply": cloudtest.Obj{"id": "k|menu", "title": "Menu"}},
			func(in loket.Inbound) bool { return in.Kind == loket.InButton && in.Button == "k|menu" }},
		{"interactive", cloudtest.Obj{"type": "list_reply", "list_reply": cloudtest.Obj{"id": "k|status", "title": "Status"}},
			func(in loket.Inbound) bool { return in.Kind == loket.InButton && in.Button == "k|status" }},
		{"document", cloudtest.Obj{"id": "900001", "filename": "ktp.pdf", "mime_type": "application/pdf", "sha256": "x"},
			func(in loket.Inbound) bool {
				return in.Kind == loket.InDocument && in.Document.FileID == "900001" && in.Document.FileName == "ktp.pdf"
			}},
		{"contacts", []any{cloudtest.Obj{"name": cloudtest.Obj{"formatted_name": "Budi"}, "phones": []any{cloudtest.Obj{"phone": "+62 812-3456-7890", "wa_id": "6281234567890"}}}},
			func(in loket.Inbound) bool { return in.Kind == loket.InContact && in.Phone == "+62 812-3456-7890" }},
		{"image", cloudtest.Obj{"id": "1", "mime_type": "image/jpeg"},
			func(in loket.Inbound) bool { return in.Kind == loket.InMedia && in.MediaType == "photo" }},
		{"audio", cloudtest.Obj{"id": "2", "voice": true},
			func(in loket.Inbound) bool { return in.Kind == loket.InMedia && in.MediaType == "voice" }},
		{"sticker", cloudtest.Obj{"id": "3"},
			func(in loket.Inbound) bool { return in.Kind == loket.InMedia && in.MediaType == "sticker" }},
		{"location", cloudtest.Obj{"latitude": -6.2, "longitude": 106.8},
			func(in loket.Inbound) bool { return in.Kind == loket.InMedia && in.MediaType == "location" }},
		{"reaction", cloudtest.Obj{"message_id": "wamid.x", "emoji": "👍"},
			func(in loket.Inbound) bool { return in.Kind == loket.InMedia && in.MediaType == "sticker" }},
		{"button", cloudtest.Obj{"payload": "survey:start", "text": "Mulai survei"},
			func(in loket.Inbound) bool { return in.Kind == loket.InButton && in.Button == "survey:start" }},
	}
	for i, p := range posts {
		if code := api.Post(hook, api.Message(from, "Budi", "wamid.K"+itoa(i), p.typ, p.content)); code != 200 {
			t.Fatalf("%s: %d", p.typ, code)
		}
	}
	if code := api.Post(hook, api.Message(from, "Budi", "wamid.U", "unsupported", nil)); code != 200 {
		t.Fatalf("unsupported: %d", code)
	}
	got := sk.all()
	if len(got) != len(posts) {
		t.Fatalf("recorded %d, want %d (unsupported skipped): %+v", len(got), len(posts), got)
	}
	for i, p := range posts {
		if !p.check(got[i]) {
			t.Errorf("%s: %+v", p.typ, got[i])
		}
	}
}

func itoa(i int) string { return string(rune('a' + i)) }
