package console

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/netip"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/internal/clientaddr"
	"loket/store/storetest"
)

// behindProxy makes the console believe X-Forwarded-For from the test
// client (127.0.0.1), as behind a reverse proxy listed in
// LOKET_TRUSTED_PROXIES, so each test client can have its own address.
func behindProxy(e *env) {
	e.con.cfg.Clients = clientaddr.New([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, "")
}

// from is a client with no session whose requests come from addr.
func (e *env) from(addr string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar, Transport: fwdTransport(addr),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type fwdTransport string

func (f fwdTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", string(f))
	r.Header.Set("Accept-Language", "en")
	return http.DefaultTransport.RoundTrip(r)
}

func (c *client) tryLogin(user, pw string) (int, string) {
	res, body := c.postFormBody("/login", url.Values{"username": {user}, "password": {pw}})
	return res.StatusCode, res.Header.Get("Retry-After") + " " + body
}

// TestLoginGuesserCannotLockTheOwnerOut: a guesser at one address who
// keeps failing on "admin" is slowed down, while the owner at another
// address still logs in at once.
func TestLoginGuesserCannotLockTheOwnerOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	behindProxy(e)
	attacker, owner := e.from("203.0.113.9"), e.from("198.51.100.7")
	for i := range loginFreePerUser {
		if code, _ := attacker.tryLogin("admin", "guess"+strconv.Itoa(i)); code != http.StatusUnauthorized {
			t.Fatalf("guess %d: status %d, want 401", i+1, code)
		}
	}
	code, info := attacker.tryLogin("admin", testPassword)
	if code != http.StatusTooManyRequests || strings.HasPrefix(info, " ") || !strings.Contains(info, "Try again in") {
		t.Fatalf("guesser after %d failures: status %d (%q), want 429 with Retry-After", loginFreePerUser, code, info[:min(len(info), 80)])
	}
	if code, _ := owner.tryLogin("admin", testPassword); code != http.StatusSeeOther {
		t.Fatalf("owner at another address: status %d, want 303 (not locked out)", code)
	}
	// One wrong try every three minutes from the guesser changes nothing for the owner.
	for range 3 {
		e.clock.Advance(3 * time.Minute)
		attacker.tryLogin("admin", "again")
		if code, _ := e.from("198.51.100.7").tryLogin("admin", testPassword); code != http.StatusSeeOther {
			t.Fatalf("owner while the guesser keeps trying: status %d, want 303", code)
		}
	}
}

// TestLoginSuccessIsNeverSpent: logging in again and again is never
// limited, and a success forgets the earlier failures.
func TestLoginSuccessIsNeverSpent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	behindProxy(e)
	for i := range 3 * loginFreePerUser {
		if code, _ := e.from("198.51.100.7").tryLogin("agent", testPassword); code != http.StatusSeeOther {
			t.Fatalf("login %d: status %d, want 303", i+1, code)
		}
	}
	c := e.from("198.51.100.7")
	for round := range 3 {
		for i := range loginFreePerUser - 1 {
			if code, _ := c.tryLogin("agent", "typo"); code != http.StatusUnauthorized {
				t.Fatalf("round %d typo %d: status %d, want 401", round, i+1, code)
			}
		}
		if code, _ := c.tryLogin("agent", testPassword); code != http.StatusSeeOther {
			t.Fatalf("round %d: success after typos: status %d", round, code)
		}
	}
}

// TestLoginDelayGrows: past the free failures each wait doubles.
func TestLoginDelayGrows(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	behindProxy(e)
	c := e.from("203.0.113.9")
	for range loginFreePerUser {
		c.tryLogin("agent", "wrong")
	}
	for _, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second} {
		e.clock.Advance(wait - time.Second/2)
		if code, _ := c.tryLogin("agent", testPassword); code != http.StatusTooManyRequests {
			t.Fatalf("before %v passed: status %d, want 429", wait, code)
		}
		e.clock.Advance(time.Second / 2)
		if code, _ := c.tryLogin("agent", "wrong"); code != http.StatusUnauthorized {
			t.Fatalf("after %v: status %d, want the password checked (401)", wait, code)
		}
	}
	if d := loginDelay(1000, loginFreePerUser); d != loginMaxDelay {
		t.Fatalf("delay after 1000 failures %v, want the cap %v", d, loginMaxDelay)
	}
	// The right password after the wait logs in and clears the count.
	e.clock.Advance(16 * time.Second)
	if code, _ := c.tryLogin("agent", testPassword); code != http.StatusSeeOther {
		t.Fatalf("after the wait: status %d, want 303", code)
	}
	if code, _ := c.tryLogin("agent", "wrong"); code != http.StatusUnauthorized {
		t.Fatalf("after a success: status %d, want 401 (no wait)", code)
	}
}

