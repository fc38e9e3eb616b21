// Package ephemeral holds the rules the two ephemeral stores share
// (store/memory in process, store/redis across replicas): the checks of
// their arguments and the token bucket behind Allow. Both stores call
// Check*; store/memory runs Take, and store/redis runs the same arithmetic
// in its Lua script (atomic on the server, with Epsilon and MaxIdle passed
// from here). store/ephemeraltest holds both to the same behaviour.
//
// It imports only the root package.
package ephemeral

import (
	"fmt"
	"math"
	"time"

	"loket"
)

// Epsilon absorbs float rounding, so that waiting exactly the wait Allow
// returned always yields a token.
const Epsilon = 1e-9

// MaxIdle caps how long an idle bucket is kept (its time to refill fully).
const MaxIdle = 30 * 24 * time.Hour

func invalid(format string, args ...any) error {
	return &loket.Error{Code: loket.EInvalid, Message: fmt.Sprintf(format, args...)}
}

// CheckBucket checks Allow's arguments: a key, a positive finite rate
// (tokens per second) and a burst of at least 1.
func CheckBucket(key string, rate float64, burst int) error {
	switch {
	case key == "":
		return invalid("empty key")
	case !(rate > 0) || math.IsInf(rate, 1):
		return invalid("rate %v is not a positive number", rate)
	case burst < 1:
		return invalid("burst %d is below 1", burst)
	}
	return nil
}

// CheckKeyTTL checks a key and a positive time to live.
func CheckKeyTTL(key string, ttl time.Duration) error {
	switch {
	case key == "":
		return invalid("empty key")
	case ttl <= 0:
		return invalid("ttl %v is not positive", ttl)
	}
	return nil
}

// CheckLock checks a lock's key, owner and time to live.
func CheckLock(key, owner string, ttl time.Duration) error {
	switch {
	case key == "":
		return invalid("empty lock key")
	case owner == "":
		return invalid("empty lock owner")
	}
	return CheckKeyTTL(key, ttl)
}

// Bucket is a token bucket's state; the zero Bucket is a missing one,
// which is full.
type Bucket struct {
	Tokens  float64
	Last    time.Time // when Tokens was computed
	Expires time.Time // when the bucket is full again, so forgettable
}

// Take refills b at rate tokens per second up to burst as of now and takes
// one token. When none is left ok is false and wait is the time until one
// is. The returned bucket replaces b.
func (b Bucket) Take(now time.Time, rate float64, burst int) (next Bucket, ok bool, wait time.Duration) {
	if !now.Before(b.Expires) {
		b = Bucket{Tokens: float64(burst), Last: now}
	}
	if elapsed := now.Sub(b.Last).Seconds(); elapsed > 0 {
		b.Tokens += elapsed * rate
	}
	b.Tokens = min(b.Tokens, float64(burst))
	b.Last = now
	if b.Tokens+Epsilon >= 1 {
		b.Tokens = max(b.Tokens-1, 0)
		ok = true
	} else {
		wait = time.Duration(math.Ceil((1 - b.Tokens) / rate * float64(time.Second)))
	}
	full := min((float64(burst)-b.Tokens)/rate*float64(time.Second), float64(MaxIdle))
	b.Expires = now.Add(time.Duration(math.Ceil(full)))
	if b.Expires.Equal(now) {
		b.Expires = now.Add(time.Nanosecond)
	}
	return b, ok, wait
}
