package backup

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"loket"
	"loket/internal/testkit"
	"loket/store"
	"loket/store/postgres"
)

func TestPostgresBackupRestore(t *testing.T) {
	url := testkit.PostgresURL(t, "backup")
	if url == "" {
		t.Skip("LOKET_TEST_DATABASE_URL is not set: skipping the PostgreSQL backup test")
	}
	if why := PgDumpMissing(); why != "" {
		t.Skip(why)
	}
	ctx := context.Background()
	st, err := postgres.Open(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		return tx.SaveVendor(ctx, &loket.Vendor{Name: "PT Sinar Bogor", NPWP: "987654321012000", CreatedAt: testNow})
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	src := newDataDir(t, nil) // its documents; the database is PostgreSQL's
	src.addDoc(t, "%PDF-1.4 NPWP PT Sinar Bogor")
	pg, err := NewPostgres(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	var archive bytes.Buffer
	if _, err := Write(ctx, &archive, Source{Files: src.files, Database: pg, Now: testNow, TempDir: t.TempDir()}); err != nil {
		t.Fatalf("backup: %v", err)
	}

	root := t.TempDir()
	tg := target(t, root, nil)
	tg.Database = pg
	if _, err := Read(ctx, bytes.NewReader(archive.Bytes()), tg); !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), pg.Schema()) {
		t.Fatalf("restore over the live schema: %v", err)
	}

	// Wipe: the schema goes; restore brings it back.
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{pg.Schema()}.Sanitize()+" CASCADE"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	res, err := Read(ctx, bytes.NewReader(archive.Bytes()), tg)
	if err != nil || !res.Database || res.Manifest.Schema != pg.Schema() {
		t.Fatalf("restore: %+v, %v", res, err)
	}
	st, err = postgres.Open(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = st.InTx(ctx, func(tx store.Tx) error {
		v, err := tx.VendorByNPWP(ctx, "987654321012000")
		if err == nil && v.Name != "PT Sinar Bogor" {
			t.Errorf("vendor %+v", v)
		}
		// Sequences come back too: a new vendor gets a fresh id.
		if err == nil {
			err = tx.SaveVendor(ctx, &loket.Vendor{Name: "CV Baru", NPWP: "111111111111000", CreatedAt: testNow})
		}
		return err
	})
	if err != nil {
		t.Fatalf("restored database: %v", err)
	}
}

func TestLibpqURL(t *testing.T) {
	got, pw, err := libpqURL("postgres://loket:rahasia@db:5432/loket?sslmode=require&search_path=x&pool_max_conns=4")
	if err != nil || pw != "rahasia" || strings.Contains(got, "rahasia") || strings.Contains(got, "search_path") ||
		strings.Contains(got, "pool_") || !strings.Contains(got, "sslmode=require") || !strings.Contains(got, "loket@db:5432/loket") {
		t.Fatalf("libpqURL = %q, %q, %v", got, pw, err)
	}
}
