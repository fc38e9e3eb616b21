package telegram

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	tt "loket/bot/telegram/telegramtest"
)

func TestNewRejectsWrongToken(t *testing.T) {
	srv := tt.New(t, "")
	_, err := New(t.Context(), Config{Token: "999:wrong", APIURL: srv.URL}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "token rejected") {
		t.Fatalf("New = %v, want a token error", err)
	}
	if strings.Contains(err.Error(), "999:wrong") {
		t.Fatalf("error leaks the token: %v", err)
	}
}

// A Bot API that cannot be reached yet when Loket starts (a machine
// booting before its network is up) is asked again; one that refuses the
// request is not, and one that stays away ends the start with its error.
func TestNewWaitsForTheBotAPI(t *testing.T) {
	srv := tt.New(t, "")
	srv.Fail("getMe", tt.Failure{Code: 502, Description: "Bad Gateway"})
	srv.Fail("getMe", tt.Failure{Code: 500, Description: "Internal Server Error"})
	c, err := New(t.Context(), Config{Token: tt.Token, APIURL: srv.URL, StartWait: 10 * time.Second}, nil, nil)
	if err != nil {
		t.Fatalf("New after two server errors: %v", err)
	}
	if n := len(srv.Calls("getMe")); n != 3 || c.Username() != tt.BotUsername {
		t.Fatalf("getMe called %d times (want 3), username %q", n, c.Username())
	}

	srv.Fail("getMe", tt.Failure{Code: 400, Description: "Bad Request: something odd"})
	before := len(srv.Calls("getMe"))
	if _, err := New(t.Context(), Config{Token: tt.Token, APIURL: srv.URL, StartWait: 10 * time.Second}, nil, nil); err == nil {
		t.Fatal("New after a 400 succeeded")
	}
	if n := len(srv.Calls("getMe")) - before; n != 1 {
		t.Fatalf("a refused getMe was asked %d times, want 1", n)
	}

	gone := httptest.NewServer(http.NotFoundHandler())
	addr := gone.URL
	gone.Close()
	start := time.Now()
	_, err = New(t.Context(), Config{Token: tt.Token, APIURL: addr, StartWait: 2 * time.Second}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "getMe") || strings.Contains(err.Error(), tt.Token) {
		t.Fatalf("New against no server = %v, want a getMe error without the token", err)
	}
	if d := time.Since(start); d < time.Second || d > 8*time.Second {
		t.Fatalf("gave up after %v, want after about StartWait (2s)", d)
	}
}

func TestNewConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{Token: " "},
		{Token: "1:a", APIURL: "::"},
		{Token: "1:a", WebhookURL: "https://x.example/h", WebhookSecret: "has space"},
		{Token: "1:a", WebhookURL: "ftp://x", WebhookSecret: "ok"},
	} {
		if _, err := New(t.Context(), cfg, nil, nil); err == nil {
			t.Errorf("New(%+v) succeeded", cfg)
		}
	}
}

func TestNewPublishesCommands(t *testing.T) {
	srv := tt.New(t, "")
	c := newChannel(t, srv, nil)
	if c.Username() != tt.BotUsername {
		t.Fatalf("username = %q", c.Username())
	}
	menus := map[string][]models.BotCommand{}
	for _, call := range srv.Calls("setMyCommands") {
		var cmds []models.BotCommand
		if err := json.Unmarshal([]byte(call.Params["commands"]), &cmds); err != nil {
			t.Fatalf("commands field %q: %v", call.Params["commands"], err)
		}
		lang := call.Params["language_code"]
		if lang == "" {
			lang = "default"
		}
		menus[lang] = cmds
	}
	has := func(lang, cmd string) bool {
		for _, c := range menus[lang] {
			if c.Command == cmd && c.Description != "" {
				return true
			}
		}
		return false
	}
	for _, want := range [][2]string{{"default", "start"}, {"default", "bantuan"}, {"default", "bahasa"}, {"default", "batal"},
		{"default", "status"}, {"en", "help"}, {"en", "language"}, {"en", "cancel"}, {"en", "start"}} {
		if !has(want[0], want[1]) {
			t.Errorf("menu %q lacks /%s (menus: %v)", want[0], want[1], menus)
		}
	}
	if len(menus) != 2 {
		t.Fatalf("setMyCommands for %d languages, want default(id)+en", len(menus))
	}
}

func TestNewSurvivesCommandFailure(t *testing.T) {
	srv := tt.New(t, "")
	srv.Fail("setMyCommands", tt.Failure{Code: 500, Description: "Internal"})
	newChannel(t, srv, nil) // fails the test if New returns an error
}

func TestLoadCommandsRejectsBadMenus(t *testing.T) {
	for _, data := range []string{
		`{`,
		`{"en":[{"command":"help","description":"x"}]}`,
		`{"id":[{"command":"Start","description":"x"}]}`,
		`{"id":[{"command":"start","description":""}]}`,
	} {
		if _, err := loadCommands([]byte(data)); err == nil {
			t.Errorf("loadCommands(%s) accepted", data)
		}
	}
	if _, err := loadCommands(commandsJSON); err != nil {
		t.Fatalf("embedded menu: %v", err)
	}
}
