package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Message is one message of a chat whose ID a channel keeps so that a quick
// exit can delete it: its ID and when it was sent.
type Message struct {
	ID   int64
	Date time.Time
}

// LogMessages records messages of conversation k sent at date. Channels
// keep them only as long as they can still delete them (see PruneMessages).
func (tx *Tx) LogMessages(k SessionKey, date time.Time, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	b, err := tx.convBucket(bucketMsgs, k, true)
	if err != nil {
		return fmt.Errorf("store: log messages on %q: %w", k.Channel, err)
	}
	v := binary.BigEndian.AppendUint64(nil, uint64(date.Unix()))
	for _, id := range ids {
		if err := b.Put(binary.BigEndian.AppendUint64(nil, uint64(id)), v); err != nil {
			return fmt.Errorf("store: log messages on %q: %w", k.Channel, err)
		}
	}
	return nil
}

// Messages returns conversation k's logged messages, by ID.
func (tx *Tx) Messages(k SessionKey) ([]Message, error) {
	b, err := tx.convBucket(bucketMsgs, k, false)
	if err != nil || b == nil {
		return nil, err
	}
	var out []Message
	err = b.ForEach(func(key, v []byte) error {
		if len(key) == 8 && len(v) == 8 {
			out = append(out, Message{ID: int64(binary.BigEndian.Uint64(key)), Date: time.Unix(int64(binary.BigEndian.Uint64(v)), 0).UTC()})
		}
		return nil
	})
	return out, err
}

// PruneMessages forgets conversation k's messages sent before before.
func (tx *Tx) PruneMessages(k SessionKey, before time.Time) error {
	b, err := tx.convBucket(bucketMsgs, k, false)
	if err != nil || b == nil {
		return err
	}
	c := b.Cursor()
	for key, v := c.First(); key != nil; key, v = c.Next() {
		if len(v) == 8 && time.Unix(int64(binary.BigEndian.Uint64(v)), 0).Before(before) {
			if err := c.Delete(); err != nil {
				return err
			}
		}
	}
	return nil
}

// Erase removes everything kept about conversation k: its session, pending
// replies, chat record and message log. The bytes stay in the file's free
// pages until Compact rewrites it.
func (tx *Tx) Erase(k SessionKey) error {
	key, err := k.key()
	if err != nil {
		return err
	}
	if err := tx.DeleteSession(k); err != nil {
		return err
	}
	for _, parent := range [][]byte{bucketOutbox, bucketMsgs} {
		if err := tx.deleteConv(parent, key); err != nil {
			return fmt.Errorf("store: erase on %q: %w", k.Channel, err)
		}
	}
	return tx.ForgetChat(k)
}

// Compact rewrites the database into a new file and puts it in place of
// the old one, so that nothing deleted survives in free pages: after Erase
// and Compact, the erased bytes are gone from the database file. It blocks
// every other use of the database while it runs (milliseconds for a
// small database; it copies every live byte once).
//
// The new file is written beside the old one, opened (taking its lock)
// before it is renamed over the old path, so no other process can slip in
// between; the old file is then closed and, unlinked by the rename,
// released by the filesystem.
func (db *DB) Compact() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	tmp := db.path + ".compacting"
	_ = os.Remove(tmp) // a leftover of an interrupted compaction
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: db.opts.lockTimeout()})
	if err != nil {
		return fmt.Errorf("store: compact %s: %w", db.path, err)
	}
	if err := bolt.Compact(dst, db.bolt, 0); err != nil {
		_ = dst.Close()
		_ = os.Remove(tmp)
		return fmt.Errorf("store: compact %s: %w", db.path, err)
	}
	if err := dst.Sync(); err != nil {
		return errors.Join(fmt.Errorf("store: compact %s: %w", db.path, err), dst.Close(), os.Remove(tmp))
	}
	if err := os.Rename(tmp, db.path); err != nil {
		return errors.Join(fmt.Errorf("store: compact %s: %w", db.path, err), dst.Close(), os.Remove(tmp))
	}
	_ = syncDir(filepath.Dir(db.path))
	old := db.bolt
	db.bolt = dst
	if err := old.Close(); err != nil {
		return fmt.Errorf("store: compact %s: close the old file: %w", db.path, err)
	}
	return nil
}

// PruneAllMessages forgets, in every conversation, the logged messages sent
// before before: once a chat's messages are too old to delete, their IDs
// serve nothing.
func (db *DB) PruneAllMessages(before time.Time) error {
	return db.Update(func(tx *Tx) error {
		parent, err := tx.bucket(bucketMsgs)
		if err != nil {
			return err
		}
		var empty [][]byte
		err = parent.ForEachBucket(func(k []byte) error {
			b := parent.Bucket(k)
			c := b.Cursor()
			for key, v := c.First(); key != nil; key, v = c.Next() {
				if len(v) == 8 && time.Unix(int64(binary.BigEndian.Uint64(v)), 0).Before(before) {
					if err := c.Delete(); err != nil {
						return err
					}
				}
			}
			if first, _ := b.Cursor().First(); first == nil {
				empty = append(empty, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: prune messages: %w", err)
		}
		for _, k := range empty {
			if err := parent.DeleteBucket(k); err != nil {
				return fmt.Errorf("store: prune messages: %w", err)
			}
		}
		return nil
	})
}
