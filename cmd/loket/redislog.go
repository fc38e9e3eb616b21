package main

import (
	"context"

	goredis "github.com/redis/go-redis/v9"
)

// quietRedis stops go-redis from printing its own dial retries to stderr:
// our redis store reports failures as errors, once, with the variable name.
// go-redis only offers a process-wide logger, so main sets it once.
func quietRedis() { goredis.SetLogger(discard{}) }

type discard struct{}

func (discard) Printf(context.Context, string, ...any) {}
