package store

import (
	"crypto/rand"
	"fmt"
)

// Secret returns the random secret stored under name, creating n random
// bytes on first use. It serves as the default key for hashing chat IDs
// when the operator configures none; a key kept outside the database
// (KOMEK_HASH_KEY) is stronger, because whoever holds the file and this key
// could test guesses of chat IDs against the hashes.
func (db *DB) Secret(name string, n int) ([]byte, error) {
	key := []byte("secret:" + name)
	var out []byte
	err := db.Update(func(tx *Tx) error {
		meta, err := tx.bucket(bucketMeta)
		if err != nil {
			return err
		}
		if v := meta.Get(key); len(v) == n {
			out = clone(v)
			return nil
		}
		out = make([]byte, n)
		if _, err := rand.Read(out); err != nil {
			return err
		}
		return meta.Put(key, out)
	})
	if err != nil {
		return nil, fmt.Errorf("store: secret %q: %w", name, err)
	}
	return out, nil
}
