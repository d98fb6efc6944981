package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Tx is a transaction on the database, handed to the function given to
// Update or View. Its methods compose: call several inside one function and
// they commit, or roll back, together.
//
// A Tx is not safe for concurrent use, and is valid only until the function
// it was passed to returns. Values its methods return are copies the caller
// owns.
type Tx struct {
	tx *bolt.Tx
}

// Update runs fn in a read-write transaction. When fn returns nil the
// transaction is committed; when fn returns an error or panics, it is rolled
// back and Update returns fn's error unchanged. Only one Update runs at a
// time; others wait. Do not start another transaction (Update, View, or a
// DB method such as Table) inside fn: it can deadlock. Use fn's Tx instead.
func (db *DB) Update(fn func(*Tx) error) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	btx, err := db.bolt.Begin(true)
	if err != nil {
		return fmt.Errorf("store: begin update: %w", err)
	}
	defer func() { _ = btx.Rollback() }() // no-op after Commit
	if err := fn(&Tx{tx: btx}); err != nil {
		return err
	}
	if err := btx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// View runs fn in a read-only transaction and returns fn's error unchanged.
// It sees the database as of its start, and runs in parallel with other
// Views and with one Update. Methods that write fail inside View. As with
// Update, do not start another transaction inside fn.
func (db *DB) View(fn func(*Tx) error) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	btx, err := db.bolt.Begin(false)
	if err != nil {
		return fmt.Errorf("store: begin view: %w", err)
	}
	defer func() { _ = btx.Rollback() }()
	return fn(&Tx{tx: btx})
}

// bucket returns the named bucket, which Open's migrations guarantee.
func (tx *Tx) bucket(name []byte) (*bolt.Bucket, error) {
	b := tx.tx.Bucket(name)
	if b == nil {
		return nil, fmt.Errorf("%w: bucket %q is missing", ErrCorrupt, name)
	}
	return b, nil
}
