package main

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"loket/internal/testkit"
)

// Redis over a Unix socket, as LOKET_REDIS_URL's unix:// form promises: a
// redis-server of its own listening on a socket only (no TCP port), and
// Loket's ephemeral store working through it.
func TestRedisOverUnixSocket(t *testing.T) {
	server, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server is not installed: the socket form is checked only by TestServiceURLs")
	}
	dir := t.TempDir()
	sock := filepath.Join(dir, "redis.sock")
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, server, "--port", "0", "--unixsocket", sock, "--unixsocketperm", "700",
		"--save", "", "--appendonly", "no", "--dir", dir)
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start redis-server: %v", err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("redis-server did not open its socket within 10 s")
		}
	}
	b := openTestBackends(t, "LOKET_REDIS_URL", "unix://"+sock+"?db=3")
	for i, want := range []bool{true, false} { // the second mark finds the first: one store
		got, err := b.eph.MarkOnce(t.Context(), "socket-probe", time.Minute)
		if err != nil {
			t.Fatalf("mark %d over the socket: %v", i+1, err)
		}
		if got != want {
			t.Fatalf("mark %d: first %v, want %v", i+1, got, want)
		}
	}
}

// PostgreSQL over its Unix socket: the test database's server reached
// through the socket directory rather than TCP, migrations and all.
func TestPostgresOverUnixSocket(t *testing.T) {
	tcp := testkit.PostgresURL(t, "socket") // a schema of its own, by TCP
	if tcp == "" {
		return
	}
	pc, err := pgconn.ParseConfig(tcp)
	if err != nil {
		t.Fatal(err)
	}
	const dir = "/var/run/postgresql"
	port := strconv.Itoa(int(pc.Port))
	if _, err := os.Stat(filepath.Join(dir, ".s.PGSQL."+port)); err != nil {
		t.Skipf("no PostgreSQL socket in %s: %v", dir, err)
	}
	u, err := url.Parse(tcp)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("host", dir)
	q.Set("port", port)
	u.Host, u.RawQuery = "", q.Encode()
	b := openTestBackends(t, "LOKET_DATABASE_URL", u.String())
	var conns int
	err = b.pool.QueryRow(t.Context(),
		"SELECT count(*) FROM pg_stat_activity WHERE pid = pg_backend_pid() AND client_port = -1").Scan(&conns)
	if err != nil || conns != 1 {
		t.Fatalf("the connection is not on the socket (client_port -1 rows: %d, err %v)", conns, err)
	}
}
