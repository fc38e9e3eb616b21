package console

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"loket"
	"loket/store/memory"
	"loket/store/storetest"
)

// fakeWA is a WhatsApp session whose state the test sets.
type fakeWA struct {
	mu       sync.Mutex
	st       WhatsAppStatus
	pairs    int
	phone    string
	pairErr  error
	phoneErr error
}

func (f *fakeWA) Status() WhatsAppStatus { f.mu.Lock(); defer f.mu.Unlock(); return f.st }

func (f *fakeWA) set(st WhatsAppStatus) { f.mu.Lock(); f.st = st; f.mu.Unlock() }

func (f *fakeWA) StartPairing(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pairErr != nil {
		return f.pairErr
	}
	f.pairs++
	f.st.State = WAPairing
	return nil
}

func (f *fakeWA) StartPhonePairing(_ context.Context, phone string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.phoneErr != nil {
		return "", f.phoneErr
	}
	f.phone = phone
	f.st.State = WAPairing
	return "WXYZ-1234", nil
}

type fakeChannels struct {
	tg TelegramStatus
	wa *fakeWA // nil: not enabled
}

func (f fakeChannels) Telegram() TelegramStatus { return f.tg }

func (f fakeChannels) WhatsApp() WhatsAppControl {
	if f.wa == nil {
		return nil
	}
	return f.wa
}

// withChannels points e at a console built with ch (nil = Channels unset).
func withChannels(t *testing.T, e *env, ch Channels) {
	t.Helper()
	eph := memory.New(e.clock)
	t.Cleanup(func() { eph.Close() })
	loc, _ := time.LoadLocation("Asia/Jakarta")
	con, err := New(Config{Location: loc, PollEvery: 20 * time.Millisecond}, Deps{
		Store: e.store, Events: eph, Limiter: eph, Clock: e.clock, Log: slog.New(slog.DiscardHandler), Channels: ch,
	})
	if err != nil {
		t.Fatalf("console.New: %v", err)
	}
	e.con, e.srv = con, httptest.NewServer(con.Handler())
	srv := e.srv // a browser's live-update stream stays open: close it (see newEnv)
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close() })
}

const testQR = "2@AbCdEfGhIjKlMnOpQrStUvWxYz0123456789,bG9rZXQ=,cXI=,dGVzdA=="

func TestChannelsRoutesPerRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wa := &fakeWA{st: WhatsAppStatus{State: WAPairing, QRCode: testQR, Active: true, Since: e.clock.Now()}}
	withChannels(t, e, fakeChannels{wa: wa})
	type want struct{ anon, agent, supervisor, admin int }
	cases := []struct {
		method, path string
		form         url.Values
		want         want
	}{
		{"GET", "/admin/channels", nil, want{303, 403, 200, 200}},
		{"GET", "/admin/channels/whatsapp/qr.png", nil, want{303, 403, 403, 200}},
		{"GET", "/admin/channels/whatsapp/phone", nil, want{303, 403, 303, 303}},
		{"POST", "/admin/channels/whatsapp/pair", url.Values{}, want{401, 403, 403, 303}},
		{"POST", "/admin/channels/whatsapp/phone", url.Values{"phone": {"+62 812-3456-7890"}}, want{401, 403, 403, 200}},
	}
	clients := []struct {
		name string
		c    *client
		pick func(want) int
	}{
		{"anonymous", e.anon(), func(w want) int { return w.anon }},
		{"agent", e.login(loket.RoleAgent), func(w want) int { return w.agent }},
		{"supervisor", e.login(loket.RoleSupervisor), func(w want) int { return w.supervisor }},
		{"admin", e.login(loket.RoleAdmin), func(w want) int { return w.admin }},
	}
	for _, tc := range cases {
		for _, cl := range clients {
			wa.set(WhatsAppStatus{State: WALoggedOut, Active: true}) // pairing allowed…
			if tc.method == "GET" {
				wa.set(WhatsAppStatus{State: WAPairing, QRCode: testQR, Active: true}) // …or a QR live
			}
			var res *http.Response
			if tc.form != nil {
				v := url.Values{}
				for k, x := range tc.form {
					v[k] = x
				}
				res = cl.c.postForm(tc.path, v)
			} else {
				res, _ = cl.c.get(tc.path)
			}
			if got, w := res.StatusCode, cl.pick(tc.want); got != w {
				t.Errorf("%s %s as %s: status %d, want %d", tc.method, tc.path, cl.name, got, w)
			}
		}
	}
	if wa.pairs != 1 || wa.phone != "6281234567890" {
		t.Errorf("StartPairing ran %d times, phone %q; want once and 6281234567890 (admins only)", wa.pairs, wa.phone)
	}
}

