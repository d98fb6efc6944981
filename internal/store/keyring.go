package store

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// The keyring is the file beside the database (its path plus ".keys") that
// holds the conversations' encryption keys: a header, then fixed slots of
// keySize bytes. A conversation's record in the database names its slot.
// Unlike the database, whose pages are copied on write, the keyring is
// written in place: erasing a conversation overwrites its slot with zeros
// and syncs the file, so the key is gone from the disk, and with it any
// way to read what the database's free pages may still hold of that
// conversation. A slot of zeros is empty.
//
// Header: keyringMagic, then the keyring's random ID, which the database
// also keeps (meta "keyring"): a keyring that does not belong to the
// database (a restored backup, a lost file) is recognised and replaced.

const (
	keySize      = 32
	keyringMagic = "komek-keyring-1\n"
	keyringHead  = len(keyringMagic) + 16
	// keyringFill is how many fresh keys one refill writes and syncs at
	// once, so a new conversation rarely waits for the disk.
	keyringFill = 64
)

type keyring struct {
	mu   sync.Mutex
	f    *os.File
	id   []byte
	keys []byte   // the slots as on disk, slot i at keys[i*keySize:]
	used []bool   // referenced by a committed conversation record
	free []uint32 // empty slots, zeros on disk
	pool []uint32 // slots holding fresh synced keys no record uses yet
	// dirty are released slots whose zeroing failed; retried on release.
	dirty []uint32
}

// createKeyring writes a new, empty keyring at path, in place of any file
// there, and returns it open.
func createKeyring(path string) (*keyring, error) {
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return nil, err
	}
	tmp := path + ".new"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	_, err = f.Write(append([]byte(keyringMagic), id...))
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = f.Close()
		_ = os.Remove(tmp)
		return nil, err
	}
	return &keyring{f: f, id: id}, nil
}

// openKeyring opens the keyring at path; it fails with os.ErrNotExist when
// there is none, and errKeyringForeign when it is not one.
func openKeyring(path string) (*keyring, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	if len(data) < keyringHead || string(data[:len(keyringMagic)]) != keyringMagic {
		_ = f.Close()
		return nil, errKeyringForeign
	}
	k := &keyring{f: f, id: clone(data[len(keyringMagic):keyringHead])}
	slots := data[keyringHead:]
	k.keys = clone(slots[:len(slots)/keySize*keySize]) // a torn last slot is dropped
	k.used = make([]bool, len(k.keys)/keySize)
	return k, nil
}

var errKeyringForeign = errors.New("not a komek keyring")

// settle is called once at open with the slots the database's records
// reference: every other slot that still holds a key (left by a crash
// between a commit and the zeroing, or a fresh key never used) is zeroed,
// and the empty slots become free.
func (k *keyring) settle(used func(slot uint32) bool) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	var zero []uint32
	for i := range k.used {
		k.used[i] = used(uint32(i))
		switch {
		case k.used[i]:
		case k.empty(uint32(i)):
			k.free = append(k.free, uint32(i))
		default:
			zero = append(zero, uint32(i))
		}
	}
	return k.zero(zero)
}

func (k *keyring) empty(slot uint32) bool {
	return bytes.Count(k.slot(slot), []byte{0}) == keySize
}

func (k *keyring) slot(i uint32) []byte { return k.keys[int(i)*keySize : int(i+1)*keySize] }

// key returns a copy of the key in slot, or nil when the slot is empty or
// out of range.
func (k *keyring) key(slot uint32) []byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	if int(slot) >= len(k.used) || k.empty(slot) {
		return nil
	}
	return clone(k.slot(slot))
}

// alloc returns a slot holding a fresh key that is already on disk. The
// caller's transaction references it; if that transaction does not commit
// the caller gives it back with unalloc.
func (k *keyring) alloc() (uint32, []byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.pool) == 0 {
		if err := k.refill(); err != nil {
			return 0, nil, fmt.Errorf("keyring: %w", err)
		}
	}
	slot := k.pool[len(k.pool)-1]
	k.pool = k.pool[:len(k.pool)-1]
	k.used[slot] = true
	return slot, clone(k.slot(slot)), nil
}

// refill writes keyringFill fresh keys into free slots (growing the file
// when none are free) and syncs them.
func (k *keyring) refill() error {
	var fresh []uint32
	for range keyringFill {
		var slot uint32
		if n := len(k.free); n > 0 {
			slot, k.free = k.free[n-1], k.free[:n-1]
		} else {
			slot = uint32(len(k.used))
			k.used = append(k.used, false)
			k.keys = append(k.keys, make([]byte, keySize)...)
		}
		if _, err := rand.Read(k.slot(slot)); err != nil {
			return err
		}
		if err := k.write(slot); err != nil {
			return err
		}
		fresh = append(fresh, slot)
	}
	if err := k.f.Sync(); err != nil {
		return err
	}
	k.pool = append(k.pool, fresh...)
	return nil
}

func (k *keyring) write(slot uint32) error {
	_, err := k.f.WriteAt(k.slot(slot), int64(keyringHead)+int64(slot)*keySize)
	return err
}

// unalloc gives back slots whose transaction rolled back: their keys were
// never used and stay in the pool.
func (k *keyring) unalloc(slots []uint32) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, s := range slots {
		k.used[s] = false
		k.pool = append(k.pool, s)
	}
}

// release destroys the keys in slots, whose records a committed
// transaction deleted: it overwrites them with zeros and syncs. Slots it
// could not zero are retried on the next release and at the next open.
func (k *keyring) release(slots []uint32) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	zero := k.dirty
	for _, s := range slots {
		if int(s) < len(k.used) && k.used[s] { // never a slot already empty or free
			k.used[s] = false
			zero = append(zero, s)
		}
	}
	return k.zero(zero)
}

// zero overwrites slots with zeros and syncs the file once; k.mu is held.
func (k *keyring) zero(slots []uint32) error {
	if len(slots) == 0 {
		return nil
	}
	for _, s := range slots {
		clear(k.slot(s))
		if err := k.write(s); err != nil {
			k.dirty = slots
			return fmt.Errorf("keyring: destroy keys: %w", err)
		}
	}
	if err := k.f.Sync(); err != nil {
		k.dirty = slots
		return fmt.Errorf("keyring: destroy keys: %w", err)
	}
	k.dirty = nil
	k.free = append(k.free, slots...)
	return nil
}

// stats returns how many slots hold a key a record uses, and the slots in
// all.
func (k *keyring) stats() (used, slots int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, u := range k.used {
		if u {
			used++
		}
	}
	return used, len(k.used)
}

func (k *keyring) close() error { return k.f.Close() }
