package loket

import (
	"crypto/rand"
	"encoding/binary"
)

// NewLeaseToken returns a fresh lease token (Outbound.LeaseToken,
// Job.Token): random, positive and never 0, the token of a row
// nobody holds. Stores draw one per claim; the engine one per transaction
// whose replies it delivers itself.
func NewLeaseToken() int64 {
	var b [8]byte
	for {
		_, _ = rand.Read(b[:])
		if t := int64(binary.BigEndian.Uint64(b[:]) >> 1); t != 0 {
			return t
		}
	}
}
