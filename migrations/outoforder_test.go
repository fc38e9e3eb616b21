package migrations

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"testing/fstest"

	_ "modernc.org/sqlite"
)

// A migration numbered below one already applied (two branches merged in
// the other order) is applied, not refused.
func TestOutOfOrderMigrationApplied(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mig := func(table string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("-- +goose Up\nCREATE TABLE " + table + " (id INTEGER);\n-- +goose Down\nDROP TABLE " + table + ";\n")}
	}
	up := func(fsys fstest.MapFS) error {
		p, err := providerFS(ctx, db, SQLite, fsys, nil)
		if err != nil {
			return err
		}
		_, err = p.Up(ctx)
		return err
	}
	if err := up(fstest.MapFS{"00001_a.sql": mig("a"), "00030_c.sql": mig("c")}); err != nil {
		t.Fatal(err)
	}
	if err := up(fstest.MapFS{"00001_a.sql": mig("a"), "00010_b.sql": mig("b"), "00030_c.sql": mig("c")}); err != nil {
		t.Fatalf("a migration merged later with a lower number: %v", err)
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO b (id) VALUES (1)"); err != nil {
		t.Fatalf("the late migration was not applied: %v", err)
	}
}
