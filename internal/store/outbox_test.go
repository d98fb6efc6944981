package store

import (
	"bytes"
	"testing"
)

func TestOutboxKeepsOrderSurvivesReopenAndEmptiesCleanly(t *testing.T) {
	db := openTemp(t, Options{})
	a := SessionKey{Channel: "telegram", Chat: "a"}
	b := SessionKey{Channel: "telegram", Chat: "b"}
	err := db.Update(func(tx *Tx) error {
		if err := tx.AppendOutbox(a, []byte("1"), []byte("2")); err != nil {
			return err
		}
		if err := tx.AppendOutbox(b, []byte("x")); err != nil {
			return err
		}
		return tx.AppendOutbox(a, []byte("3"))
	})
	if err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	db = openChecked(t, path, Options{})

	var items []OutboxItem
	var pending []SessionKey
	db.View(func(tx *Tx) (err error) {
		items, err = tx.Outbox(a)
		if err == nil {
			pending, err = tx.PendingOutboxes("telegram")
		}
		return err
	})
	if len(items) != 3 || string(items[0].Data) != "1" || string(items[2].Data) != "3" || items[0].Seq >= items[1].Seq {
		t.Fatalf("outbox of a: %+v", items)
	}
	if len(pending) != 2 {
		t.Fatalf("pending: %v", pending)
	}
	err = db.Update(func(tx *Tx) error {
		for _, it := range items {
			if err := tx.DeleteOutbox(a, it.Seq); err != nil {
				return err
			}
		}
		return tx.DeleteOutbox(a, 99) // already gone: not an error
	})
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *Tx) (err error) { pending, err = tx.PendingOutboxes("telegram"); return err })
	if len(pending) != 1 || pending[0] != b {
		t.Errorf("after delivering a: pending %v, want only b", pending)
	}
}

func TestCursorsLastUpdateAndCounters(t *testing.T) {
	db := openTemp(t, Options{})
	k := SessionKey{Channel: "telegram", Chat: "h"}
	err := db.Update(func(tx *Tx) error {
		if v, _ := tx.Cursor("offset"); v != 0 {
			t.Errorf("unset cursor = %d", v)
		}
		if err := tx.SetCursor("offset", 42); err != nil {
			return err
		}
		if err := tx.SetLastUpdate(k, 41); err != nil {
			return err
		}
		if err := tx.SetLastSent(k, 7); err != nil {
			return err
		}
		if err := tx.SetLastSent(k, 5); err != nil { // never goes back
			return err
		}
		if err := tx.Incr("start:flyer"); err != nil {
			return err
		}
		return tx.Incr("start:flyer")
	})
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *Tx) error {
		if v, _ := tx.Cursor("offset"); v != 42 {
			t.Errorf("cursor = %d", v)
		}
		if v, _ := tx.LastUpdate(k); v != 41 {
			t.Errorf("last update = %d", v)
		}
		if v, _ := tx.LastSent(k); v != 7 {
			t.Errorf("last sent = %d", v)
		}
		return nil
	})
	if c, _ := db.Counters(); c["start:flyer"] != 2 {
		t.Errorf("counters %v", c)
	}
}

func TestSecretIsStableAcrossReopen(t *testing.T) {
	db := openTemp(t, Options{})
	s1, err := db.Secret("hash", 32)
	if err != nil || len(s1) != 32 {
		t.Fatal(s1, err)
	}
	path := db.Path()
	db.Close()
	db = openChecked(t, path, Options{})
	s2, _ := db.Secret("hash", 32)
	if !bytes.Equal(s1, s2) {
		t.Error("secret changed across reopen")
	}
}

// A reply is removed by its number once sent; meanwhile the outbox may have
// emptied and a newer reply been queued, which must not get that number.
func TestOutboxNumbersAreNeverReused(t *testing.T) {
	db := openTemp(t, Options{})
	k := SessionKey{Channel: "test", Chat: "n"}
	mustUpdate := func(t *testing.T, db *DB, f func(tx *Tx) error) {
		t.Helper()
		if err := db.Update(f); err != nil {
			t.Fatal(err)
		}
	}
	var first uint64
	mustUpdate(t, db, func(tx *Tx) error {
		if err := tx.AppendOutbox(k, []byte("a")); err != nil {
			return err
		}
		items, err := tx.Outbox(k)
		first = items[0].Seq
		if err != nil {
			return err
		}
		return tx.DeleteOutbox(k, first) // the outbox is empty again
	})
	mustUpdate(t, db, func(tx *Tx) error { return tx.AppendOutbox(k, []byte("b")) })
	mustUpdate(t, db, func(tx *Tx) error { return tx.DeleteOutbox(k, first) }) // a late removal of "a"
	_ = db.View(func(tx *Tx) error {
		items, err := tx.Outbox(k)
		if err != nil || len(items) != 1 || string(items[0].Data) != "b" {
			t.Errorf("after a late removal of an old number: %v %v", items, err)
		}
		return nil
	})
}
