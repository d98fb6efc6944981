package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/komek-kz/komek/internal/referral"
)

func TestOpenMigratesAFileWithoutSchema(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "komek.db")
	writeRaw(t, path, func(tx *bolt.Tx) error { return nil }) // a bare bbolt file: schema 0

	db := openChecked(t, path, Options{})
	err := db.View(func(tx *Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketOrgs, bucketSessions, bucketOutbox, bucketCursors, bucketChats, bucketStats, bucketMsgs} {
			if tx.tx.Bucket(name) == nil {
				t.Errorf("bucket %q missing after migration", name)
			}
		}
		if v, err := tx.schema(); v != schemaVersion || err != nil {
			t.Errorf("schema = %d, %v; want %d", v, err, schemaVersion)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesANewerSchemaAndLeavesTheFileAlone(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "komek.db")
	writeRaw(t, path, func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		return meta.Put(keySchema, binary.BigEndian.AppendUint64(nil, 99))
	})

	db, err := Open(path, Options{Seed: func() ([]referral.Organization, error) { return sampleTable(), nil }})
	if err == nil {
		db.Close()
		t.Fatal("Open accepted a file with schema 99")
	}
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open: %v, want ErrNewerSchema", err)
	}
	for _, want := range []string{path, "newer komek", "99", "upgrade komek or restore a backup"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	readRaw(t, path, func(tx *bolt.Tx) error {
		if got := binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keySchema)); got != 99 {
			t.Errorf("schema changed to %d", got)
		}
		if tx.Bucket(bucketOrgs) != nil {
			t.Error("Open created buckets in a file it refused")
		}
		return nil
	})
}

func TestOpenRefusesAFileThatIsNotADatabase(t *testing.T) {
	t.Parallel()
	page := os.Getpagesize()
	for _, size := range []int{5, 1000, 3000, page, page + 1, 2 * page, 100_000} {
		path := filepath.Join(t.TempDir(), "komek.db")
		garbage := bytes.Repeat([]byte("not a database\n"), size/15+1)[:size]
		if err := os.WriteFile(path, garbage, 0o600); err != nil {
			t.Fatal(err)
		}

		db, err := Open(path, Options{})
		if err == nil {
			db.Close()
			t.Fatalf("%d bytes: Open accepted garbage", size)
		}
		if !errors.Is(err, ErrNotDatabase) || !strings.Contains(err.Error(), path) {
			t.Errorf("%d bytes: Open: %v, want ErrNotDatabase naming the path", size, err)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(after, garbage) {
			t.Errorf("%d bytes: Open changed the file", size)
		}
	}
}

func TestSeedRunsOnlyOnFirstStart(t *testing.T) {
	t.Parallel()
	calls := 0
	opts := Options{Seed: func() ([]referral.Organization, error) {
		calls++
		return sampleTable(), nil
	}}
	db := openTemp(t, opts)
	if got, err := db.Table(); err != nil || len(got) != len(sampleTable()) {
		t.Fatalf("after seeding: %d organisations, %v", len(got), err)
	}

	if err := db.ReplaceTable(nil); err != nil { // the operator empties the table
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openChecked(t, db.Path(), opts)

	if calls != 1 {
		t.Errorf("Seed called %d times, want 1", calls)
	}
	if got, err := db.Table(); err != nil || got != nil {
		t.Errorf("after reopening an emptied table: %v, %v; want it still empty", got, err)
	}
}

func TestSeedDoesNotOverwriteAnImportedTable(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	imported := sampleTable()[1:2]
	if err := db.ReplaceTable(imported); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = openChecked(t, db.Path(), Options{Seed: func() ([]referral.Organization, error) {
		t.Error("Seed called although a table was stored")
		return sampleTable(), nil
	}})
	if got, err := db.Table(); err != nil || len(got) != 1 || got[0].ID != imported[0].ID {
		t.Errorf("table = %v, %v; want the imported one", got, err)
	}
}

func TestFailedSeedFailsOpenAndIsRetriedNextTime(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "komek.db")
	errBroken := errors.New("embedded table does not parse")
	_, err := Open(path, Options{Seed: func() ([]referral.Organization, error) { return nil, errBroken }})
	if !errors.Is(err, errBroken) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open with a failing seed: %v", err)
	}

	db := openChecked(t, path, Options{Seed: func() ([]referral.Organization, error) { return sampleTable(), nil }})
	if got, err := db.Table(); err != nil || len(got) != len(sampleTable()) {
		t.Errorf("after a good seed: %d organisations, %v", len(got), err)
	}
}
