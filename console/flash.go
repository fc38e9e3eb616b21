package console

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// Post/redirect/get. A form that changed something answers with a
// redirect to its page, so reloading that page shows it again instead of
// sending the form a second time (a second API token, another generated
// password that silently replaces the one just written down, a second
// webhook). What the page says once — "saved", or a secret shown only
// this time — rides across the redirect in a flash cookie: sealed
// (AES-GCM) with a key derived from the session, so only that session's
// browser can have it opened, and only by the page it was meant for;
// the page opening it deletes it, so a reload no longer shows the
// secret. Nothing is kept on the server, and any replica can open it.
const (
	flashCookie = "loket_flash"
	flashTTL    = time.Minute
)

// flashKey is the sealing key of a's session.
func flashKey(a *auth) []byte {
	m := hmac.New(sha256.New, []byte(a.Session.TokenHash))
	m.Write([]byte("loket-console-flash"))
	return m.Sum(nil)
}

func flashAEAD(a *auth) (cipher.AEAD, error) {
	block, err := aes.NewCipher(flashKey(a))
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// seeOther answers a form with a redirect to the page at to (a path of
// the console, with a query or fragment if need be), carrying data for
// that page to show once. Without a session (an API token) it is a
// plain redirect.
func (c *Console) seeOther(w http.ResponseWriter, r *http.Request, a *auth, to string, data map[string]string) {
	if len(data) > 0 && a != nil && a.Session != nil {
		if v, err := sealFlash(a, pathOf(to), data); err == nil {
			http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: v, Path: "/", MaxAge: int(flashTTL / time.Second),
				HttpOnly: true, Secure: c.secureCookie(r), SameSite: http.SameSiteLaxMode})
		} else {
			c.log.Warn("console: seal flash", "err", err)
		}
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// pathOf is the path of a console address ("/account#tokens" → "/account").
func pathOf(to string) string {
	u, err := url.Parse(to)
	if err != nil {
		return to
	}
	return u.Path
}

func sealFlash(a *auth, path string, data map[string]string) (string, error) {
	aead, err := flashAEAD(a)
	if err != nil {
		return "", err
	}
	plain, err := json.Marshal(data)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, plain, []byte(path))), nil
}

// takeFlash returns what the redirect to this page carried, and deletes
// it; nil when there is none for this page and session. A live refresh
// (another tab's, at that instant) leaves it for the page it is meant for.
func (c *Console) takeFlash(w http.ResponseWriter, r *http.Request, a *auth) map[string]string {
	ck, err := r.Cookie(flashCookie)
	if err != nil || a == nil || a.Session == nil || r.Method != http.MethodGet || r.Header.Get("X-Loket-Refresh") != "" {
		return nil
	}
	sealed, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil {
		return nil
	}
	aead, err := flashAEAD(a)
	if err != nil || len(sealed) < aead.NonceSize() {
		return nil
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], []byte(r.URL.Path))
	if err != nil {
		return nil // another session's, or another page's
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: c.secureCookie(r), SameSite: http.SameSiteLaxMode})
	var data map[string]string
	if json.Unmarshal(plain, &data) != nil {
		return nil
	}
	return data
}
