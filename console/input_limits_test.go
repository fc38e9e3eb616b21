package console

import (
	"bytes"
	"context"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"loket"
	"loket/internal/testkit"
	"loket/store"
	"loket/store/memory"
)

// TestOverlongSearchIsRefused: a search over maxSearch characters is a
// 400 with a message on the page and in the API, on SQLite and on
// PostgreSQL (SQLite answered 500 for a 50,000-character one); a search
// at the limit and one with a NUL byte still run.
func TestOverlongSearchIsRefused(t *testing.T) {
	t.Parallel()
	for name, open := range testkit.Stores(t, "i14search") {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := open(t)
			clock := loket.NewFixedClock(time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC))
			eph := memory.New(clock)
			t.Cleanup(func() { eph.Close() })
			con, err := New(Config{}, Deps{Store: st, Events: eph, Limiter: eph, Clock: clock, Log: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(con.Handler())
			t.Cleanup(srv.Close)
			hash, _ := hashPassword(testPassword, bcrypt.MinCost)
			err = st.InTx(ctx, func(tx store.Tx) error {
				return tx.SaveAgent(ctx, &loket.Agent{Username: "admin", Name: "Admin", Role: loket.RoleAdmin,
					PasswordHash: hash, Lang: loket.LangEN, Active: true, CreatedAt: clock.Now()})
			})
			if err != nil {
				t.Fatal(err)
			}
			e := &env{t: t, srv: srv, clock: clock}
			admin := e.login(loket.RoleAdmin)
			tok := admin.newToken("script")
			for _, tc := range []struct {
				q      string
				status int
			}{
				{strings.Repeat("a", 50000), http.StatusBadRequest},
				{strings.Repeat("é", maxSearch+1), http.StatusBadRequest},
				{strings.Repeat("é", maxSearch), http.StatusOK},
				{"Maju\x00Jaya", http.StatusOK},
			} {
				res, body := admin.get("/?q=" + url.QueryEscape(tc.q))
				if res.StatusCode != tc.status || (tc.status == 400 && !strings.Contains(body, "The search is too long")) {
					t.Errorf("inbox search of %d bytes: status %d, want %d with a message", len(tc.q), res.StatusCode, tc.status)
				}
				res, body = e.anon().apiCall("GET", "/api/v1/tickets?q="+url.QueryEscape(tc.q), "", tok)
				if res.StatusCode != tc.status || (tc.status == 400 && decodeErr(t, body).Code != loket.EInvalid) {
					t.Errorf("API search of %d bytes: status %d %.100s, want %d", len(tc.q), res.StatusCode, body, tc.status)
				}
			}
		})
	}
}

// TestOversizedFormIs413: a console form (URL-encoded or multipart) over
// the body limit is a 413 saying so, not "missing CSRF token", and
// changes nothing.
func TestOversizedFormIs413(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login(loket.RoleAdmin)
	before := len(e.activities())
	big := strings.Repeat("x", 2*maxBody)
	v := url.Values{"csrf": {c.csrf}, "text": {big}}
	res, body := c.postFormBody(e.ref()+"/note", v)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "too large") || strings.Contains(body, "expired") {
		t.Errorf("2 MB form: status %d, want 413 with a message", res.StatusCode)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", c.csrf)
	fw, _ := mw.CreateFormFile("file", "office.json")
	_, _ = fw.Write([]byte(big))
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/admin/office/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if res, _ := c.do(req); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized multipart form: status %d, want 413", res.StatusCode)
	}
	if n := len(e.activities()); n != before {
		t.Errorf("an oversized form changed the timeline: %d → %d", before, n)
	}
	// Under the limit the same form works.
	if res := c.postForm(e.ref()+"/note", url.Values{"text": {"kecil"}}); res.StatusCode >= 400 {
		t.Errorf("a small note: %d", res.StatusCode)
	}
}
