package store

import (
	"encoding/binary"
	"fmt"
)

// Cursor returns the named position (for example the Telegram update
// offset), 0 when never set.
func (tx *Tx) Cursor(name string) (int64, error) {
	b, err := tx.bucket(bucketCursors)
	if err != nil {
		return 0, err
	}
	v := b.Get([]byte(name))
	if len(v) != 8 {
		return 0, nil
	}
	return int64(binary.BigEndian.Uint64(v)), nil
}

// SetCursor stores the named position.
func (tx *Tx) SetCursor(name string, v int64) error {
	b, err := tx.bucket(bucketCursors)
	if err != nil {
		return err
	}
	if err := b.Put([]byte(name), binary.BigEndian.AppendUint64(nil, uint64(v))); err != nil {
		return fmt.Errorf("store: set cursor %q: %w", name, err)
	}
	return nil
}

// Incr adds one to the anonymous counter name (for example how many people
// came through a deep link). Counters never hold anything about a person.
func (tx *Tx) Incr(name string) error {
	b, err := tx.bucket(bucketStats)
	if err != nil {
		return err
	}
	var n uint64
	if v := b.Get([]byte(name)); len(v) == 8 {
		n = binary.BigEndian.Uint64(v)
	}
	if err := b.Put([]byte(name), binary.BigEndian.AppendUint64(nil, n+1)); err != nil {
		return fmt.Errorf("store: count %q: %w", name, err)
	}
	return nil
}

// Counters returns every anonymous counter.
func (db *DB) Counters() (map[string]uint64, error) {
	out := make(map[string]uint64)
	err := db.View(func(tx *Tx) error {
		b, err := tx.bucket(bucketStats)
		if err != nil {
			return err
		}
		return b.ForEach(func(k, v []byte) error {
			if len(v) == 8 {
				out[string(k)] = binary.BigEndian.Uint64(v)
			}
			return nil
		})
	})
	return out, err
}
