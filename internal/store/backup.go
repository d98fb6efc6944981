package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// WriteTo writes a consistent copy of the whole database to w: the file as
// one read transaction sees it. It is safe while the database is in use:
// conversations and imports go on, and the copy holds either all or none of
// each of their transactions. The copy opens as a komek database of the same
// schema. It returns the number of bytes written.
func (db *DB) WriteTo(w io.Writer) (int64, error) {
	var n int64
	db.mu.RLock()
	defer db.mu.RUnlock()
	err := db.bolt.View(func(tx *bolt.Tx) (err error) {
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: write copy of %s: %w", db.path, err)
	}
	return n, nil
}

// Info describes a database file that Verify accepted.
type Info struct {
	// Schema is the file's schema version.
	Schema uint64
	// Organizations and Services count the stored referral table.
	Organizations, Services int
	// Sessions counts the conversations in progress.
	Sessions int
}

// Verify checks, without changing it, that the file at path is a komek
// database this binary can open: a bbolt file (ErrNotDatabase otherwise)
// with the komek buckets, a schema no newer than this binary knows
// (ErrNewerSchema otherwise), a referral table every record of which
// decodes, and no inconsistency bbolt's check finds (ErrCorrupt otherwise).
// It opens the file read-only and shares the lock with other readers; it
// fails with ErrLocked when a process holds the file for writing longer
// than timeout (zero means DefaultLockTimeout).
func Verify(path string, timeout time.Duration) (Info, error) {
	info, err := verify(path, timeout)
	if err != nil {
		return Info{}, fmt.Errorf("store: verify %s: %w", path, err)
	}
	return info, nil
}

func verify(path string, timeout time.Duration) (Info, error) {
	if timeout == 0 {
		timeout = DefaultLockTimeout
	}
	if _, err := os.Stat(path); err != nil {
		return Info{}, err
	}
	if err := checkHeader(path); err != nil {
		return Info{}, fmt.Errorf("%w (%w)", ErrNotDatabase, err)
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: true})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return Info{}, ErrLocked
	case err != nil:
		return Info{}, fmt.Errorf("%w (%w)", ErrNotDatabase, err)
	}
	defer b.Close()
	var info Info
	err = b.View(func(btx *bolt.Tx) error {
		tx := &Tx{tx: btx}
		for _, name := range [][]byte{bucketMeta, bucketOrgs, bucketSessions} {
			if btx.Bucket(name) == nil {
				return fmt.Errorf("%w: bucket %q is missing; it is not a komek database", ErrNotDatabase, name)
			}
		}
		v, err := tx.schema()
		if err != nil {
			return err
		}
		if v > schemaVersion {
			return fmt.Errorf("%w (schema %d; this komek knows up to %d)", ErrNewerSchema, v, schemaVersion)
		}
		orgs, err := tx.Table()
		if err != nil {
			return err
		}
		info = Info{Schema: v, Organizations: len(orgs), Sessions: countSessions(btx)}
		for _, o := range orgs {
			info.Services += len(o.Services)
		}
		for err := range btx.Check() {
			return fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
		return nil
	})
	return info, err
}

// Restore replaces the database file at target with a copy of the backup
// at src, after Verify has accepted src. The target must not be in use: if
// another process (a running "komek serve") holds it for longer than
// timeout, Restore fails with an error wrapping ErrLocked and changes
// nothing. The copy is written to a temporary file beside target, synced,
// and renamed over target, so target is at every moment either the old
// database or the whole backup. A missing target is created (mode 0600).
//
// Restore holds target's lock while it replaces the file; a process that
// opens target afterwards opens the restored database.
func Restore(src, target string, timeout time.Duration) (Info, error) {
	info, err := Verify(src, timeout)
	if err != nil {
		return Info{}, err
	}
	if err := restore(src, target, timeout); err != nil {
		return Info{}, fmt.Errorf("store: restore %s from %s: %w", target, src, err)
	}
	return info, nil
}

func restore(src, target string, timeout time.Duration) error {
	if timeout == 0 {
		timeout = DefaultLockTimeout
	}
	if same, err := sameFile(src, target); err != nil || same {
		if same {
			return errors.New("the backup and the database are the same file")
		}
		return err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return err
	}
	unlock, err := lockFile(target, timeout)
	if err != nil {
		return err
	}
	defer unlock()
	tmp, err := copyToTemp(src, filepath.Dir(target))
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(target))
}

// sameFile reports whether a and b name one existing file.
func sameFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

// copyToTemp copies src to a new temporary file in dir, synced to disk,
// and returns its name.
func copyToTemp(src, dir string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.CreateTemp(dir, ".komek-restore-*")
	if err != nil {
		return "", err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Chmod(0o600)
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out.Name())
		return "", err
	}
	return out.Name(), nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	_ = d.Sync() // not supported everywhere; the rename is done either way
	return nil
}

// countSessions counts the conversations with a session, from the records'
// headers (and an older file's sessions bucket), without any key.
func countSessions(btx *bolt.Tx) int {
	n := btx.Bucket(bucketSessions).Stats().KeyN
	if b := btx.Bucket(bucketConvs); b != nil {
		_ = b.ForEach(func(_, v []byte) error {
			if h, ok := header(v); ok && h.flags&flagSession != 0 {
				n++
			}
			return nil
		})
	}
	return n
}
