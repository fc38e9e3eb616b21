package whatsappcloud

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
)

// maxWebhookBody bounds one webhook delivery (Meta batches up to a few
// hundred KB).
const maxWebhookBody = 4 << 20

// WebhookHandler serves GET and POST /whatsapp/webhook.
//
// GET is Meta's subscription handshake: hub.mode=subscribe with the
// configured verify token echoes hub.challenge; anything else is 403.
//
// POST checks X-Hub-Signature-256 against the app secret in constant time
// (missing or wrong: 401/403, nothing recorded), records the messages
// through the running Run's sink and answers 200 only after that (500
// makes Meta deliver again; a redelivered message is recognised by its
// wamid). Delivery statuses go to Config.Statuses the same way.
func (c *Channel) WebhookHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			c.handshake(w, r)
		case http.MethodPost:
			c.receive(w, r)
		default:
			w.Header().Set("Allow", "GET, POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		}
	})
}

func (c *Channel) handshake(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	tok := q.Get("hub.verify_token")
	if q.Get("hub.mode") != "subscribe" || subtle.ConstantTimeCompare([]byte(tok), []byte(c.cfg.VerifyToken)) != 1 {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, q.Get("hub.challenge"))
}

// validSignature checks header "sha256=<hex>" against HMAC-SHA256(body).
func validSignature(secret string, body []byte, header string) bool {
	hexSig, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

func (c *Channel) receive(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "read error", http.StatusBadRequest)
		return
	}
	sig := r.Header.Get("X-Hub-Signature-256")
	if sig == "" {
		http.Error(w, "unsigned", http.StatusUnauthorized)
		return
	}
	if !validSignature(c.cfg.AppSecret, body, sig) {
		c.log.Warn("whatsapp cloud: webhook with a wrong signature refused", "remote", r.RemoteAddr)
		http.Error(w, "bad signature", http.StatusForbidden)
		return
	}
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	box := c.sink.Load()
	if box == nil {
		http.Error(w, "not ready", http.StatusServiceUnavailable)
		return
	}
	msgs, statuses := convert(&p, c.cfg.PhoneID, c.now())
	ctx := r.Context()
	if len(msgs) > 0 {
		if err := box.Accept(ctx, msgs...); err != nil {
			c.log.Warn("whatsapp cloud: webhook messages not recorded; Meta will deliver again", "err", err)
			http.Error(w, "not recorded", http.StatusInternalServerError)
			return
		}
	}
	if len(statuses) > 0 {
		if err := c.recordStatuses(ctx, box.Sink, statuses); err != nil {
			c.log.Warn("whatsapp cloud: delivery statuses not recorded; Meta will deliver again", "err", err)
			http.Error(w, "not recorded", http.StatusInternalServerError)
			return
		}
	}
	for _, m := range msgs {
		c.markRead(m)
	}
	w.WriteHeader(http.StatusOK)
}
