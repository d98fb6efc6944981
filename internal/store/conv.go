package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// convBucket returns conversation k's nested bucket inside the top-level
// bucket parent, creating it when create is set; without create, a missing
// bucket is (nil, nil).
func (tx *Tx) convBucket(parent []byte, k SessionKey, create bool) (*bolt.Bucket, error) {
	key, err := k.key()
	if err != nil {
		return nil, err
	}
	p, err := tx.bucket(parent)
	if err != nil {
		return nil, err
	}
	if !create {
		return p.Bucket(key), nil
	}
	return p.CreateBucketIfNotExists(key)
}

func (tx *Tx) deleteConv(parent []byte, k []byte) error {
	p, err := tx.bucket(parent)
	if err != nil {
		return err
	}
	if err := p.DeleteBucket(k); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
		return err
	}
	return nil
}

// A conversation's record in the chats bucket: the last update handled
// and the last message the bot is known to have sent, 8 bytes each.
type chatRecord struct {
	lastUpdate int64
	lastSent   int64
}

func (tx *Tx) chat(k SessionKey) (chatRecord, []byte, *bolt.Bucket, error) {
	key, err := k.key()
	if err != nil {
		return chatRecord{}, nil, nil, err
	}
	b, err := tx.bucket(bucketChats)
	if err != nil {
		return chatRecord{}, nil, nil, err
	}
	var r chatRecord
	if v := b.Get(key); len(v) >= 8 {
		r.lastUpdate = int64(binary.BigEndian.Uint64(v))
		if len(v) >= 16 {
			r.lastSent = int64(binary.BigEndian.Uint64(v[8:]))
		}
	}
	return r, key, b, nil
}

func (tx *Tx) putChat(k SessionKey, update func(*chatRecord)) error {
	r, key, b, err := tx.chat(k)
	if err != nil {
		return err
	}
	update(&r)
	v := binary.BigEndian.AppendUint64(nil, uint64(r.lastUpdate))
	v = binary.BigEndian.AppendUint64(v, uint64(r.lastSent))
	if err := b.Put(key, v); err != nil {
		return fmt.Errorf("store: chat record on %q: %w", k.Channel, err)
	}
	return nil
}

// LastUpdate returns the ID of the last update handled in conversation k,
// 0 when none. Channels use it to drop an update delivered twice.
func (tx *Tx) LastUpdate(k SessionKey) (int64, error) {
	r, _, _, err := tx.chat(k)
	return r.lastUpdate, err
}

// SetLastUpdate records id as the last update handled in conversation k.
func (tx *Tx) SetLastUpdate(k SessionKey, id int64) error {
	return tx.putChat(k, func(r *chatRecord) { r.lastUpdate = id })
}

// LastSent returns the ID of the last message the bot is known to have
// sent in conversation k, 0 when none. After a crash, a channel looks past
// it to learn whether a send it lost the answer to went through.
func (tx *Tx) LastSent(k SessionKey) (int64, error) {
	r, _, _, err := tx.chat(k)
	return r.lastSent, err
}

// SetLastSent records id as the last message the bot sent in conversation k.
func (tx *Tx) SetLastSent(k SessionKey, id int64) error {
	return tx.putChat(k, func(r *chatRecord) { r.lastSent = max(r.lastSent, id) })
}

// ForgetChat removes conversation k's record (last update and last sent).
func (tx *Tx) ForgetChat(k SessionKey) error {
	_, key, b, err := tx.chat(k)
	if err != nil {
		return err
	}
	return b.Delete(key)
}

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
