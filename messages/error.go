package messages

import (
	"sort"
	"strconv"

	"loket"
)

// Error is an error a person reads, in their language: a code (which
// becomes the HTTP status in the console) and a catalogue key with its
// variables. Each edge shows it once: the console as the key's text in the
// reader's language, the staff group as its own sentence for the key.
type Error struct {
	Code string
	Key  string
	Vars map[string]string
}

// Err returns an error with code whose text is the catalogue's key, with
// "name", value, … filled in.
func Err(code, key string, kv ...any) error {
	return &Error{Code: code, Key: key, Vars: Pairs(kv)}
}

func (e *Error) Error() string {
	s := e.Code + ": " + e.Key
	if len(e.Vars) > 0 {
		keys := make([]string, 0, len(e.Vars))
		for k := range e.Vars {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			s += " " + k + "=" + strconv.Quote(e.Vars[k])
		}
	}
	return s
}

// Unwrap makes loket.ErrorCode and errors.Is(err, loket.ErrConflict)… see the code.
func (e *Error) Unwrap() error { return &loket.Error{Code: e.Code} }
