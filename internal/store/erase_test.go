package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
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

// traces returns the byte strings that would tie a file to the chat with
// the given ID and hashed key: the ID in decimal, as 8 bytes either way
// round, and the hashed key.
func traces(chatID int64, hashed string) [][]byte {
	return [][]byte{[]byte(fmt.Sprint(chatID)), binary.BigEndian.AppendUint64(nil, uint64(chatID)),
		binary.LittleEndian.AppendUint64(nil, uint64(chatID)), []byte(hashed)}
}

// fill stores n idle conversations, so the file is larger than one erasure
// touches.
func fill(t *testing.T, db *DB, n int) {
	t.Helper()
	for done := 0; done < n; {
		err := db.Update(func(tx *Tx) error {
			for i := 0; i < 500 && done < n; i, done = i+1, done+1 {
				k := SessionKey{Channel: "telegram", Chat: fmt.Sprintf("filler-%06d", done)}
				if err := tx.PutSession(k, state(now)); err != nil {
					return err
				}
				if err := tx.SetLastUpdate(k, int64(done)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// victim stores a conversation whose outbox holds the chat ID and a marker
// text, with a session, a chat record and a message log, and returns its
// key as the keyring holds it and its record as the file holds it.
func victim(t *testing.T, db *DB, k SessionKey, chatID int64) (key, record []byte) {
	t.Helper()
	err := db.Update(func(tx *Tx) error {
		for _, err := range []error{
			tx.PutSession(k, state(now)),
			tx.AppendOutbox(k, []byte(fmt.Sprintf(`{"c":%d,"t":"secret-marker"}`, chatID))),
			tx.LogMessages(k, now, 1, 2, chatID),
			tx.SetLastUpdate(k, chatID), tx.SetLastSent(k, chatID),
		} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.View(func(tx *Tx) error {
		c, _ := tx.conv(k, false)
		key, record = db.keys.key(c.slot), clone(tx.tx.Bucket(bucketConvs).Get(c.id))
		return nil
	})
	return key, record
}

// After Erase, the conversation's key is gone from the keyring file and
// from the database file, so whatever the free pages still hold of it (its
// sealed record, below) can no longer be opened with any key there is;
// nothing in either file is the chat ID or its hashed key; the other
// conversations are intact. With a database that was large before, too.
func TestEraseDestroysTheKeySoFreePagesHoldOnlyCiphertext(t *testing.T) {
	for _, others := range []int{0, 5000} {
		t.Run(fmt.Sprintf("%d others", others), func(t *testing.T) {
			db := openTemp(t, Options{})
			fill(t, db, others)
			const chatID = 987654321
			gone := SessionKey{Channel: "telegram", Chat: "erase-me-7f3a9c"}
			kept := SessionKey{Channel: "telegram", Chat: "keep-me-11b2"}
			putSession(t, db, kept, state(now))
			key, record := victim(t, db, gone, chatID)
			if len(key) != keySize || len(record) == 0 {
				t.Fatalf("no key (%d bytes) or record (%d bytes)", len(key), len(record))
			}
			if err := db.Update(func(tx *Tx) error { return tx.Erase(gone) }); err != nil {
				t.Fatal(err)
			}
			file, _ := os.ReadFile(db.Path())
			ring, _ := os.ReadFile(KeyringPath(db.Path()))
			for _, trace := range append(traces(chatID, gone.Chat), key, []byte("secret-marker")) {
				if bytes.Contains(file, trace) || bytes.Contains(ring, trace) {
					t.Errorf("%q is still on disk after Erase", trace)
				}
			}
			if bytes.Contains(file, record) {
				t.Log("the erased record is still in a free page: it must not open with any key")
			}
			assertNoKeyOpens(t, db, record, gone)
			var st struct{ has bool }
			_ = db.View(func(tx *Tx) (err error) { _, st.has, err = tx.Session(kept); return err })
			if !st.has {
				t.Error("the other conversation is gone")
			}
			if err := db.Check(); err != nil {
				t.Error(err)
			}
		})
	}
}

// assertNoKeyOpens checks that no key in the keyring opens the record that
// was stored for k.
func assertNoKeyOpens(t *testing.T, db *DB, record []byte, k SessionKey) {
	t.Helper()
	id, _ := db.convID(k)
	used, slots := db.keys.stats()
	for s := range uint32(slots) {
		key := db.keys.key(s)
		if key == nil {
			continue
		}
		aead, _ := newAEAD(key)
		if _, err := unseal(aead, record[recordHead:], id); err == nil {
			t.Fatalf("keyring slot %d (of %d, %d used) still opens the erased record", s, slots, used)
		}
	}
}

// A crash between the commit that erases a conversation and the
// overwriting of its key: the next Open finds the key no record uses and
// destroys it.
func TestOpenDestroysKeysLeftByACrashDuringErasure(t *testing.T) {
	path := t.TempDir() + "/komek.db"
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	gone := SessionKey{Channel: "telegram", Chat: "crash-7"}
	key, record := victim(t, db, gone, 42424242)
	// The commit without the key's destruction, as a kill would leave it.
	err = db.bolt.Update(func(btx *bolt.Tx) error {
		id, _ := db.convID(gone)
		if err := btx.Bucket(bucketConvOutbox).DeleteBucket(id); err != nil {
			return err
		}
		return btx.Bucket(bucketConvs).Delete(id)
	})
	if err != nil {
		t.Fatal(err)
	}
	if ring, _ := os.ReadFile(KeyringPath(path)); !bytes.Contains(ring, key) {
		t.Fatal("the test's premise: the key should still be in the keyring")
	}
	db.Close()
	db = openChecked(t, path, Options{})
	if ring, _ := os.ReadFile(KeyringPath(path)); bytes.Contains(ring, key) {
		t.Error("the key of the erased conversation survived the reopening")
	}
	assertNoKeyOpens(t, db, record, gone)
}

// A database whose keyring is missing or belongs to another database (a
// restored backup, a copied file) keeps its table and forgets the
// conversations, which nothing can read any more.
func TestOpenWithoutItsKeyringForgetsTheConversations(t *testing.T) {
	path := t.TempDir() + "/komek.db"
	db, err := Open(path, Options{Seed: func() ([]referral.Organization, error) { return sampleTable(), nil }})
	if err != nil {
		t.Fatal(err)
	}
	k := SessionKey{Channel: "telegram", Chat: "c1"}
	putSession(t, db, k, state(now))
	db.Close()
	if err := os.Remove(KeyringPath(path)); err != nil {
		t.Fatal(err)
	}
	db = openChecked(t, path, Options{})
	if _, ok, err := session(t, db, k); ok || err != nil {
		t.Errorf("session without its keyring: ok=%v err=%v", ok, err)
	}
	if orgs, err := db.Table(); len(orgs) != len(sampleTable()) || err != nil {
		t.Errorf("table: %d organisations, %v", len(orgs), err)
	}
	putSession(t, db, k, state(now)) // and the conversation starts afresh
}
