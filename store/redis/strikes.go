package redis

import (
	"context"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// strikeScript counts one failure in the hash KEYS[1] (n, and the server
// TIME of the latest as s and us) and keeps it ARGV[1] ms after it.
var strikeScript = goredis.NewScript(`
local t = redis.call('TIME')
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
redis.call('HSET', KEYS[1], 's', t[1], 'us', t[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return n
`)

// strikesScript returns {n, microseconds since the latest strike}, or
// {0, 0} when KEYS[1] is absent.
var strikesScript = goredis.NewScript(`
local b = redis.call('HMGET', KEYS[1], 'n', 's', 'us')
if not b[1] then return {0, 0} end
local t = redis.call('TIME')
local since = (tonumber(t[1]) - tonumber(b[2])) * 1000000 + (tonumber(t[2]) - tonumber(b[3]))
if since < 0 then since = 0 end
return {tonumber(b[1]), since}
`)

// Strike counts one failure under key and returns the count so far; the
// count is forgotten window after the latest strike.
func (s *Store) Strike(ctx context.Context, key string, window time.Duration) (int64, error) {
	if key == "" || window <= 0 {
		return 0, fmt.Errorf("redis: strike: %w", invalid("a key and a positive window are required"))
	}
	n, err := strikeScript.Run(ctx, s.client, []string{s.key("strike", key)}, millis(window)).Int64()
	if err != nil {
		return 0, fmt.Errorf("redis: strike %q: %w", key, unavailable(err))
	}
	return n, nil
}

// Strikes returns the count under key and how long ago the latest strike
// was; 0, 0 when there is none.
func (s *Store) Strikes(ctx context.Context, key string) (int64, time.Duration, error) {
	res, err := strikesScript.Run(ctx, s.client, []string{s.key("strike", key)}).Int64Slice()
	if err != nil {
		return 0, 0, fmt.Errorf("redis: strikes %q: %w", key, unavailable(err))
	}
	if len(res) != 2 {
		return 0, 0, fmt.Errorf("redis: strikes %q: script returned %v", key, res)
	}
	return res[0], time.Duration(res[1]) * time.Microsecond, nil
}

// Forgive forgets the count under key.
func (s *Store) Forgive(ctx context.Context, key string) error {
	if err := s.client.Del(ctx, s.key("strike", key)).Err(); err != nil {
		return fmt.Errorf("redis: forgive %q: %w", key, unavailable(err))
	}
	return nil
}
