package store

import (
	"encoding/binary"
	"fmt"
)

// The outbox holds replies that have been decided but not yet delivered,
// per conversation and in order. A channel appends a step's replies in the
// same transaction as the state change, then delivers them and deletes each
// one once it is sent, so a crash between deciding and sending loses
// nothing: the replies are sent after the restart.

// OutboxItem is one pending reply: its sequence number (increasing within
// the conversation) and the channel's own encoding of what to send.
type OutboxItem struct {
	Seq  uint64
	Data []byte
}

// AppendOutbox adds items, in order, at the end of conversation k's outbox.
func (tx *Tx) AppendOutbox(k SessionKey, items ...[]byte) error {
	b, err := tx.convBucket(bucketOutbox, k, true)
	if err != nil {
		return fmt.Errorf("store: append outbox on %q: %w", k.Channel, err)
	}
	for _, data := range items {
		seq, err := b.NextSequence()
		if err != nil {
			return fmt.Errorf("store: append outbox on %q: %w", k.Channel, err)
		}
		if err := b.Put(seqKey(seq), data); err != nil {
			return fmt.Errorf("store: append outbox on %q: %w", k.Channel, err)
		}
	}
	return nil
}

// Outbox returns conversation k's pending replies, oldest first.
func (tx *Tx) Outbox(k SessionKey) ([]OutboxItem, error) {
	b, err := tx.convBucket(bucketOutbox, k, false)
	if err != nil || b == nil {
		return nil, err
	}
	var items []OutboxItem
	err = b.ForEach(func(key, v []byte) error {
		items = append(items, OutboxItem{Seq: binary.BigEndian.Uint64(key), Data: clone(v)})
		return nil
	})
	return items, err
}

// DeleteOutbox removes one delivered reply; removing the last one removes
// the conversation's outbox. Deleting a missing item is not an error.
func (tx *Tx) DeleteOutbox(k SessionKey, seq uint64) error {
	b, err := tx.convBucket(bucketOutbox, k, false)
	if err != nil || b == nil {
		return err
	}
	if err := b.Delete(seqKey(seq)); err != nil {
		return fmt.Errorf("store: delete outbox item on %q: %w", k.Channel, err)
	}
	if first, _ := b.Cursor().First(); first == nil {
		key, _ := k.key()
		return tx.deleteConv(bucketOutbox, key)
	}
	return nil
}

// PendingOutboxes returns the conversations of channel that have replies
// waiting, for delivery after a restart.
func (tx *Tx) PendingOutboxes(channel string) ([]SessionKey, error) {
	parent, err := tx.bucket(bucketOutbox)
	if err != nil {
		return nil, err
	}
	var keys []SessionKey
	prefix := []byte(channel + "\x00")
	c := parent.Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, SessionKey{Channel: channel, Chat: string(k[len(prefix):])})
	}
	return keys, nil
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

func clone(b []byte) []byte { return append([]byte(nil), b...) }

func hasPrefix(b, prefix []byte) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == string(prefix)
}
