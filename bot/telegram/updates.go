package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	tg "github.com/go-telegram/bot"
)

// apiResponse is the Bot API envelope.
type apiResponse struct {
	OK          bool              `json:"ok"`
	Result      []json.RawMessage `json:"result"`
	ErrorCode   int               `json:"error_code"`
	Description string            `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// maxUpdatesBody bounds one getUpdates answer (100 updates are far less).
const maxUpdatesBody = 32 << 20

// getUpdates is our own call: the library's poller confirms updates before
// they are handled (at-most-once), so the channel owns the offset. The
// request has the library's wire shape (multipart form, JSON in fields).
// timeout 0 answers at once (used to confirm an offset).
func (c *Channel) getUpdates(ctx context.Context, offset int64, limit int, timeout time.Duration) ([]json.RawMessage, error) {
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	allowed, _ := json.Marshal(allowedUpdates)
	fields := [][2]string{
		{"offset", strconv.FormatInt(offset, 10)},
		{"limit", strconv.Itoa(limit)},
		{"timeout", strconv.Itoa(int(timeout.Seconds()))},
		{"allowed_updates", string(allowed)},
	}
	for _, f := range fields {
		if err := form.WriteField(f[0], f[1]); err != nil {
			return nil, fmt.Errorf("telegram: getUpdates: build form: %w", err)
		}
	}
	if err := form.Close(); err != nil {
		return nil, fmt.Errorf("telegram: getUpdates: build form: %w", err)
	}
	u := c.cfg.APIURL + "/bot" + c.cfg.Token + "/getUpdates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, &body)
	if err != nil {
		return nil, fmt.Errorf("telegram: getUpdates: %w", redact(err, c.cfg.Token))
	}
	req.Header.Set("Content-Type", form.FormDataContentType())
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("telegram: getUpdates: %w", redact(err, c.cfg.Token))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxUpdatesBody))
	if err != nil {
		return nil, fmt.Errorf("telegram: getUpdates: read: %w", err)
	}
	var r apiResponse
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("telegram: getUpdates: HTTP %d: decode: %w", resp.StatusCode, err)
	}
	if !r.OK {
		return nil, apiError(r)
	}
	return r.Result, nil
}

// apiError turns an error envelope into the library's error values, so
// one classification serves both paths.
func apiError(r apiResponse) error {
	desc := strings.TrimSpace(r.Description)
	switch r.ErrorCode {
	case http.StatusTooManyRequests:
		return &tg.TooManyRequestsError{Message: desc, RetryAfter: r.Parameters.RetryAfter}
	case http.StatusUnauthorized:
		return fmt.Errorf("%w, %s", tg.ErrorUnauthorized, desc)
	case http.StatusConflict:
		return fmt.Errorf("%w, %s", tg.ErrorConflict, desc)
	case http.StatusForbidden:
		return fmt.Errorf("%w, %s", tg.ErrorForbidden, desc)
	case http.StatusBadRequest:
		return fmt.Errorf("%w, %s", tg.ErrorBadRequest, desc)
	case http.StatusNotFound:
		return fmt.Errorf("%w, %s", tg.ErrorNotFound, desc)
	}
	return fmt.Errorf("telegram: getUpdates: error %d %s", r.ErrorCode, desc)
}
