package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/komek-kz/komek/internal/referral"
)

// DefaultLockTimeout is how long Open waits for another process to release
// the database when Options.LockTimeout is zero.
const DefaultLockTimeout = time.Second

// Options configure Open. The zero value is valid.
type Options struct {
	// LockTimeout is how long Open waits for another process to release
	// the database before failing with ErrLocked. Zero means
	// DefaultLockTimeout; a negative value tries once and fails at once.
	LockTimeout time.Duration

	// Seed returns the referral table to store on first start. Open calls
	// it, inside its transaction, only while no table has ever been stored
	// in the file (neither by an earlier seeding nor by ReplaceTable): once
	// a table is stored, Seed is never called again for this file, even if
	// the table is later emptied. An error from Seed fails Open and leaves
	// the file as it was, so the next Open tries again. Nil means do not
	// seed.
	Seed func() ([]referral.Organization, error)

	// IndexKey, when set, is the secret with which conversation IDs are
	// hashed into the keys of their records (see the package
	// documentation). Kept outside the file (komek derives it from
	// KOMEK_HASH_KEY when that is set), it makes the IDs an erased
	// conversation may leave in free pages impossible to tie to a chat.
	// When nil, a random secret stored in the file is used. Changing it
	// makes every stored conversation unreachable: they expire with the TTL.
	IndexKey []byte
}

func (o Options) lockTimeout() time.Duration {
	if o.LockTimeout == 0 {
		return DefaultLockTimeout
	}
	return o.LockTimeout
}

// DB is an open Komek database. It is safe for concurrent use by multiple
// goroutines. Close it when done: it holds an exclusive lock on the file.
type DB struct {
	// mu guards bolt: every transaction holds it for reading; Compact,
	// which swaps the file, and Close hold it for writing.
	mu   sync.RWMutex
	bolt *bolt.DB
	path string
	opts Options
	// batch gathers concurrent Batch calls (batch.go).
	batch batcher
	// index is the secret of conversation IDs (convID); keys holds the
	// conversations' keys (keyring.go).
	index []byte
	keys  *keyring
}

// Open opens the database at path, creating missing parent directories
// (mode 0700) and the file (mode 0600), migrates its schema to the current
// version and, on first start, stores the table opts.Seed returns; the
// migrations and the seeding happen in one transaction.
//
// Open fails with an error wrapping ErrLocked when the file stays locked for
// opts.LockTimeout, ErrNewerSchema when a newer komek wrote it, and
// ErrNotDatabase when it is not a bbolt database. Every error names the path
// and reads as advice to the operator.
func Open(path string, opts Options) (*DB, error) {
	b, err := openBolt(path, opts.lockTimeout())
	if err != nil {
		return nil, err
	}
	err = b.Update(func(tx *bolt.Tx) error { return prepare(&Tx{tx: tx}, opts.Seed) })
	if err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db := &DB{bolt: b, path: path, opts: opts}
	if err := db.openKeys(); err != nil {
		_ = b.Close()
		if db.keys != nil {
			_ = db.keys.close()
		}
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return db, nil
}

// openBolt opens the bbolt file and turns bbolt's errors into advice.
func openBolt(path string, timeout time.Duration) (*bolt.DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := checkHeader(path); err != nil {
		return nil, notDatabase(path, err)
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	switch {
	case err == nil:
		return b, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("store: open %s: %w (is \"komek serve\" running?); "+
			"stop it, or use another database with --db or KOMEK_DB", path, ErrLocked)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch),
		errors.Is(err, berrors.ErrChecksum):
		return nil, notDatabase(path, err)
	}
	return nil, fmt.Errorf("store: open %s: %w", path, err)
}

func notDatabase(path string, err error) error {
	return fmt.Errorf("store: open %s: %w (%w); restore a backup, "+
		"or use another database with --db or KOMEK_DB", path, ErrNotDatabase, err)
}

// boltMagic is the number bbolt writes in the meta pages of every file.
const boltMagic = 0xED0CDAED

// checkHeader refuses a non-empty file smaller than two of this machine's
// pages unless it starts like a bbolt file. bbolt refuses such a file too, but
// with an unexported error ("file size too small") that Open could not tell
// apart from other failures. Larger files are left to bbolt, which reports
// them with its exported errors, and so are files checkHeader cannot read:
// bbolt reports the real reason (permission denied, …).
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // missing: bbolt creates it; unreadable: bbolt says why
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.Size() == 0 || info.Size() >= 2*int64(os.Getpagesize()) {
		return nil
	}
	// A page header is 16 bytes (id, flags, count, overflow); the meta
	// page's magic number follows, in the machine's byte order.
	var head [20]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return fmt.Errorf("%d bytes is too short", info.Size())
	}
	if binary.NativeEndian.Uint32(head[16:]) != boltMagic {
		return errors.New("no bbolt header")
	}
	return nil
}

// Path returns the path the database was opened with.
func (db *DB) Path() string { return db.path }

// Close releases the file lock and closes the database. It waits for open
// transactions to finish. Calling Close again does nothing.
func (db *DB) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", db.path, err)
	}
	if err := db.keys.close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("store: close %s: %w", db.path, err)
	}
	return nil
}

// Check runs bbolt's consistency check (unreachable or doubly used pages,
// unsorted keys, …) in a read transaction, then checks that every
// conversation record has its own key in the keyring and that every erased
// conversation's key was destroyed, and returns the first problem it finds,
// or nil. It reads the whole file.
func (db *DB) Check() error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	var first error
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() { // drain: the checker blocks on send
			if first == nil {
				first = err
			}
		}
		if first == nil {
			first = db.checkKeys(tx)
		}
		return nil
	})
	if err == nil {
		err = first
	}
	if err != nil {
		return fmt.Errorf("store: check %s: %w", db.path, err)
	}
	return nil
}
