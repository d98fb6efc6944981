package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// A farewell is the confirmation a channel sends after erasing a
// conversation at the person's request. It is sent directly, not through
// the conversation's outbox, since the conversation is gone; so that a
// crash between the erasure and the confirmation neither loses it nor
// sends it twice when the channel receives the request again, the store
// keeps, per channel, which requests (by the channel's own update ID)
// erased a conversation, in which language they are to be answered, and
// whether the answer went out. Nothing in it names the chat. Only the
// last farewellWindow update IDs of a channel are kept, and fewer when the
// channel says which updates cannot come again (ForgetFarewells).
const farewellWindow = 10_000

func farewellKey(channel string, update int64) ([]byte, error) {
	k, err := SessionKey{Channel: channel}.key()
	if err != nil {
		return nil, err
	}
	return binary.BigEndian.AppendUint64(k, uint64(update)), nil
}

// NoteFarewell records that update erased conversation k, to be confirmed
// in lang, and forgets the notes more than farewellWindow updates older.
// Until ForgetFarewells passes update, it also keeps the erased
// conversation's ID (a keyed hash, alone) as a tombstone, so that an older
// update of the chat that the channel delivers again after a crash is
// recognised as handled (ErasedSince) instead of starting the conversation
// anew.
func (tx *Tx) NoteFarewell(k SessionKey, update int64, lang string) error {
	key, err := farewellKey(k.Channel, update)
	if err == nil {
		err = tx.noteFarewell(key, update, lang)
	}
	if err == nil {
		err = tx.putTombstone(k, update)
	}
	if err == nil {
		err = tx.forgetFarewells(k.Channel, update-farewellWindow)
	}
	if err != nil {
		return fmt.Errorf("store: note farewell on %q: %w", k.Channel, err)
	}
	return nil
}

func (tx *Tx) noteFarewell(key []byte, update int64, lang string) error {
	b, err := tx.bucket(bucketFarewells)
	if err != nil {
		return err
	}
	return b.Put(key, append([]byte{0}, lang...))
}

func (tx *Tx) putTombstone(k SessionKey, update int64) error {
	id, err := tx.db.convID(k)
	if err != nil {
		return err
	}
	b, err := tx.bucket(bucketTombstones)
	if err != nil {
		return err
	}
	v := binary.BigEndian.AppendUint64([]byte(k.Channel+"\x00"), uint64(update))
	return b.Put(id, v)
}

// ErasedSince reports whether conversation k was erased by an update of
// its channel at or after update: an update the channel delivers again
// after a crash, which must be dropped.
func (tx *Tx) ErasedSince(k SessionKey, update int64) (bool, error) {
	id, err := tx.db.convID(k)
	if err != nil {
		return false, fmt.Errorf("store: tombstone on %q: %w", k.Channel, err)
	}
	b, err := tx.bucket(bucketTombstones)
	if err != nil {
		return false, err
	}
	v := b.Get(id)
	if len(v) < 8 {
		return false, nil
	}
	return int64(binary.BigEndian.Uint64(v[len(v)-8:])) >= update, nil
}

// ForgetFarewells drops the farewell notes and tombstones of channel for
// updates before before: a channel calls it once it knows those updates
// will not be delivered again (Telegram: the polling offset has moved past
// them).
func (tx *Tx) ForgetFarewells(channel string, before int64) error {
	if err := tx.forgetFarewells(channel, before); err != nil {
		return fmt.Errorf("store: forget farewells on %q: %w", channel, err)
	}
	return nil
}

func (tx *Tx) forgetFarewells(channel string, before int64) error {
	prefix, err := farewellKey(channel, 0)
	if err != nil {
		return err
	}
	prefix = prefix[:len(prefix)-8]
	b, err := tx.bucket(bucketFarewells)
	if err != nil {
		return err
	}
	oldest := binary.BigEndian.AppendUint64(clone(prefix), uint64(max(0, before)))
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && bytes.Compare(k, oldest) < 0; k, _ = c.Next() {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	// Tombstones are few (the erasures since the last call): all are read.
	t, err := tx.bucket(bucketTombstones)
	if err != nil {
		return err
	}
	var drop [][]byte
	err = t.ForEach(func(id, v []byte) error {
		if len(v) >= 8 && bytes.HasPrefix(v, prefix) && int64(binary.BigEndian.Uint64(v[len(v)-8:])) < before {
			drop = append(drop, clone(id))
		}
		return nil
	})
	for _, id := range drop {
		if err == nil {
			err = t.Delete(id)
		}
	}
	return err
}

// Farewell returns what NoteFarewell recorded for update of channel:
// the language, whether ConfirmFarewell was called, and whether there is
// a note at all.
func (tx *Tx) Farewell(channel string, update int64) (lang string, confirmed, found bool, err error) {
	key, err := farewellKey(channel, update)
	if err != nil {
		return "", false, false, fmt.Errorf("store: farewell on %q: %w", channel, err)
	}
	b, err := tx.bucket(bucketFarewells)
	if err != nil {
		return "", false, false, err
	}
	v := b.Get(key)
	if len(v) == 0 {
		return "", false, false, nil
	}
	return string(v[1:]), v[0] == 1, true, nil
}

// ConfirmFarewell records that the farewell for update of channel was
// sent.
func (tx *Tx) ConfirmFarewell(channel string, update int64) error {
	key, err := farewellKey(channel, update)
	if err != nil {
		return fmt.Errorf("store: confirm farewell on %q: %w", channel, err)
	}
	b, err := tx.bucket(bucketFarewells)
	if err != nil {
		return err
	}
	v := b.Get(key)
	if len(v) == 0 {
		return nil
	}
	return b.Put(key, append([]byte{1}, v[1:]...))
}
