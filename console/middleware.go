package console

import (
	"net/http"
	"net/url"
	"strings"

	"loket"
)

const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// maxBody caps request bodies of forms and API calls.
const maxBody = 1 << 20

// secure sets the security headers on every response, caps request
// bodies and refuses cross-site state-changing requests.
func (c *Console) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
			if c.crossOrigin.Check(r) != nil {
				err := userErr(loket.EForbidden, "error.cross_site")
				if isAPI(r) {
					c.writeAPIError(w, r, err)
				} else {
					c.writePageError(w, r, nil, err)
				}
				return
			}
		}
		if err := cleanRequest(r); err != nil {
			tooBig := userErr(loket.ETooLarge, "error.form_too_large", "max", maxBody>>10)
			if isAPI(r) {
				c.writeAPIError(w, r, tooBig)
			} else {
				c.writePageError(w, r, nil, tooBig)
			}
			return
		}
		next.ServeHTTP(w, r)
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// pageFunc handles a console page for an authenticated agent.
type pageFunc func(w http.ResponseWriter, r *http.Request, a *auth) error

// page registers a console route that needs a session and at least role
// min. Anonymous GETs are sent to the login page.
func (c *Console) page(pattern string, min loket.Role, h pageFunc) {
	c.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		a, err := c.fromSession(r.Context(), r)
		if err != nil {
			c.writePageError(w, r, nil, err)
			return
		}
		if a == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			// A form sent after the session ended: logging in again leads
			// back to the page the form was on (the ticket, not the inbox),
			// where a reply being written is still in the box (console.js).
			back := "/"
			if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
				back = safeNext(ref.RequestURI())
			}
			msg := c.errText(readerLang(r, nil), userErr(loket.EUnauthorized, "error.login_again"))
			c.render(w, r, http.StatusUnauthorized, "error", nil, map[string]any{"Status": http.StatusUnauthorized, "Message": msg,
				"Login": "/login?next=" + url.QueryEscape(back)})
			return
		}
		if err := checkCSRF(r, a); err != nil {
			c.writePageError(w, r, a, err)
			return
		}
		if err := requireRole(a, min); err != nil {
			c.writePageError(w, r, a, err)
			return
		}
		if err := h(w, r, a); err != nil {
			c.writePageError(w, r, a, err)
		}
	})
}

// apiFunc handles an API call for an authenticated agent.
type apiFunc func(w http.ResponseWriter, r *http.Request, a *auth) error

// api registers a REST route that needs a bearer token (or a console
// session plus its CSRF token) and at least role min.
func (c *Console) api(pattern string, min loket.Role, h apiFunc) {
	c.apiRoutes = append(c.apiRoutes, pattern)
	c.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		a, err := c.apiAuth(r)
		if err == nil {
			err = requireRole(a, min)
		}
		if err == nil {
			err = h(w, r, a)
		}
		if err != nil {
			c.writeAPIError(w, r, err)
		}
	})
}

func (c *Console) apiAuth(r *http.Request) (*auth, error) {
	a, hadBearer, err := c.fromBearer(r.Context(), r)
	if hadBearer || err != nil {
		return a, err
	}
	a, err = c.fromSession(r.Context(), r)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, userErr(loket.EUnauthorized, "error.bearer")
	}
	if err := checkCSRF(r, a); err != nil {
		return nil, err
	}
	return a, nil
}
