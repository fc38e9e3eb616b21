package backup

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"

	"github.com/jackc/pgx/v5"
)

// PostgresDB is a PostgreSQL database: dumped with pg_dump (custom
// format, one snapshot, the schema Loket uses) and restored with
// pg_restore in a single transaction.
type PostgresDB struct {
	URL    string // LOKET_DATABASE_URL
	schema string
}

// NewPostgres connects to url and finds the schema Loket's tables live in.
func NewPostgres(ctx context.Context, url string) (*PostgresDB, error) {
	p := &PostgresDB{URL: url}
	err := p.withConn(ctx, func(c *pgx.Conn) error {
		var s *string
		if err := c.QueryRow(ctx, "SELECT current_schema()").Scan(&s); err != nil {
			return err
		}
		if s != nil {
			p.schema = *s
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (*PostgresDB) Kind() string     { return Postgres }
func (p *PostgresDB) Schema() string { return p.schema }

// PgDumpMissing says why the PostgreSQL database cannot be dumped here
// and how to do it by hand, or "" when pg_dump and pg_restore are installed.
func PgDumpMissing() string {
	for _, bin := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(bin); err != nil {
			return bin + " is not installed (Debian: apt-get install postgresql-client, the server's major version or newer). " +
				"This archive holds the documents only; dump the database at the same time with: " +
				`pg_dump --format=custom --no-owner --no-privileges --file=loket.dump "$LOKET_DATABASE_URL"` +
				` and restore it with: pg_restore --no-owner --no-privileges --single-transaction --dbname="$LOKET_DATABASE_URL" loket.dump`
		}
	}
	return ""
}

func (p *PostgresDB) withConn(ctx context.Context, fn func(*pgx.Conn) error) error {
	c, err := pgx.Connect(ctx, p.URL)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer c.Close(context.WithoutCancel(ctx))
	return fn(c)
}

// Dump runs pg_dump of the schema into path.
func (p *PostgresDB) Dump(ctx context.Context, path string) error {
	if p.schema == "" {
		return fmt.Errorf("the database URL's search_path names no existing schema")
	}
	return p.run(ctx, "pg_dump", "--format=custom", "--no-owner", "--no-privileges",
		"--schema="+p.schema, "--file="+path)
}

// Empty: no table in the current schema (or the schema does not exist).
func (p *PostgresDB) Empty(ctx context.Context) (bool, string, error) {
	var n int
	var schema *string
	err := p.withConn(ctx, func(c *pgx.Conn) error {
		return c.QueryRow(ctx, `SELECT current_schema(), (SELECT count(*) FROM information_schema.tables
			WHERE table_schema = current_schema())`).Scan(&schema, &n)
	})
	if err != nil {
		return false, "", err
	}
	if n > 0 {
		return false, fmt.Sprintf("schema %s of the database holds %d tables", *schema, n), nil
	}
	return true, "", nil
}

// Restore creates the archive's schema when missing, checks it is the
// one the URL uses, and loads the dump in one transaction (the schema's
// own entry left out: it exists by then).
func (p *PostgresDB) Restore(ctx context.Context, path string, m *Manifest) error {
	err := p.withConn(ctx, func(c *pgx.Conn) error {
		if _, err := c.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{m.Schema}.Sanitize()); err != nil {
			return fmt.Errorf("create schema %s: %w", m.Schema, err)
		}
		var cur *string
		if err := c.QueryRow(ctx, "SELECT current_schema()").Scan(&cur); err != nil {
			return err
		}
		if cur == nil || *cur != m.Schema {
			return fmt.Errorf("the archive holds schema %q, but the database URL's search_path uses %v", m.Schema, deref(cur))
		}
		return nil
	})
	if err != nil {
		return err
	}
	list, err := p.output(ctx, "pg_restore", "--list", path)
	if err != nil {
		return err
	}
	listPath := path + ".list"
	if err := os.WriteFile(listPath, withoutSchemaEntries(list), 0o600); err != nil {
		return err
	}
	return p.run(ctx, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
		"--use-list="+listPath, path)
}

func deref(s *string) string {
	if s == nil {
		return "no existing schema"
	}
	return *s
}

// withoutSchemaEntries drops the table of contents lines that create or
// comment on the schema itself.
func withoutSchemaEntries(list []byte) []byte {
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(list))
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, " SCHEMA - ") || strings.Contains(line, " COMMENT - SCHEMA ") {
			continue
		}
		out.WriteString(line + "\n")
	}
	return out.Bytes()
}

func (p *PostgresDB) run(ctx context.Context, bin string, args ...string) error {
	_, err := p.output(ctx, bin, args...)
	return err
}

// output runs a PostgreSQL client tool against the database, the password
// passed in the environment rather than on the command line.
func (p *PostgresDB) output(ctx context.Context, bin string, args ...string) ([]byte, error) {
	conn, password, err := libpqURL(p.URL)
	if err != nil {
		return nil, err
	}
	if bin != "pg_restore" || args[0] != "--list" {
		args = append(args, "--dbname="+conn)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = os.Environ()
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %s", bin, err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// libpqParams are the URL parameters libpq understands; pgx accepts more
// (pool settings, runtime parameters such as search_path) that make the
// client tools refuse the URL.
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "passfile": true,
	"channel_binding": true, "connect_timeout": true, "client_encoding": true, "options": true,
	"application_name": true, "fallback_application_name": true, "keepalives": true,
	"keepalives_idle": true, "keepalives_interval": true, "keepalives_count": true,
	"tcp_user_timeout": true, "sslmode": true, "sslcert": true, "sslkey": true, "sslpassword": true,
	"sslrootcert": true, "sslcrl": true, "sslcrldir": true, "sslsni": true, "requirepeer": true,
	"ssl_min_protocol_version": true, "ssl_max_protocol_version": true, "gssencmode": true,
	"krbsrvname": true, "gsslib": true, "service": true, "target_session_attrs": true,
	"load_balance_hosts": true,
}

// libpqURL returns the URL without its password and without parameters
// libpq does not know, and the password.
func libpqURL(raw string) (string, string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", fmt.Errorf("database URL: %w", err)
	}
	password, _ := u.User.Password()
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	for k := range q {
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), password, nil
}
