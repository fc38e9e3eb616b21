package loket

import "math/rand/v2"

// NewLeaseToken returns a fresh lease token (Outbound.LeaseToken,
// Job.Token): random, positive and never 0, the token of a row
// nobody holds. Stores draw one per claim; the engine one per transaction
// whose replies it delivers itself. A token tells holders apart and
// guards nothing secret, so it comes from math/rand/v2's generator
// (seeded from the system's randomness at start, a state per thread):
// crypto/rand cost a claim several microseconds, most of them growing a
// fresh goroutine's stack for its DRBG.
func NewLeaseToken() int64 {
	for {
		if t := rand.Int64(); t != 0 {
			return t
		}
	}
}
