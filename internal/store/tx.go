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
	db *DB // nil in Open's migrations and in Verify
	// convs are the conversation records read or changed (record.go).
	convs map[string]*conv
	// allocated are keyring slots given to new records; released, slots
	// whose keys are to be destroyed once the transaction commits.
	allocated, released []uint32
}

func (db *DB) newTx(btx *bolt.Tx) *Tx {
	return &Tx{tx: btx, db: db, convs: make(map[string]*conv)}
}

// Update runs fn in a read-write transaction. When fn returns nil the
// transaction is committed; when fn returns an error or panics, it is rolled
// back and Update returns fn's error unchanged. Only one Update runs at a
// time; others wait. Do not start another transaction (Update, View, or a
// DB method such as Table) inside fn: it can deadlock. Use fn's Tx instead.
//
// After the commit, the keys of the conversations the transaction erased
// are destroyed (see the package documentation).
func (db *DB) Update(fn func(*Tx) error) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	btx, err := db.bolt.Begin(true)
	if err != nil {
		return fmt.Errorf("store: begin update: %w", err)
	}
	tx := db.newTx(btx)
	committed := false
	defer func() {
		if !committed {
			_ = btx.Rollback()
			db.keys.unalloc(tx.allocated)
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.flush(); err != nil {
		return err
	}
	if err := btx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	committed = true
	// A key that could not be overwritten stays listed and is retried on
	// the next release and at the next Open; Check reports it meanwhile.
	_ = db.keys.release(tx.released)
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
	return fn(db.newTx(btx))
}

// bucket returns the named bucket, which Open's migrations guarantee.
func (tx *Tx) bucket(name []byte) (*bolt.Bucket, error) {
	b := tx.tx.Bucket(name)
	if b == nil {
		return nil, fmt.Errorf("%w: bucket %q is missing", ErrCorrupt, name)
	}
	return b, nil
}
