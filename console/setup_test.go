package console

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"loket"
	"loket/internal/netguard"
	"loket/store/memory"
	"loket/store/sqlite"
	"loket/store/storetest"
)

const testPassword = "correct-horse-battery"

// env is a console over a real SQLite store and the in-process pub/sub
// and limiter, with one agent per role and one ticket.
type env struct {
	t       *testing.T
	store   *sqlite.Store
	clock   *loket.FixedClock
	con     *Console
	srv     *httptest.Server
	agents  map[loket.Role]*loket.Agent
	contact *loket.Contact
	ticket  *loket.Ticket

	mu   sync.Mutex
	woke []loket.Channel
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	st, err := sqlite.Open(ctx, migratedCopy(t), log)
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	clock := loket.NewFixedClock(time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC))
	eph := memory.New(clock)
	t.Cleanup(func() { eph.Close() })
	e := &env{t: t, store: st, clock: clock, agents: map[loket.Role]*loket.Agent{}}
	loc, _ := time.LoadLocation("Asia/Jakarta")
	e.con, err = New(Config{Location: loc, PollEvery: 50 * time.Millisecond, PasswordCost: bcrypt.MinCost}, Deps{
		Store: st, Events: eph, Limiter: eph, Clock: clock, Log: log,
		Wake:    func(ch loket.Channel) { e.mu.Lock(); e.woke = append(e.woke, ch); e.mu.Unlock() },
		Targets: netguard.New(nil),
	})
	if err != nil {
		t.Fatalf("console.New: %v", err)
	}
	e.srv = httptest.NewServer(e.con.Handler())
	// A browser's live-update stream stays open until the browser goes,
	// which is after this cleanup: close the connections, or Close waits
	// for the browser test's whole timeout.
	t.Cleanup(func() { e.srv.CloseClientConnections(); e.srv.Close() })
	hash, err := hashPassword(testPassword, bcrypt.MinCost) // the cheapest cost keeps each login fast under -race
	if err != nil {
		t.Fatal(err)
	}
	e.tx(func(tx storetest.Tx) error {
		for _, r := range []loket.Role{loket.RoleAgent, loket.RoleSupervisor, loket.RoleAdmin} {
			a := &loket.Agent{Username: string(r), Name: "Test " + string(r), Role: r, PasswordHash: hash, Lang: loket.LangEN, Active: true, CreatedAt: clock.Now()}
			if err := tx.SaveAgent(ctx, a); err != nil {
				return err
			}
			e.agents[r] = a
		}
		v := &loket.Vendor{Name: "CV Maju Jaya", Form: loket.FormCompany, NPWP: "012345678901234", Phone: "+628123456789"}
		if err := tx.SaveVendor(ctx, v); err != nil {
			return err
		}
		e.contact = &loket.Contact{Channel: loket.ChannelTelegram, ChatID: "555", Name: "Budi", Lang: loket.LangID, VendorID: v.ID}
		if err := tx.SaveContact(ctx, e.contact); err != nil {
			return err
		}
		e.ticket = &loket.Ticket{VendorID: v.ID, ContactID: e.contact.ID, Channel: loket.ChannelTelegram, Title: loket.RegistrationTitle,
			Type: loket.TypeRegistration, Status: loket.StatusNew, CreatedAt: clock.Now(), UpdatedAt: clock.Now()}
		return tx.CreateTicket(ctx, e.ticket)
	})
	return e
}

// migrated is a SQLite database with every migration applied, made once
// per test binary: each env opens a copy, so its migrations are not run
// again (most of an env's cost under -race).
var migrated struct {
	once sync.Once
	dir  string
	err  error
}

// TestMain removes the migrated database after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if migrated.dir != "" {
		os.RemoveAll(migrated.dir)
	}
	os.Exit(code)
}

// migratedCopy returns the path of a fresh copy of the migrated database
// in the test's temporary directory.
func migratedCopy(t *testing.T) string {
	t.Helper()
	migrated.once.Do(func() {
		if migrated.dir, migrated.err = os.MkdirTemp("", "loket-console-template-"); migrated.err != nil {
			return
		}
		st, err := sqlite.Open(context.Background(), filepath.Join(migrated.dir, "t.db"), nil)
		if err != nil {
			migrated.err = err
			return
		}
		migrated.err = st.Close()
	})
	if migrated.err != nil {
		t.Fatalf("migrated database: %v", migrated.err)
	}
	b, err := os.ReadFile(filepath.Join(migrated.dir, "t.db"))
	if err != nil {
		t.Fatalf("migrated database: %v", err)
	}
	path := filepath.Join(t.TempDir(), "t.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatalf("copy the migrated database: %v", err)
	}
	return path
}

func (e *env) tx(fn func(tx storetest.Tx) error) {
	e.t.Helper()
	if err := e.store.InTx(context.Background(), fn); err != nil {
		e.t.Fatalf("store: %v", err)
	}
}