// TestLoginPerAddressLimit: one address trying many usernames is slowed
// down too; other addresses are not.
func TestLoginPerAddressLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	behindProxy(e)
	c := e.from("203.0.113.9")
	for i := range loginFreePerAddr {
		if code, _ := c.tryLogin("nobody"+strconv.Itoa(i), "x"); code != http.StatusUnauthorized {
			t.Fatalf("try %d: status %d", i+1, code)
		}
	}
	if code, _ := c.tryLogin("admin", testPassword); code != http.StatusTooManyRequests {
		t.Fatalf("after %d failures from one address: status %d, want 429", loginFreePerAddr, code)
	}
	if code, _ := e.from("203.0.113.10").tryLogin("admin", testPassword); code != http.StatusSeeOther {
		t.Fatalf("another address: status %d, want 303", code)
	}
	// Without a trusted proxy, X-Forwarded-For is ignored: everyone is 127.0.0.1.
	e2 := newEnv(t)
	for i := range loginFreePerAddr {
		e2.from("192.0.2."+strconv.Itoa(i+1)).tryLogin("nobody"+strconv.Itoa(i), "x")
	}
	if code, _ := e2.from("192.0.2.200").tryLogin("admin", testPassword); code != http.StatusTooManyRequests {
		t.Fatalf("forged X-Forwarded-For from an untrusted peer: status %d, want 429 (the peer's own count)", code)
	}
}

// TestFailedLoginsAudited: an admin sees in the audit log who guessed
// which username from where, never the password; a deactivated agent's
// try says so; and an attacker with many addresses cannot fill the log:
// past loginAuditPerHour failures in an hour one entry says the rest is
// not written, and the next hour is written again.
func TestFailedLoginsAudited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	behindProxy(e)
	e.tx(func(tx storetest.Tx) error {
		ag := &loket.Agent{Username: "mantan", Name: "Mantan Petugas", Role: loket.RoleAgent, PasswordHash: e.agents[loket.RoleAgent].PasswordHash, Active: false, CreatedAt: e.clock.Now()}
		return tx.SaveAgent(context.Background(), ag)
	})
	e.from("203.0.113.9").tryLogin("admin", "secret-guess-1")
	e.from("203.0.113.9").tryLogin("root\x00\n<b>", "secret-guess-2")
	e.from("203.0.113.9").tryLogin(strings.Repeat("x", 500), "secret-guess-3")
	e.from("198.51.100.4").tryLogin("mantan", testPassword)
	if code, _ := e.from("198.51.100.7").tryLogin("agent", testPassword); code != http.StatusSeeOther {
		t.Fatalf("right password: %d", code)
	}
	entries := e.audits("")
	var failed []loket.Audit
	for _, a := range entries {
		if strings.Contains(a.Detail, "secret-guess") || strings.Contains(a.Detail, testPassword) {
			t.Errorf("a password is in the audit log: %+v", a)
		}
		if strings.HasPrefix(a.Action, "agent.login_") {
			failed = append(failed, a)
		}
	}
	if len(failed) != 4 {
		t.Fatalf("failed logins audited: %+v; want 4", failed)
	}
	// Newest first.
	if a := failed[0]; a.Action != "agent.login_inactive" || !strings.HasPrefix(a.Detail, "mantan (agent:") || a.RemoteIP != "198.51.100.4" || a.Object != "login" {
		t.Errorf("deactivated agent's try: %+v", a)
	}
	if a := failed[1]; a.Action != "agent.login_failed" || len([]rune(a.Detail)) != loginAuditNameMax+1 || a.Object != "login" {
		t.Errorf("a long username: %+v; want it cut", a)
	}
	if a := failed[2]; a.Detail != "root <b>" || a.Object != "login" {
		t.Errorf("a username with control characters: %q", a.Detail)
	}
	if a := failed[3]; a.Detail != fmt.Sprintf("admin (agent:%d)", e.agents[loket.RoleAdmin].ID) || a.Object != "login" || a.RemoteIP != "203.0.113.9" || a.AgentID != 0 {
		t.Errorf("a guess at admin: %+v", a)
	}
	admin := e.login(loket.RoleAdmin)
	_, body := admin.get("/admin/audit?object=login")
	if !strings.Contains(body, "failed login") || !strings.Contains(body, "root") || !strings.Contains(body, "admin (agent:") || !strings.Contains(body, "203.0.113.9") {
		t.Errorf("the audit page does not show the failed logins in words: %.2000s", body)
	}

	// Many addresses, one try each: the log stops at the budget.
	e2 := newEnv(t)
	behindProxy(e2)
	count := func() (failed, unrecorded int) {
		var all []loket.Audit
		e2.tx(func(tx storetest.Tx) error {
			var err error
			all, err = tx.ListAudit(context.Background(), "login", 1000)
			return err
		})
		for _, a := range all {
			switch a.Action {
			case "agent.login_failed":
				failed++
			case "agent.login_failed_unrecorded":
				unrecorded++
			}
		}
		return
	}
	for i := range loginAuditPerHour + 50 {
		e2.from(fmt.Sprintf("10.1.%d.%d", i/250, i%250+1)).tryLogin("nobody", "x")
	}
	if f, u := count(); f != loginAuditPerHour || u != 1 {
		t.Errorf("after %d failures from as many addresses: %d written, %d notes; want %d and 1", loginAuditPerHour+50, f, u, loginAuditPerHour)
	}
	e2.clock.Advance(time.Hour)
	e2.from("10.9.9.9").tryLogin("nobody", "x")
	if f, u := count(); f != loginAuditPerHour+1 || u != 1 {
		t.Errorf("the next hour: %d written, %d notes; want one more written", f, u)
	}
}

