package console

import (
	"encoding/json"
	"errors"
	"net/http"

	"loket"
)

// httpStatus translates a loket error code to an HTTP status. It is the
// one place where this happens, for pages and for the API alike.
func httpStatus(code string) int {
	switch code {
	case loket.EInvalid:
		return http.StatusBadRequest
	case loket.EUnauthorized:
		return http.StatusUnauthorized
	case loket.EForbidden:
		return http.StatusForbidden
	case loket.ENotFound:
		return http.StatusNotFound
	case loket.EConflict:
		return http.StatusConflict
	case loket.ETooLarge:
		return http.StatusRequestEntityTooLarge
	case loket.ERateLimited:
		return http.StatusTooManyRequests
	case loket.EUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// apiError is the one error shape of the REST API.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeAPIError writes err as {"error": {"code", "message"}} with its status.
func (c *Console) writeAPIError(w http.ResponseWriter, r *http.Request, err error) {
	code := loket.ErrorCode(err)
	status := httpStatus(code)
	if status >= 500 {
		c.log.ErrorContext(r.Context(), "console api", "err", err, "path", r.URL.Path)
	}
	writeJSON(w, status, apiError{Error: apiErrorBody{Code: code, Message: c.apiMessage(err)}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// writePageError renders an error page with the status of err.
func (c *Console) writePageError(w http.ResponseWriter, r *http.Request, a *auth, err error) {
	code := loket.ErrorCode(err)
	status := httpStatus(code)
	if status >= 500 {
		c.log.ErrorContext(r.Context(), "console page", "err", err, "path", r.URL.Path)
	}
	msg := c.errText(readerLang(r, a), err)
	c.render(w, r, status, "error", a, map[string]any{"Status": status, "Message": msg})
}

// apiMessage is the English text of err for the REST API: a userError's
// catalogue text, another error's own message, or the status text.
func (c *Console) apiMessage(err error) string {
	var ue *userError
	if errors.As(err, &ue) {
		return c.errText(loket.LangEN, err)
	}
	msg := loket.ErrorMessage(err)
	if code := loket.ErrorCode(err); msg == "internal error" && code != loket.EInternal {
		msg = http.StatusText(httpStatus(code))
	}
	return msg
}
