package store

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// KeyringPath returns the path of the keyring that belongs to the
// database at path: the conversations' keys (see the package
// documentation).
func KeyringPath(path string) string { return path + ".keys" }

// openKeys prepares what conversation records need, at Open: the secret
// of their IDs, the keyring (a new one when there is none, or when it is
// not the file's: the conversations sealed with another keyring can never
// be read and are dropped), the keyring's slots settled against the
// records, and an older file's conversations converted.
func (db *DB) openKeys() error {
	var err error
	if db.index = clone(db.opts.IndexKey); len(db.index) == 0 {
		if db.index, err = db.bootSecret("secret:conv-index"); err != nil {
			return fmt.Errorf("conversation index secret: %w", err)
		}
	}
	var want []byte
	_ = db.bolt.View(func(tx *bolt.Tx) error {
		want = clone(tx.Bucket(bucketMeta).Get(keyKeyring))
		return nil
	})
	path := KeyringPath(db.path)
	kr, err := openKeyring(path)
	switch {
	case err == nil && want != nil && bytes.Equal(kr.id, want):
	case err == nil || errors.Is(err, os.ErrNotExist) || errors.Is(err, errKeyringForeign):
		if kr != nil {
			_ = kr.close()
		}
		if kr, err = db.newKeyring(path); err != nil {
			return err
		}
	default:
		return fmt.Errorf("keyring %s: %w", path, err)
	}
	db.keys = kr
	if err := db.settleKeys(); err != nil {
		return fmt.Errorf("keyring %s: %w", path, err)
	}
	return db.convertLegacy()
}

// newKeyring drops the conversations no keyring can read any more, then
// creates a keyring at path and records its ID in the file.
func (db *DB) newKeyring(path string) (*keyring, error) {
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketConvs, bucketConvOutbox} {
			if k, _ := tx.Bucket(name).Cursor().First(); k == nil {
				continue
			}
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("drop unreadable conversations: %w", err)
	}
	kr, err := createKeyring(path)
	if err != nil {
		return nil, fmt.Errorf("create keyring %s: %w", path, err)
	}
	err = db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyKeyring, kr.id) })
	if err != nil {
		_ = kr.close()
		return nil, fmt.Errorf("record keyring %s: %w", path, err)
	}
	return kr, nil
}

// settleKeys tells the keyring which slots the records use.
func (db *DB) settleKeys() error {
	var used []bool
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketConvs).ForEach(func(_, v []byte) error {
			if h, ok := header(v); ok {
				if int(h.slot) >= len(used) {
					used = append(used, make([]bool, int(h.slot)+1-len(used))...)
				}
				used[h.slot] = true
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	return db.keys.settle(func(slot uint32) bool { return int(slot) < len(used) && used[slot] })
}

// bootSecret returns the random secret stored in meta under name, making it
// on first use.
func (db *DB) bootSecret(name string) ([]byte, error) {
	var out []byte
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get([]byte(name)); len(v) == 32 {
			out = clone(v)
			return nil
		}
		out = make([]byte, 32)
		if _, err := rand.Read(out); err != nil {
			return err
		}
		return meta.Put([]byte(name), out)
	})
	return out, err
}

// checkKeys reports a record whose key is missing or shared with another
// record, and keys the keyring could not destroy.
func (db *DB) checkKeys(tx *bolt.Tx) error {
	seen := make(map[uint32]bool)
	err := tx.Bucket(bucketConvs).ForEach(func(id, v []byte) error {
		h, ok := header(v)
		slot := h.slot
		switch {
		case !ok:
			return fmt.Errorf("conversation record %x: bad header", id[:4])
		case seen[slot]:
			return fmt.Errorf("keyring slot %d used by two conversations", slot)
		case db.keys.key(slot) == nil:
			return fmt.Errorf("conversation record %x: its key is missing", id[:4])
		}
		seen[slot] = true
		return nil
	})
	if err != nil {
		return err
	}
	db.keys.mu.Lock()
	defer db.keys.mu.Unlock()
	if n := len(db.keys.dirty); n > 0 {
		return fmt.Errorf("%d erased conversations' keys could not be overwritten yet", n)
	}
	return nil
}