func TestStartPairingNeedsCSRF(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wa := &fakeWA{st: WhatsAppStatus{State: WALoggedOut, Active: true}}
	withChannels(t, e, fakeChannels{wa: wa})
	admin := e.login(loket.RoleAdmin)
	for _, token := range []string{"", "forged"} {
		res, _ := admin.postFormBody("/admin/channels/whatsapp/pair", url.Values{"csrf": {token}})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("csrf %q: status %d, want 403", token, res.StatusCode)
		}
	}
	if wa.pairs != 0 {
		t.Fatal("pairing started without a valid CSRF token")
	}
	if res := admin.postForm("/admin/channels/whatsapp/pair", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("with the token: status %d", res.StatusCode)
	}
	if wa.pairs != 1 {
		t.Fatal("StartPairing was not called")
	}
	var found bool
	e.tx(func(tx storetest.Tx) error {
		entries, err := tx.ListAudit(context.Background(), "channel:whatsapp", 10)
		for _, entry := range entries {
			found = found || entry.Action == "whatsapp.pair"
		}
		return err
	})
	if !found {
		t.Error("starting a pairing is not in the audit log")
	}
}

func TestWhatsAppQRImage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wa := &fakeWA{st: WhatsAppStatus{State: WALoggedOut, Active: true}}
	withChannels(t, e, fakeChannels{wa: wa})
	admin := e.login(loket.RoleAdmin)
	if res, _ := admin.get("/admin/channels/whatsapp/qr.png"); res.StatusCode != http.StatusNotFound {
		t.Errorf("no pairing: status %d, want 404", res.StatusCode)
	}
	wa.set(WhatsAppStatus{State: WAPairing, QRCode: testQR, Active: true})
	res, body := admin.get("/admin/channels/whatsapp/qr.png")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("status %d, headers %v", res.StatusCode, res.Header)
	}
	img, err := png.Decode(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	q, _ := qrcode.New(testQR, qrcode.Low)
	bm := q.Bitmap()
	if w := img.Bounds().Dx(); w != len(bm)*6 {
		t.Fatalf("image %d px wide, want %d (6 px a module)", w, len(bm)*6)
	}
	for y := range bm {
		for x := range bm[y] {
			r, _, _, _ := img.At(x*6+3, y*6+3).RGBA()
			if dark := r < 0x8000; dark != bm[y][x] {
				t.Fatalf("module (%d,%d): dark=%v, want %v", x, y, dark, bm[y][x])
			}
		}
	}
	// the page shows the image to admins, not to supervisors
	_, page := admin.get("/admin/channels")
	if !strings.Contains(page, `src="/admin/channels/whatsapp/qr.png?v=`) || !strings.Contains(page, "Link a device") {
		t.Errorf("admin page lacks the QR image:\n%s", page)
	}
	_, page = e.login(loket.RoleSupervisor).get("/admin/channels")
	if strings.Contains(page, "qr.png") || !strings.Contains(page, "an admin sees the QR code") {
		t.Errorf("supervisor page shows the QR or lacks the note:\n%s", page)
	}
}

func TestChannelsPageStates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	since := e.clock.Now().Add(-time.Hour)
	wa := &fakeWA{}
	withChannels(t, e, fakeChannels{wa: wa, tg: TelegramStatus{Enabled: true, Mode: "webhook", Username: "loket_bot", LastError: "Bad <Gateway>"}})
	admin := e.login(loket.RoleAdmin)
	cases := []struct {
		st       WhatsAppStatus
		want     []string
		wantNot  []string
		canStart bool
	}{
		{WhatsAppStatus{State: WAConnected, JID: "6285500000000@s.whatsapp.net", Active: true, Since: since},
			[]string{"Connected as &#43;6285500000000"}, []string{"needs attention", "Start pairing"}, false},
		{WhatsAppStatus{State: WALoggedOut, Active: true, Since: since},
			[]string{"Logged out", "Channel needs attention", "Start pairing", "Pair by phone number"}, nil, true},
		{WhatsAppStatus{State: WABanned, Detail: "banned until 02 Mar 12:00", Active: true, Since: since},
			[]string{"Temporarily banned", "banned until 02 Mar 12:00", "Channel needs attention"}, []string{"Start pairing"}, false},
		{WhatsAppStatus{State: WADisconnected, Detail: "another process connected with this session", Active: true, Since: since},
			[]string{"another process connected", "Channel needs attention"}, nil, false},
		{WhatsAppStatus{State: WAReconnecting, Active: true, Since: e.clock.Now().Add(-time.Minute)},
			[]string{"Reconnecting"}, []string{"Channel needs attention"}, false},
		{WhatsAppStatus{State: WAReconnecting, Active: true, Since: since},
			[]string{"Reconnecting", "Channel needs attention"}, nil, false},
		{WhatsAppStatus{State: WALoggedOut, Active: false, Since: since},
			[]string{"does not hold the WhatsApp session"}, []string{"Channel needs attention", "Start pairing"}, false},
	}
	for _, tc := range cases {
		wa.set(tc.st)
		res, page := admin.get("/admin/channels")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", tc.st.State, res.StatusCode)
		}
		for _, s := range append(tc.want, "@loket_bot", "Webhook", "Bad &lt;Gateway&gt;") {
			if !strings.Contains(page, s) {
				t.Errorf("%s/%v: page lacks %q", tc.st.State, tc.st.Active, s)
			}
		}
		for _, s := range tc.wantNot {
			if strings.Contains(page, s) {
				t.Errorf("%s/%v: page shows %q", tc.st.State, tc.st.Active, s)
			}
		}
	}
}

