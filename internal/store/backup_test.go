package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestWriteToIsAConsistentCopyThatVerifies(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	if err := db.ReplaceTable(sampleTable()); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	n, err := db.WriteTo(&b)
	if err != nil || n != int64(b.Len()) {
		t.Fatalf("WriteTo = %d, %v (wrote %d)", n, err, b.Len())
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	os.WriteFile(path, b.Bytes(), 0o600)
	info, err := Verify(path, 0)
	if err != nil || info.Organizations != 3 || info.Services != 2 || info.Schema != schemaVersion {
		t.Fatalf("Verify = %+v, %v", info, err)
	}
	copyDB := openChecked(t, path, Options{})
	if got, _ := copyDB.Table(); !reflect.DeepEqual(got, sampleTable()) {
		t.Error("the copy holds another table")
	}
}

func TestVerifyRefusesWhatIsNotAKomekDatabase(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	text := filepath.Join(dir, "text.db")
	os.WriteFile(text, []byte("not a database"), 0o600)
	if _, err := Verify(text, 0); !errors.Is(err, ErrNotDatabase) {
		t.Errorf("text file: %v", err)
	}
	if _, err := Verify(filepath.Join(dir, "missing.db"), 0); err == nil {
		t.Error("missing file verified")
	}
}

func TestRestoreReplacesTheFileUnlessItIsHeld(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.db")
	src := openChecked(t, backup, Options{})
	if err := src.ReplaceTable(sampleTable()); err != nil {
		t.Fatal(err)
	}
	src.Close()
	target := filepath.Join(dir, "komek.db")
	held, err := Open(target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(backup, target, -1); !errors.Is(err, ErrLocked) {
		t.Errorf("Restore over a held database: %v, want ErrLocked", err)
	}
	if got, _ := held.Table(); got != nil {
		t.Error("a refused restore changed the database")
	}
	held.Close()
	if _, err := Restore(backup, target, 0); err != nil {
		t.Fatal(err)
	}
	db := openChecked(t, target, Options{})
	if got, _ := db.Table(); !reflect.DeepEqual(got, sampleTable()) {
		t.Error("the restored database holds another table")
	}
	if _, err := Restore(target, target, 0); err == nil {
		t.Error("restoring a file over itself succeeded")
	}
}
