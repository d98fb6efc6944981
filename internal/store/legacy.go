package store

import (
	"encoding/binary"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/komek-kz/komek/internal/dialog"
)

// convertLegacy moves the conversations of a file written before schema 4
// (sessions, chats, outbox and messages buckets, in the clear, keyed by
// channel and chat) into sealed records, a few hundred per transaction.
// When it moved anything it compacts the file once, before komek serves
// anyone, so the clear bytes do not stay in free pages.
func (db *DB) convertLegacy() error {
	moved := false
	for {
		n := 0
		err := db.Update(func(tx *Tx) (err error) {
			n, err = tx.convertLegacyChunk(legacyChunk)
			return err
		})
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
		moved = true
	}
	if moved {
		return db.Compact()
	}
	return nil
}

const legacyChunk = 256

// convertLegacyChunk converts up to max entries of the old buckets.
func (tx *Tx) convertLegacyChunk(max int) (int, error) {
	n := 0
	for _, step := range []struct {
		bucket []byte
		nested bool
		move   func(k SessionKey, v []byte, b *bolt.Bucket) error
	}{
		{bucketSessions, false, tx.legacySession},
		{bucketChats, false, tx.legacyChat},
		{bucketMsgs, true, tx.legacyMessages},
		{bucketOutbox, true, tx.legacyOutbox},
	} {
		parent := tx.tx.Bucket(step.bucket)
		if parent == nil {
			continue
		}
		var keys [][]byte
		c := parent.Cursor()
		for k, _ := c.First(); k != nil && n+len(keys) < max; k, _ = c.Next() {
			keys = append(keys, clone(k))
		}
		for _, k := range keys {
			channel, chat, _ := strings.Cut(string(k), "\x00")
			key := SessionKey{Channel: channel, Chat: chat}
			var err error
			if _, kerr := key.key(); kerr == nil {
				err = step.move(key, parent.Get(k), parent.Bucket(k))
			}
			if err != nil {
				return n, err
			}
			if step.nested {
				err = parent.DeleteBucket(k)
			} else {
				err = parent.Delete(k)
			}
			if err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

func (tx *Tx) legacySession(k SessionKey, v []byte, _ *bolt.Bucket) error {
	c, err := tx.conv(k, true)
	if err != nil {
		return err
	}
	c.session = clone(v)
	var s dialog.State
	if s.UnmarshalBinary(v) == nil && !s.LastSeen.IsZero() {
		c.touch(s.LastSeen.Unix())
	}
	return tx.changed(c)
}

func (tx *Tx) legacyChat(k SessionKey, v []byte, _ *bolt.Bucket) error {
	c, err := tx.conv(k, true)
	if err != nil {
		return err
	}
	if len(v) >= 8 {
		c.lastUpdate = int64(binary.BigEndian.Uint64(v))
	}
	if len(v) >= 16 {
		c.lastSent = int64(binary.BigEndian.Uint64(v[8:]))
	}
	return tx.changed(c)
}

func (tx *Tx) legacyMessages(k SessionKey, _ []byte, b *bolt.Bucket) error {
	if b == nil {
		return nil
	}
	var msgs []Message
	_ = b.ForEach(func(id, v []byte) error {
		if len(id) == 8 && len(v) == 8 {
			msgs = append(msgs, Message{ID: int64(binary.BigEndian.Uint64(id)),
				Date: time.Unix(int64(binary.BigEndian.Uint64(v)), 0).UTC()})
		}
		return nil
	})
	if len(msgs) == 0 {
		return nil
	}
	c, err := tx.conv(k, true)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		c.msgs = append(c.msgs, m)
		c.touch(m.Date.Unix())
	}
	return tx.changed(c)
}

func (tx *Tx) legacyOutbox(k SessionKey, _ []byte, b *bolt.Bucket) error {
	if b == nil {
		return nil
	}
	var items []OutboxItem
	_ = b.ForEach(func(seq, v []byte) error {
		if len(seq) == 8 {
			items = append(items, OutboxItem{Seq: binary.BigEndian.Uint64(seq), Data: clone(v)})
		}
		return nil
	})
	if len(items) == 0 {
		return nil
	}
	c, err := tx.conv(k, true)
	if err != nil {
		return err
	}
	parent, err := tx.bucket(bucketConvOutbox)
	if err != nil {
		return err
	}
	nb, err := parent.CreateBucketIfNotExists(c.id)
	if err != nil {
		return err
	}
	for _, it := range items {
		v, err := seal(c.aead, it.Data, outboxAD(c.id, it.Seq))
		if err != nil {
			return err
		}
		if err := nb.Put(seqKey(it.Seq), v); err != nil {
			return err
		}
	}
	if err := nb.SetSequence(max(b.Sequence(), nb.Sequence())); err != nil {
		return err
	}
	c.outbox = true
	return tx.changed(c)
}