func TestChannelBannerOnEveryPageForAdmins(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wa := &fakeWA{st: WhatsAppStatus{State: WABanned, Detail: "until tomorrow", Active: true, Since: e.clock.Now()}}
	withChannels(t, e, fakeChannels{wa: wa})
	admin, agent, sup := e.login(loket.RoleAdmin), e.login(loket.RoleAgent), e.login(loket.RoleSupervisor)
	for _, path := range []string{"/", e.ref(), "/account", "/calendar", "/reports", "/admin/agents", "/admin/hours", "/admin/channels"} {
		_, body := admin.get(path)
		if !strings.Contains(body, `role="alert"><strong>Channel needs attention.</strong> WhatsApp has temporarily banned the number`) {
			t.Errorf("admin page %s lacks the banner", path)
		}
	}
	for _, cl := range []*client{agent, sup} {
		if _, body := cl.get("/"); strings.Contains(body, "Channel needs attention") {
			t.Error("the banner is shown to a non-admin")
		}
	}
	wa.set(WhatsAppStatus{State: WAConnected, JID: "62855@s.whatsapp.net", Active: true})
	if _, body := admin.get("/"); strings.Contains(body, "Channel needs attention") {
		t.Error("the banner stays once connected")
	}
}

func TestChannelsNotEnabled(t *testing.T) {
	t.Parallel()
	for name, ch := range map[string]Channels{"nil Channels": nil, "no WhatsApp": fakeChannels{}} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			withChannels(t, e, ch)
			admin := e.login(loket.RoleAdmin)
			res, page := admin.get("/admin/channels")
			if res.StatusCode != http.StatusOK || !strings.Contains(page, "Telegram is not enabled") || !strings.Contains(page, "WhatsApp is not enabled") {
				t.Errorf("status %d, page:\n%s", res.StatusCode, page)
			}
			if strings.Contains(page, "Channel needs attention") {
				t.Error("banner without WhatsApp")
			}
			for _, p := range []string{"/admin/channels/whatsapp/pair", "/admin/channels/whatsapp/phone"} {
				if res := admin.postForm(p, url.Values{"phone": {"6281234567890"}}); res.StatusCode != http.StatusNotFound {
					t.Errorf("POST %s: status %d, want 404", p, res.StatusCode)
				}
			}
			if res, _ := admin.get("/admin/channels/whatsapp/qr.png"); res.StatusCode != http.StatusNotFound {
				t.Errorf("qr.png: status %d, want 404", res.StatusCode)
			}
		})
	}
}

func TestPhonePairing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wa := &fakeWA{st: WhatsAppStatus{State: WALoggedOut, Active: true}}
	withChannels(t, e, fakeChannels{wa: wa})
	admin := e.login(loket.RoleAdmin)
	for _, bad := range []string{"", "0812345678", "62812abc", "1234567"} {
		res, body := admin.postFormBody("/admin/channels/whatsapp/phone", url.Values{"phone": {bad}, "csrf": {admin.csrf}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "international form") {
			t.Errorf("phone %q: status %d", bad, res.StatusCode)
		}
	}
	if wa.phone != "" {
		t.Fatal("a bad number reached StartPhonePairing")
	}
	res, body := admin.postFormBody("/admin/channels/whatsapp/phone", url.Values{"phone": {"+62 812 3456 7890"}, "csrf": {admin.csrf}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "WXYZ-1234") || !strings.Contains(body, "&#43;6281234567890") {
		t.Errorf("status %d, body:\n%s", res.StatusCode, body)
	}
	wa.set(WhatsAppStatus{State: WALoggedOut, Active: true})
	wa.phoneErr = errors.New("whatsapp: a pairing is already in progress")
	res, body = admin.postFormBody("/admin/channels/whatsapp/phone", url.Values{"phone": {"6281234567890"}, "csrf": {admin.csrf}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "already in progress") {
		t.Errorf("failing pairing: status %d", res.StatusCode)
	}
}

func TestChannelEventsStream(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wa := &fakeWA{st: WhatsAppStatus{State: WALoggedOut, Active: true}}
	withChannels(t, e, fakeChannels{wa: wa})
	sup := e.login(loket.RoleSupervisor)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+"/admin/channels/events", nil)
	res, err := sup.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("content type %q", res.Header.Get("Content-Type"))
	}
	buf := make([]byte, 256)
	n, _ := res.Body.Read(buf) // "retry: …": the stream is open
	if !bytes.Contains(buf[:n], []byte("retry:")) {
		t.Fatalf("first bytes %q", buf[:n])
	}
	wa.set(WhatsAppStatus{State: WAPairing, QRCode: testQR, Active: true})
	var got []byte
	for !bytes.Contains(got, []byte("event: change")) {
		n, err := res.Body.Read(buf)
		if err != nil {
			t.Fatalf("stream ended before a change event: %v (got %q)", err, got)
		}
		got = append(got, buf[:n]...)
	}
}
