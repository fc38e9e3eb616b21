package sqlite

import (
	"context"
	"database/sql"
	"log/slog"
	"time"
)

// Checkpoints. In WAL mode every commit appends the pages it changed to
// the WAL, and a checkpoint copies them back into the database file. By
// default SQLite runs it inside the commit that takes the WAL past 1,000
// pages, on the writer's connection: the one writer then stops taking
// work while it copies and syncs. Here a connection of its own runs a
// passive checkpoint every checkpointEvery, beside the writer (a passive
// checkpoint takes no lock a writer needs), and the writer's own
// checkpoint only starts once the WAL holds writerCheckpointPages pages,
// when the background one falls behind.
const (
	checkpointEvery       = 50 * time.Millisecond
	writerCheckpointPages = 4000
)

// checkpointer runs passive checkpoints on db until stop is called.
type checkpointer struct {
	db   *sql.DB
	quit chan struct{}
	done chan struct{}
}

func startCheckpointer(db *sql.DB, every time.Duration, log *slog.Logger) *checkpointer {
	c := &checkpointer{db: db, quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		failing := false // said once, not every tick
		for {
			select {
			case <-c.quit:
				return
			case <-tick.C:
				_, err := db.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)")
				switch {
				case err != nil && !failing:
					log.Warn("sqlite: background checkpoints fail; the writer checkpoints once the WAL is long", "err", err)
				case err == nil && failing:
					log.Info("sqlite: background checkpoints work again")
				}
				failing = err != nil
			}
		}
	}()
	return c
}

// stop ends the checkpoints and waits for the one running.
func (c *checkpointer) stop() {
	close(c.quit)
	<-c.done
}
