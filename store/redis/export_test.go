package redis

import "time"

// SetHubHeartbeat shortens the hub's heartbeat for a test; call it before
// the first Subscribe.
func SetHubHeartbeat(s *Store, every time.Duration) { s.hub.every = every }
