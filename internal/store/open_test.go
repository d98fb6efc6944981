package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/referral"
)

func TestOpenCreatesPrivateDirectoryAndFile(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "state", "komek")
	db := openChecked(t, filepath.Join(dir, "komek.db"), Options{})

	if got := db.Path(); got != filepath.Join(dir, "komek.db") {
		t.Errorf("Path() = %q", got)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700 | os.ModeDir, db.Path(): 0o600} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode() != want {
			t.Errorf("%s: mode %v, want %v", path, info.Mode(), want)
		}
	}
}

func TestReopenKeepsData(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	if err := db.ReplaceTable(sampleTable()); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openChecked(t, db.Path(), Options{})
	got, err := db.Table()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(sampleTable()) {
		t.Errorf("after reopening: %d organisations, want %d", len(got), len(sampleTable()))
	}
}

func TestCloseTwiceIsHarmless(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestUpdateRollsBackWhenFnFails(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	k := SessionKey{"terminal", "local"}
	errStop := errors.New("stop")
	err := db.Update(func(tx *Tx) error {
		if err := tx.PutSession(k, state(time.Now())); err != nil {
			return err
		}
		return errStop
	})
	if err != errStop {
		t.Errorf("Update returned %v, want fn's error unchanged", err)
	}
	err = db.View(func(tx *Tx) error {
		if _, ok, err := tx.Session(k); ok || err != nil {
			t.Errorf("session after rollback: ok=%v err=%v", ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestViewCannotWrite(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	err := db.View(func(tx *Tx) error { return tx.PutSession(SessionKey{"terminal", "local"}, state(time.Now())) })
	if err == nil {
		t.Error("PutSession inside View succeeded")
	}
}

func TestCheckFindsNoProblemInAHealthyFile(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{Seed: func() ([]referral.Organization, error) { return sampleTable(), nil }})
	if err := db.Check(); err != nil {
		t.Error(err)
	}
}
