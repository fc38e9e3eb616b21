package loket

import (
	"errors"
	"fmt"
)

// Error codes. Each edge translates a code once: the console and the REST
// API into an HTTP status, the flows into a sentence for the vendor.
const (
	EConflict     = "conflict"     // the action conflicts with current state (e.g. duplicate, slot taken)
	EInternal     = "internal"     // a bug or an unavailable dependency
	EInvalid      = "invalid"      // the input is malformed or breaks a rule
	ENotFound     = "not_found"    // the thing does not exist (or is not visible to the caller)
	EUnauthorized = "unauthorized" // no valid credentials
	EForbidden    = "forbidden"    // credentials valid, permission missing
	ETooLarge     = "too_large"    // a payload is over its limit
	ERateLimited  = "rate_limited" // slow down
	EUnavailable  = "unavailable"  // a dependency is down; retry later
)

// Error is the one error type with a code. Message is safe to show to a
// person; Err (optional) is the cause for logs.
type Error struct {
	Code    string
	Message string
	Err     error
}

// Errorf returns an *Error with a code and a formatted, person-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

func (e *Error) Error() string {
	switch {
	case e.Err != nil && e.Message != "":
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	case e.Err != nil:
		return fmt.Sprintf("%s: %v", e.Code, e.Err)
	case e.Message != "":
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return e.Code
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is(err, ErrNotFound) match any *Error with the same code.
func (e *Error) Is(target error) bool {
	var t *Error
	if !errors.As(target, &t) {
		return false
	}
	return t.Code == e.Code && t.Message == "" && t.Err == nil
}

// Sentinels, checked with errors.Is. A store returns ErrNotFound, never nil, nil.
var (
	ErrNotFound     = &Error{Code: ENotFound}
	ErrConflict     = &Error{Code: EConflict}
	ErrInvalid      = &Error{Code: EInvalid}
	ErrUnauthorized = &Error{Code: EUnauthorized}
	ErrForbidden    = &Error{Code: EForbidden}
	ErrTooLarge     = &Error{Code: ETooLarge}
	ErrUnavailable  = &Error{Code: EUnavailable}
)

// ErrorCode returns the code of the first *Error in err's chain, or
// EInternal when there is none (nil gives "").
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the person-safe message of err, or a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return "internal error"
}
