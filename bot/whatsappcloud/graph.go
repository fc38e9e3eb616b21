package whatsappcloud

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"loket/bot"
)

// maxGraphBody bounds a Graph API answer (they are small JSON objects).
const maxGraphBody = 1 << 20

// APIError is the Graph API's error object.
type APIError struct {
	HTTPStatus int
	Code       int    `json:"code"`
	Subcode    int    `json:"error_subcode"`
	Type       string `json:"type"`
	Message    string `json:"message"`
	Data       struct {
		Details string `json:"details"`
	} `json:"error_data"`
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("graph error %d: %s", e.Code, e.Message)
	if e.Data.Details != "" {
		s += " (" + e.Data.Details + ")"
	}
	return s
}

// Graph API error codes Loket acts on.
const (
	CodeTokenInvalid   = 190    // access token expired or revoked
	CodeThroughput     = 130429 // the number's throughput reached
	CodeSpamRate       = 131048 // spam rate limit
	CodePairRate       = 131056 // too many messages to one recipient
	CodeWindowClosed   = 131047 // more than 24 hours since the customer last wrote
	CodeNotOnWhatsApp  = 131026 // recipient cannot receive (not on WhatsApp, old app…)
	CodeTemplateParams = 132000 // template parameter count mismatch
	CodeTemplateAbsent = 132001 // template does not exist in that language
)

// ErrWindowClosed is wrapped by a send refused because the contact's
// 24-hour customer-service window is closed: only a template may go.
var ErrWindowClosed = errors.New("whatsapp: the 24-hour window is closed (only a template can be sent)")

// call POSTs body as JSON (or a prepared multipart body when ctype is
// set) to path under the API base, with the bearer token, and decodes
// the answer into out. A Graph error comes back as *APIError.
func (c *Channel) call(ctx context.Context, method, path string, body io.Reader, ctype string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.cfg.APIURL+path, body)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.Token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxGraphBody))
	if err != nil {
		return fmt.Errorf("read answer: %w", err)
	}
	if resp.StatusCode >= 300 {
		var env struct {
			Error *APIError `json:"error"`
		}
		if json.Unmarshal(data, &env) == nil && env.Error != nil {
			env.Error.HTTPStatus = resp.StatusCode
			return env.Error
		}
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("decode answer: %w", err)
	}
	return nil
}

func (c *Channel) postJSON(ctx context.Context, path string, payload, out any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("encode request: %w", err)
	}
	return c.call(ctx, http.MethodPost, path, bytes.NewReader(b), "application/json", out)
}

// classify maps a Graph error onto the channel contract: rate limits →
// *bot.RetryAfterError (the engine keeps the chat's order), a closed
// window → ErrWindowClosed + bot.ErrPermanent, an expired token → a
// long wait and an alert (the messages are kept), a recipient that
// cannot receive and other 4xx → bot.ErrPermanent; network errors and
// 5xx are retried.
func (c *Channel) classify(what string, err error) error {
	if err == nil {
		return nil
	}
	var ae *APIError
	if !errors.As(err, &ae) {
		return fmt.Errorf("whatsapp cloud: %s: %w", what, err)
	}
	switch {
	case ae.Code == CodeThroughput || ae.Code == 4 || ae.Code == 80007:
		return &bot.RetryAfterError{After: 2 * time.Second, Err: fmt.Errorf("whatsapp cloud: %s: %w", what, err)}
	case ae.Code == CodePairRate || ae.Code == CodeSpamRate:
		return &bot.RetryAfterError{After: 10 * time.Second, Err: fmt.Errorf("whatsapp cloud: %s: %w", what, err)}
	case ae.Code == CodeTokenInvalid || ae.HTTPStatus == http.StatusUnauthorized:
		c.tokenRejected(ae.Error())
		return &bot.RetryAfterError{After: 5 * time.Minute, Err: fmt.Errorf("whatsapp cloud: %s: %w", what, err)}
	case ae.Code == CodeWindowClosed:
		return fmt.Errorf("whatsapp cloud: %s: %w: %w: %w", what, ErrWindowClosed, bot.ErrPermanent, err)
	case ae.HTTPStatus >= 500:
		return fmt.Errorf("whatsapp cloud: %s: %w", what, err)
	}
	return fmt.Errorf("whatsapp cloud: %s: %w: %w", what, bot.ErrPermanent, err)
}

// permanent wraps a refusal decided before calling Meta.
func permanent(format string, args ...any) error {
	return fmt.Errorf("whatsapp cloud: %s: %w", fmt.Sprintf(format, args...), bot.ErrPermanent)
}
