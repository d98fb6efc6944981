package store

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
)

func TestMessageLogPrunesAndEraseRemovesEverything(t *testing.T) {
	db := openTemp(t, Options{})
	k := SessionKey{Channel: "telegram", Chat: "c0ffee"}
	t0 := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	err := db.Update(func(tx *Tx) error {
		for _, step := range []error{
			tx.PutSession(k, dialog.State{Step: dialog.StepNeed, Lang: "ru", LastSeen: t0}),
			tx.LogMessages(k, t0, 1, 2),
			tx.LogMessages(k, t0.Add(49*time.Hour), 5),
			tx.AppendOutbox(k, []byte(`{"c":424242}`)),
			tx.SetLastUpdate(k, 9), tx.SetLastSent(k, 5),
		} {
			if step != nil {
				return step
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PruneAllMessages(t0.Add(48 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *Tx) error {
		ms, _ := tx.Messages(k)
		if len(ms) != 1 || ms[0].ID != 5 {
			t.Errorf("after pruning: %+v", ms)
		}
		return nil
	})
	if err := db.Update(func(tx *Tx) error { return tx.Erase(k) }); err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *Tx) error {
		_, has, _ := tx.Session(k)
		ms, _ := tx.Messages(k)
		out, _ := tx.Outbox(k)
		last, _ := tx.LastUpdate(k)
		sent, _ := tx.LastSent(k)
		if has || len(ms) > 0 || len(out) > 0 || last != 0 || sent != 0 {
			t.Errorf("left after Erase: session %v, messages %v, outbox %v, last %d/%d", has, ms, out, last, sent)
		}
		return nil
	})
}

// Erase alone leaves the bytes in free pages; Compact removes them from the
// file, while everything else stays readable.
func TestCompactRemovesErasedBytesFromTheFile(t *testing.T) {
	db := openTemp(t, Options{})
	gone := SessionKey{Channel: "telegram", Chat: "erase-me-7f3a9c"}
	kept := SessionKey{Channel: "telegram", Chat: "keep-me-11b2"}
	err := db.Update(func(tx *Tx) error {
		if err := tx.PutSession(gone, dialog.State{Step: dialog.StepNeed, Lang: "kk"}); err != nil {
			return err
		}
		if err := tx.AppendOutbox(gone, []byte(`{"c":987654321,"t":"secret-marker"}`)); err != nil {
			return err
		}
		return tx.PutSession(kept, dialog.State{Step: dialog.StepRegion, Lang: "ru"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *Tx) error { return tx.Erase(gone) }); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(db.Path())
	if !bytes.Contains(raw, []byte("secret-marker")) && !bytes.Contains(raw, []byte("erase-me-7f3a9c")) {
		t.Log("(bbolt reused the pages already; the compaction check below still holds)")
	}
	if err := db.Compact(); err != nil {
		t.Fatal(err)
	}
	raw, err = os.ReadFile(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, trace := range []string{"erase-me-7f3a9c", "secret-marker", "987654321"} {
		if bytes.Contains(raw, []byte(trace)) {
			t.Errorf("%q is still in the database file after Compact", trace)
		}
	}
	if !bytes.Contains(raw, []byte("keep-me-11b2")) {
		t.Error("the other conversation is gone")
	}
	var st dialog.State
	db.View(func(tx *Tx) (err error) { st, _, err = tx.Session(kept); return err })
	if st.Step != dialog.StepRegion {
		t.Errorf("the other session after Compact: %+v", st)
	}
	if err := db.Check(); err != nil {
		t.Error(err)
	}
	// The database still takes writes, and a second process is still kept out.
	if err := db.Update(func(tx *Tx) error { return tx.PutSession(gone, dialog.State{}) }); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(db.Path(), Options{LockTimeout: 50 * time.Millisecond}); err == nil {
		t.Error("a second Open succeeded after Compact: the lock was lost")
	}
}
