package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// The outbox holds replies that have been decided but not yet delivered,
// per conversation and in order. A channel appends a step's replies in the
// same transaction as the state change, then delivers them and deletes each
// one once it is sent, so a crash between deciding and sending loses
// nothing: the replies are sent after the restart.

// OutboxItem is one pending reply: its sequence number (increasing within
// the conversation, and never reused) and the channel's own encoding of
// what to send.
type OutboxItem struct {
	Seq  uint64
	Data []byte
}

// AppendOutbox adds items, in order, at the end of conversation k's outbox.
// Items are sealed with the conversation's key.
func (tx *Tx) AppendOutbox(k SessionKey, items ...[]byte) error {
	if err := tx.appendOutbox(k, items); err != nil {
		return fmt.Errorf("store: append outbox on %q: %w", k.Channel, err)
	}
	return nil
}

func (tx *Tx) appendOutbox(k SessionKey, items [][]byte) error {
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
	b, err := parent.CreateBucketIfNotExists(c.id)
	if err != nil {
		return err
	}
	// Sequence numbers come from one counter for every outbox, so a
	// number is never used twice — not even after a conversation's outbox
	// emptied and was removed. A channel that sent an item removes it by
	// its number later, and by then the item may have been dropped and
	// a newer one queued (a question made obsolete): that one must not
	// share the number. Items queued before the counter was shared may
	// hold higher numbers: the counter starts above them.
	var after uint64
	if last, _ := b.Cursor().Last(); len(last) == 8 {
		after = binary.BigEndian.Uint64(last)
	}
	for _, data := range items {
		seq, err := parent.NextSequence()
		if err != nil {
			return err
		}
		if seq <= after {
			seq = after + 1
			if err := parent.SetSequence(seq); err != nil {
				return err
			}
		}
		after = seq
		v, err := seal(c.aead, data, outboxAD(c.id, seq))
		if err != nil {
			return err
		}
		if err := b.Put(seqKey(seq), v); err != nil {
			return err
		}
	}
	if !c.outbox {
		c.outbox = true
		return tx.changed(c)
	}
	return nil
}

func outboxAD(id []byte, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(clone(id), seq)
}

// Outbox returns conversation k's pending replies, oldest first. Replies
// that cannot be unsealed give an error wrapping ErrCorrupt.
func (tx *Tx) Outbox(k SessionKey) ([]OutboxItem, error) {
	c, b, err := tx.outboxOf(k)
	if err != nil || b == nil {
		return nil, err
	}
	if c.corrupt {
		return nil, fmt.Errorf("store: outbox on %q: %w: the conversation record cannot be read", k.Channel, ErrCorrupt)
	}
	var items []OutboxItem
	err = b.ForEach(func(key, v []byte) error {
		if len(key) != 8 {
			return nil
		}
		seq := binary.BigEndian.Uint64(key)
		data, err := unseal(c.aead, v, outboxAD(c.id, seq))
		if err != nil {
			return fmt.Errorf("store: outbox on %q: %w: %w", k.Channel, ErrCorrupt, err)
		}
		items = append(items, OutboxItem{Seq: seq, Data: data})
		return nil
	})
	return items, err
}

// DeleteOutbox removes one delivered reply; removing the last one removes
// the conversation's outbox. Deleting a missing item is not an error.
func (tx *Tx) DeleteOutbox(k SessionKey, seq uint64) error {
	c, b, err := tx.outboxOf(k)
	if err != nil || b == nil {
		return err
	}
	if err := b.Delete(seqKey(seq)); err != nil {
		return fmt.Errorf("store: delete outbox item on %q: %w", k.Channel, err)
	}
	if first, _ := b.Cursor().First(); first != nil {
		return nil
	}
	if err := tx.deleteConvOutbox(c.id); err != nil {
		return err
	}
	if c.corrupt {
		return nil
	}
	c.outbox = false
	return tx.changed(c)
}

// PutOutbox replaces item seq of conversation k's outbox with data, if it
// is still there.
func (tx *Tx) PutOutbox(k SessionKey, seq uint64, data []byte) error {
	c, b, err := tx.outboxOf(k)
	if err != nil || b == nil || c.corrupt || b.Get(seqKey(seq)) == nil {
		return err
	}
	v, err := seal(c.aead, data, outboxAD(c.id, seq))
	if err != nil {
		return err
	}
	if err := b.Put(seqKey(seq), v); err != nil {
		return fmt.Errorf("store: replace outbox item on %q: %w", k.Channel, err)
	}
	return nil
}

// OutboxHas reports whether item seq is still in conversation k's outbox:
// not delivered, dropped or erased since it was read.
func (tx *Tx) OutboxHas(k SessionKey, seq uint64) (bool, error) {
	_, b, err := tx.outboxOf(k)
	return b != nil && b.Get(seqKey(seq)) != nil, err
}

// outboxOf returns conversation k's record and outbox bucket; both nil
// when the conversation or its outbox does not exist.
func (tx *Tx) outboxOf(k SessionKey) (*conv, *bolt.Bucket, error) {
	c, err := tx.conv(k, false)
	if err != nil || c == nil {
		return nil, nil, err
	}
	parent, err := tx.bucket(bucketConvOutbox)
	if err != nil {
		return nil, nil, err
	}
	b := parent.Bucket(c.id)
	if b == nil {
		return nil, nil, nil
	}
	return c, b, nil
}

func (tx *Tx) deleteConvOutbox(id []byte) error {
	p, err := tx.bucket(bucketConvOutbox)
	if err != nil {
		return err
	}
	if err := p.DeleteBucket(id); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
		return err
	}
	return nil
}

// PendingOutboxes returns the conversations of channel that have replies
// waiting, for delivery after a restart.
func (tx *Tx) PendingOutboxes(channel string) ([]SessionKey, error) {
	parent, err := tx.bucket(bucketConvOutbox)
	if err != nil {
		return nil, err
	}
	var ids [][]byte
	err = parent.ForEachBucket(func(id []byte) error {
		ids = append(ids, clone(id))
		return nil
	})
	if err != nil {
		return nil, err
	}
	var keys []SessionKey
	for _, id := range ids {
		c, err := tx.convByID(id)
		if err != nil {
			return nil, err
		}
		if c != nil && !c.corrupt && c.key.Channel == channel {
			keys = append(keys, c.key)
		}
	}
	return keys, nil
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

func clone(b []byte) []byte { return append([]byte(nil), b...) }
