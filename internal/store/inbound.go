package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	berrors "go.etcd.io/bbolt/errors"
)

// Channels whose inbound messages carry no order (WhatsApp's message IDs
// are opaque strings, delivered again at will) de-duplicate them here,
// rather than by the "last update handled" of the conversation's record:
//
//	inbound     channel + NUL + day (4 bytes, days since 1970, of the
//	            message's own timestamp) → message ID's hash → note
//
// The key of an entry is a keyed hash (HMAC-SHA-256 under the index
// secret, 16 bytes) of the channel's own identifier, itself already a
// keyed hash: the file never holds a message ID, which for WhatsApp spells
// the sender's phone number. The note is one state byte (handled, erased
// here waiting for its confirmation, erased and confirmed) and, for an
// erasure, the language to confirm it in. Nothing names the chat; so the
// note survives the erasure of the conversation, and a message delivered
// again after the person's /forget is still recognised as handled.
//
// A message delivered again keeps its timestamp, so one lookup in one day
// finds it. The bucket is created on first use; PruneInbound drops whole
// days.
var bucketInbound = []byte("inbound")

// Inbound note states.
const (
	inboundHandled   = 0
	inboundFarewell  = 1
	inboundConfirmed = 2
)

// InboundNote is what NoteInbound recorded about one inbound message.
type InboundNote struct {
	// Farewell: the message erased its conversation; Confirmed: the
	// confirmation went out; Lang: the language to confirm it in.
	Farewell, Confirmed bool
	Lang                string
}

func inboundDay(channel string, at time.Time) []byte {
	day := at.Unix() / 86400
	return binary.BigEndian.AppendUint32([]byte(channel+"\x00"), uint32(max(0, day)))
}

func (tx *Tx) inboundKey(channel string, id []byte) []byte {
	m := hmac.New(sha256.New, tx.db.index)
	m.Write([]byte(channel + "\x00"))
	m.Write(id)
	return m.Sum(nil)[:16]
}

// Inbound returns the note on the inbound message id of channel, sent at
// at, and whether there is one.
func (tx *Tx) Inbound(channel string, id []byte, at time.Time) (InboundNote, bool, error) {
	top := tx.tx.Bucket(bucketInbound)
	if top == nil {
		return InboundNote{}, false, nil
	}
	day := top.Bucket(inboundDay(channel, at))
	if day == nil {
		return InboundNote{}, false, nil
	}
	v := day.Get(tx.inboundKey(channel, id))
	if len(v) == 0 {
		return InboundNote{}, false, nil
	}
	return InboundNote{Farewell: v[0] != inboundHandled, Confirmed: v[0] == inboundConfirmed, Lang: string(v[1:])}, true, nil
}

// NoteInbound records that the inbound message id of channel, sent at at,
// was handled; with farewell, that it erased its conversation and the
// confirmation, in lang, is still to be sent (ConfirmInbound).
func (tx *Tx) NoteInbound(channel string, id []byte, at time.Time, farewell bool, lang string) error {
	v := []byte{inboundHandled}
	if farewell {
		v = append([]byte{inboundFarewell}, lang...)
	}
	if err := tx.putInbound(channel, id, at, v); err != nil {
		return fmt.Errorf("store: note inbound on %q: %w", channel, err)
	}
	return nil
}

// ConfirmInbound records that the confirmation of the erasure made by
// message id was sent.
func (tx *Tx) ConfirmInbound(channel string, id []byte, at time.Time) error {
	n, found, err := tx.Inbound(channel, id, at)
	if err != nil || !found || !n.Farewell {
		return err
	}
	if err := tx.putInbound(channel, id, at, append([]byte{inboundConfirmed}, n.Lang...)); err != nil {
		return fmt.Errorf("store: confirm inbound on %q: %w", channel, err)
	}
	return nil
}

func (tx *Tx) putInbound(channel string, id []byte, at time.Time, v []byte) error {
	if _, err := (SessionKey{Channel: channel}).key(); err != nil {
		return err
	}
	top, err := tx.tx.CreateBucketIfNotExists(bucketInbound)
	if err != nil {
		return err
	}
	day, err := top.CreateBucketIfNotExists(inboundDay(channel, at))
	if err != nil {
		return err
	}
	return day.Put(tx.inboundKey(channel, id), v)
}

// PruneInbound drops the notes on inbound messages sent on days wholly
// before before, whatever their channel. It deletes whole days, one per
// transaction.
func (db *DB) PruneInbound(before time.Time) error {
	cut := before.Unix() / 86400
	for {
		var old []byte
		err := db.View(func(tx *Tx) error {
			top := tx.tx.Bucket(bucketInbound)
			if top == nil {
				return nil
			}
			return top.ForEachBucket(func(name []byte) error {
				if old == nil && len(name) >= 4 && int64(binary.BigEndian.Uint32(name[len(name)-4:])) < cut {
					old = clone(name)
				}
				return nil
			})
		})
		if err != nil || old == nil {
			return err
		}
		err = db.Update(func(tx *Tx) error {
			top := tx.tx.Bucket(bucketInbound)
			if top == nil {
				return nil
			}
			if err := top.DeleteBucket(old); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
				return err
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: prune inbound: %w", err)
		}
	}
}