// TestLoginLongUsernameKeptShort: a megabyte of username is counted under
// a key of a few dozen bytes (each failure keeps its key for an hour, in
// Redis or in process), and still counted as itself.
func TestLoginLongUsernameKeptShort(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 1<<20)
	if k := loginUserKey(long, "203.0.113.9"); len(k) > 128 {
		t.Errorf("the key of a 1 MB username is %d bytes", len(k))
	}
	if loginUserKey(long, "203.0.113.9") == loginUserKey(long+"b", "203.0.113.9") || loginUserKey("admin", "x") != "console:login:user:x:admin" {
		t.Errorf("usernames are not told apart, or a short one changed")
	}
	e := newEnv(t)
	behindProxy(e)
	c := e.from("203.0.113.9")
	long = long[:500<<10] // under the form's 1 MB
	for range loginFreePerUser {
		c.tryLogin(long, "x")
	}
	if code, _ := c.tryLogin(long, "x"); code != http.StatusTooManyRequests {
		t.Errorf("a long username's failures are not counted: %d", code)
	}
}

// TestPasswordChangeGuessesLimited: whoever holds a session someone left
// open cannot learn the password by trying current passwords one after
// another on /account: past the free failures each try waits, as a login
// does, and the right one afterwards changes it.
func TestPasswordChangeGuessesLimited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login(loket.RoleAgent)
	change := func(current string) int {
		res := c.postForm("/account/password", url.Values{"current": {current}, "new": {"another-long-secret"}, "repeat": {"another-long-secret"}})
		return res.StatusCode
	}
	for i := range loginFreePerUser {
		if code := change("guess" + strconv.Itoa(i)); code != http.StatusBadRequest {
			t.Fatalf("guess %d: %d, want 400", i+1, code)
		}
	}
	if code := change(testPassword); code != http.StatusTooManyRequests {
		t.Fatalf("after %d wrong current passwords: %d, want 429", loginFreePerUser, code)
	}
	e.clock.Advance(2 * time.Second)
	if code := change(testPassword); code != http.StatusSeeOther {
		t.Fatalf("the right password after the wait: %d, want 303", code)
	}
}

// TestLoginWaitsForATurn: at most half the cores check passwords at once
// (bcrypt); a login that cannot get a turn in time is told to try again
// in a moment, and gets in once a turn is free.
func TestLoginWaitsForATurn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.con.checkWait = 50 * time.Millisecond
	for range cap(e.con.checks) {
		e.con.checks <- struct{}{}
	}
	res, body := e.anon().postFormBody("/login", url.Values{"username": {"agent"}, "password": {testPassword}})
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "try again in a few seconds") {
		t.Fatalf("login while every turn is taken: %d %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	for range cap(e.con.checks) {
		<-e.con.checks
	}
	if res, _ := e.anon().postFormBody("/login", url.Values{"username": {"agent"}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login with a turn free: %d", res.StatusCode)
	}
	if n := passwordChecksAtOnce(); n < 1 || n > max(1, runtime.GOMAXPROCS(0)) {
		t.Errorf("%d password checks at once", n)
	}
}
