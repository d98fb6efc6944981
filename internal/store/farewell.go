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
// last farewellWindow update IDs of a channel are kept.
const farewellWindow = 10_000

func farewellKey(channel string, update int64) ([]byte, error) {
	k, err := SessionKey{Channel: channel}.key()
	if err != nil {
		return nil, err
	}
	return binary.BigEndian.AppendUint64(k, uint64(update)), nil
}

// NoteFarewell records that update erased a conversation of channel, to
// be confirmed in lang, and forgets the notes more than farewellWindow
// updates older.
func (tx *Tx) NoteFarewell(channel string, update int64, lang string) error {
	key, err := farewellKey(channel, update)
	if err == nil {
		err = tx.noteFarewell(key, update, lang)
	}
	if err != nil {
		return fmt.Errorf("store: note farewell on %q: %w", channel, err)
	}
	return nil
}

func (tx *Tx) noteFarewell(key []byte, update int64, lang string) error {
	b, err := tx.bucket(bucketFarewells)
	if err != nil {
		return err
	}
	if err := b.Put(key, append([]byte{0}, lang...)); err != nil {
		return err
	}
	prefix := key[:len(key)-8]
	oldest := binary.BigEndian.AppendUint64(clone(prefix), uint64(max(0, update-farewellWindow)))
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && bytes.Compare(k, oldest) < 0; k, _ = c.Next() {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
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
