package cloudtest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Obj is a JSON object.
type Obj = map[string]any

// Sign is the X-Hub-Signature-256 header value of body.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Envelope wraps a change value in the webhook body Meta posts.
func Envelope(value Obj) []byte {
	value["messaging_product"] = "whatsapp"
	value["metadata"] = Obj{"display_phone_number": "6281100000000", "phone_number_id": PhoneID}
	b, _ := json.Marshal(Obj{"object": "whatsapp_business_account", "entry": []any{Obj{
		"id": "102290129340398", "changes": []any{Obj{"field": "messages", "value": value}}}}})
	return b
}

// Message builds a webhook carrying one message from waID: typ is the
// message type and content its object ("text": {"body": …}, …).
func (s *Server) Message(waID, name, id, typ string, content any) []byte {
	m := Obj{"from": waID, "id": id, "timestamp": strconv.FormatInt(s.Now().Unix(), 10), "type": typ}
	if content != nil {
		m[typ] = content
	}
	return Envelope(Obj{
		"contacts": []any{Obj{"profile": Obj{"name": name}, "wa_id": waID}},
		"messages": []any{m},
	})
}

// StatusUpdate builds a status webhook for a wamid; errCode > 0 adds an
// error (for "failed").
func (s *Server) StatusUpdate(wamid, to, status string, errCode int, errTitle string) []byte {
	st := Obj{"id": wamid, "status": status, "timestamp": strconv.FormatInt(s.Now().Unix(), 10), "recipient_id": to}
	if errCode > 0 {
		st["errors"] = []any{Obj{"code": errCode, "title": errTitle, "message": errTitle,
			"error_data": Obj{"details": errTitle}}}
	}
	return Envelope(Obj{"statuses": []any{st}})
}

// Now is the fake's clock.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.clock()
}

// Post signs body with the app secret and posts it to the webhook URL,
// as Meta does; it returns the HTTP status. A message in the body opens
// its sender's window when it was written, before the webhook is posted:
// Loket may answer before this call sees the 200.
func (s *Server) Post(url string, body []byte) int {
	return s.PostSigned(url, body, Sign(AppSecret, body))
}

// PostSigned posts body with the given signature header ("" for none).
// Only a body Meta itself signed opens its senders' windows.
func (s *Server) PostSigned(url string, body []byte, sig string) int {
	if sig != "" && sig == Sign(AppSecret, body) {
		s.openFrom(body)
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		s.t.Fatalf("cloudtest: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if sig != "" {
		req.Header.Set("X-Hub-Signature-256", sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Logf("cloudtest: post webhook: %v", err)
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// openFrom opens the window of every sender in a delivered webhook.
func (s *Server) openFrom(body []byte) {
	var p struct {
		Entry []struct {
			Changes []struct {
				Value struct {
					Messages []struct {
						From      string `json:"from"`
						Timestamp string `json:"timestamp"`
					} `json:"messages"`
				} `json:"value"`
			} `json:"changes"`
		} `json:"entry"`
	}
	if json.Unmarshal(body, &p) != nil {
		return
	}
	for _, e := range p.Entry {
		for _, c := range e.Changes {
			for _, m := range c.Value.Messages {
				n, err := strconv.ParseInt(m.Timestamp, 10, 64)
				if err != nil {
					panic(fmt.Sprintf("cloudtest: bad timestamp %q", m.Timestamp))
				}
				s.Opened(m.From, unix(n))
			}
		}
	}
}

func unix(n int64) time.Time { return time.Unix(n, 0) }
