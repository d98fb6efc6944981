package store

import (
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
// The log is part of the conversation's sealed record.
func (tx *Tx) LogMessages(k SessionKey, date time.Time, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	c, err := tx.conv(k, true)
	if err != nil {
		return fmt.Errorf("store: log messages on %q: %w", k.Channel, err)
	}
	for _, id := range ids {
		c.msgs = append(c.msgs, Message{ID: id, Date: date.UTC().Truncate(time.Second)})
	}
	c.touch(date.Unix())
	return tx.changed(c)
}

// Messages returns conversation k's logged messages, in the order logged.
func (tx *Tx) Messages(k SessionKey) ([]Message, error) {
	c, err := tx.conv(k, false)
	if err != nil || c == nil {
		return nil, err
	}
	return append([]Message(nil), c.msgs...), nil
}

// PruneMessages forgets conversation k's messages sent before before.
func (tx *Tx) PruneMessages(k SessionKey, before time.Time) error {
	c, err := tx.conv(k, false)
	if err != nil || c == nil || c.corrupt {
		return err
	}
	return tx.pruneMessages(c, before)
}

func (tx *Tx) pruneMessages(c *conv, before time.Time) error {
	kept := c.msgs[:0]
	for _, m := range c.msgs {
		if !m.Date.Before(before) {
			kept = append(kept, m)
		}
	}
	if len(kept) == len(c.msgs) {
		return nil
	}
	c.msgs = kept
	return tx.changed(c)
}

// Erase removes everything kept about conversation k: its session, pending
// replies, chat record and message log. Its key is destroyed when the
// transaction commits: what the database's free pages may still hold of
// the conversation can no longer be read (see the package documentation).
// It costs the same whatever the size of the database.
func (tx *Tx) Erase(k SessionKey) error {
	id, err := tx.db.convID(k)
	if err == nil {
		err = tx.eraseID(id)
	}
	if err != nil {
		return fmt.Errorf("store: erase on %q: %w", k.Channel, err)
	}
	return nil
}

// Compact rewrites the database into a new file and puts it in place of
// the old one, leaving out its free pages: it gives back to the disk the
// space that erased conversations left. Erasure does not need it. It
// blocks every other use of the database while it runs and copies every
// live byte once, so it is for maintenance while komek does not serve
// (Open runs it once after converting an older file's conversations).
// It copies in transactions of at most compactTxSize bytes, so its memory
// does not grow with the file.
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
	if err := bolt.Compact(dst, db.bolt, compactTxSize); err != nil {
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

// compactTxSize bounds the bytes Compact copies in one transaction.
const compactTxSize = 4 << 20
