package console

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket"
	"loket/internal/testkit"
	"loket/store/storetest"
)

// postCounter counts the forms a browser sent, by path.
type postCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (p *postCounter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			p.mu.Lock()
			p.n[r.URL.Path]++
			p.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	})
}

func (p *postCounter) of(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n[path]
}

// TestBrowserReloadSendsNothingTwice: reloading the page shown after a
// form sends nothing again. A new API token's secret shows once, and a
// reload neither shows it again nor creates a second token; a refused
// login, password change or reply shows the page's own address, so a
// reload shows the page instead of posting the form again (the browser
// offered to re-post it, and a login page re-sent the password).
func TestBrowserReloadSendsNothingTwice(t *testing.T) {
	ctx, _ := testkit.Browser(t, 1280, 900, 60*time.Second)
	e := newEnv(t)
	posts := &postCounter{n: map[string]int{}}
	srv := httptest.NewServer(posts.wrap(e.con.Handler()))
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close() })
	// location is the page's address once its script has run (it replaces
	// the address of a page answering a refused form), or after 2 s.
	location := func() string {
		var s string
		for range 40 {
			ready, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete"`))
			if err != nil {
				t.Fatalf("ready state: %v", err)
			}
			if s, err = chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`)); err != nil {
				t.Fatalf("location: %v", err)
			}
			if ready {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		return s
	}
	has := func(sel string) bool {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector(`+"`"+sel+"`"+`)`))
		if err != nil {
			t.Fatalf("query %s: %v", sel, err)
		}
		return ok
	}
	reload := func(ready string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(ready))); err != nil {
			t.Fatalf("reload: %v", err)
		}
	}

	// A wrong password, then a reload.
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/login?next=/account"),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), "admin"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "wrong-password"),
		chromedp.Click(chromedp.CSS(`#login`)),
		chromedp.WaitVisible(chromedp.CSS(`p.error`)),
	)
	if err != nil {
		t.Fatalf("wrong password: %v", err)
	}
	if got := location(); got != "/login?next=%2Faccount" {
		t.Errorf("after a refused login the address is %q", got)
	}
	reload(`#username`)
	if n := posts.of("/login"); n != 1 {
		t.Errorf("a reload after a refused login posted it again: %d posts", n)
	}

	// A new API token, then a reload.
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#username`), "admin"),
		chromedp.SendKeys(chromedp.CSS(`#password`), testPassword),
		chromedp.Click(chromedp.CSS(`#login`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=name]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "laporan bulanan"),
		chromedp.Submit(chromedp.CSS(`input[name=name]`)),
		chromedp.WaitVisible(chromedp.CSS(`#api-token`)),
	)
	if err != nil {
		t.Fatalf("create a token: %v", err)
	}
	secret, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#api-token`)))
	if err != nil || !strings.HasPrefix(secret, "lkt_") {
		t.Fatalf("the new token's secret is not shown: %q %v", secret, err)
	}
	if got := location(); got != "/account" {
		t.Errorf("after creating a token the address is %q", got)
	}
	reload(`#tokens`)
	if has(`#api-token`) {
		t.Errorf("a reload shows the token's secret again")
	}
	var toks []loket.APIToken
	e.tx(func(tx storetest.Tx) error {
		var err error
		toks, err = tx.ListAPITokens(t.Context(), e.agents[loket.RoleAdmin].ID)
		return err
	})
	if len(toks) != 1 || posts.of("/account/tokens") != 1 {
		t.Errorf("after a reload: %d tokens, %d posts; want 1 and 1", len(toks), posts.of("/account/tokens"))
	}

	// A refused password change, then a reload.
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`input[name=current]`), testPassword),
		chromedp.SendKeys(chromedp.CSS(`input[name=new]`), "a-new-long-password"),
		chromedp.SendKeys(chromedp.CSS(`input[name=repeat]`), "another-long-password"),
		chromedp.Submit(chromedp.CSS(`input[name=repeat]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.error`)),
	)
	if err != nil {
		t.Fatalf("refused password change: %v", err)
	}
	if got := location(); got != "/account" {
		t.Errorf("after a refused password change the address is %q", got)
	}
	reload(`#tokens`)
	if n := posts.of("/account/password"); n != 1 {
		t.Errorf("a reload posted the password change again: %d posts", n)
	}

	// A refused reply (only spaces), then a reload: the ticket page.
	ref := e.ref()
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+ref),
		chromedp.WaitVisible(chromedp.CSS(`#reply-text`)),
		chromedp.SendKeys(chromedp.CSS(`#reply-text`), "   "),
		chromedp.Click(chromedp.CSS(`#send-reply`)),
		chromedp.WaitVisible(chromedp.CSS(`#reply-error`)),
	)
	if err != nil {
		t.Fatalf("refused reply: %v", err)
	}
	if got := location(); got != ref {
		t.Errorf("after a refused reply the address is %q, want %q", got, ref)
	}
	reload(`#reply-text`)
	if n := posts.of(ref + "/reply"); n != 1 {
		t.Errorf("a reload posted the reply again: %d posts", n)
	}
}
