package loket

// RateLimit names a token bucket and its refill: Rate tokens a second, at
// most Burst at once. A limiter takes tokens from several buckets in one
// call (a visitor's and their client address's), in one round trip to a
// shared store.
type RateLimit struct {
	Key   string
	Rate  float64
	Burst int
}