// client is a browser-like client that does not follow redirects.
type client struct {
	e    *env
	http *http.Client
	csrf string
}

// anon is a client with no session whose browser asks for English (the
// test agents read the console in English too; i18n_test.go reads it in
// Indonesian).
func (e *env) anon() *client { return e.anonLang("en") }

// anonLang is a client with no session whose browser sends Accept-Language
// acceptLang ("" = none).
func (e *env) anonLang(acceptLang string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar, Transport: langTransport(acceptLang),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// langTransport adds an Accept-Language header to every request.
type langTransport string

func (l langTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if l != "" {
		r = r.Clone(r.Context())
		r.Header.Set("Accept-Language", string(l))
	}
	return http.DefaultTransport.RoundTrip(r)
}

// login logs in as the agent of role r and reads the CSRF token.
// setAgentLang saves lang as the console language of the role's agent.
func (e *env) setAgentLang(r loket.Role, lang loket.Lang) {
	e.t.Helper()
	e.tx(func(tx storetest.Tx) error {
		ag := e.agents[r]
		ag.Lang = lang
		return tx.SaveAgent(context.Background(), ag)
	})
}

func (e *env) login(r loket.Role) *client {
	e.t.Helper()
	c := e.anon()
	res := c.postForm("/login", url.Values{"username": {string(r)}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login as %s: status %d", r, res.StatusCode)
	}
	_, body := c.get("/account")
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		e.t.Fatalf("no CSRF token on /account")
	}
	c.csrf = m[1]
	return c
}

func (c *client) do(req *http.Request) (*http.Response, string) {
	c.e.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (c *client) get(path string) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	return c.do(req)
}

// postForm posts a form, adding the CSRF token when the client has one.
func (c *client) postForm(path string, v url.Values) *http.Response {
	if c.csrf != "" && v.Get("csrf") == "" {
		v.Set("csrf", c.csrf)
	}
	res, _ := c.postFormBody(path, v)
	return res
}

func (c *client) postFormBody(path string, v url.Values) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// activities returns the ticket's timeline.
func (e *env) activities() []loket.Activity {
	var acts []loket.Activity
	e.tx(func(tx storetest.Tx) error {
		var err error
		acts, err = tx.Activities(context.Background(), e.ticket.ID)
		return err
	})
	return acts
}

func (e *env) reloadTicket() *loket.Ticket {
	var t *loket.Ticket
	e.tx(func(tx storetest.Tx) error {
		var err error
		t, err = tx.TicketByID(context.Background(), e.ticket.ID)
		return err
	})
	return t
}

// addDoc puts a document of the given requirement, file name and
// content hash on the env's ticket (a one-page, 1,000-byte file).
func (e *env) addDoc(req, name, sha string) *loket.Document {
	doc := &loket.Document{TicketID: e.ticket.ID, Requirement: req, FileName: name, SHA256: sha, Size: 1000, Pages: 1, CreatedAt: e.clock.Now()}
	e.tx(func(tx storetest.Tx) error { return tx.AddDocument(context.Background(), doc) })
	return doc
}

// visitorTicket opens a ticket for a web chat visitor who has not
// registered: no name, no phone, no vendor.
func (e *env) visitorTicket(chatID string) *loket.Ticket {
	e.t.Helper()
	t := &loket.Ticket{Channel: loket.ChannelWebChat, Title: "Masalah aplikasi", Type: loket.TypeRegistration,
		Status: loket.StatusNew, CreatedAt: e.clock.Now(), UpdatedAt: e.clock.Now()}
	e.tx(func(tx storetest.Tx) error {
		ctx := context.Background()
		ct := &loket.Contact{Channel: loket.ChannelWebChat, ChatID: chatID, Lang: loket.LangID}
		if err := tx.SaveContact(ctx, ct); err != nil {
			return err
		}
		t.ContactID = ct.ID
		return tx.CreateTicket(ctx, t)
	})
	return t
}

func (e *env) ref() string { return "/tickets/" + itoa(e.ticket.Number) }

func itoa(n int64) string { return strconvFormat(n) }

func strconvFormat(n int64) string { return strconv.FormatInt(n, 10) }

// postFollow posts a form (with the CSRF token) and, when the answer is a
// redirect (post/redirect/get), gets the page it leads to, as a browser
// does; it returns the last answer.
func (c *client) postFollow(path string, v url.Values) (*http.Response, string) {
	if c.csrf != "" && v.Get("csrf") == "" {
		v.Set("csrf", c.csrf)
	}
	res, body := c.postFormBody(path, v)
	if res.StatusCode != http.StatusSeeOther {
		return res, body
	}
	loc, err := res.Request.URL.Parse(res.Header.Get("Location"))
	if err != nil {
		c.e.t.Fatalf("redirect from %s: %v", path, err)
	}
	return c.get(loc.RequestURI())
}
