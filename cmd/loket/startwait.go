package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"loket/internal/await"
)

// startWait is how long start-up waits, unless LOKET_START_WAIT says
// otherwise, for a database, Redis or Bot API that cannot be reached
// yet: on a machine that boots, or a compose file that starts everything
// at once, Loket may come up before they do.
const startWait = 30 * time.Second

// awaitServer runs open until it succeeds, fails in a way waiting will not
// change (a wrong password, a missing database, a bad URL), or wait has
// passed; meanwhile each failure is logged with what was being opened.
func awaitServer(ctx context.Context, log *slog.Logger, what string, wait time.Duration, open func(context.Context) error) error {
	return await.Up(ctx, wait, 250*time.Millisecond, 4*time.Second, func(ctx context.Context) (bool, error) {
		err := open(ctx)
		return notUpYet(err), err
	}, func(pause time.Duration, err error) {
		log.Warn(what+" not reachable yet; trying again", "in", pause, "err", err)
	})
}

// notUpYet reports a failure to reach a server (refused, unreachable,
// timed out) or a PostgreSQL that is still starting or shutting down.
func notUpYet(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "57P03" // cannot_connect_now: the database system is starting up
	}
	var op *net.OpError
	return errors.As(err, &op) || errors.Is(err, context.DeadlineExceeded)
}

// telegramStartWait is LOKET_START_WAIT as telegram.Config takes it,
// where 0 means its default and a negative wait none.
func telegramStartWait(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}
