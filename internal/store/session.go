package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
)

// SessionKey names one conversation: the channel it happens on ("terminal",
// "telegram", …) and the chat within that channel, in whatever form the
// channel adapter chooses (a hash of the chat ID, ideally). Channel must be
// non-empty and must not contain a NUL byte; Chat may be anything. Error
// messages name the channel but never the chat.
type SessionKey struct {
	Channel, Chat string
}

// key returns the bucket key: Channel, a NUL byte, Chat.
func (k SessionKey) key() ([]byte, error) {
	if k.Channel == "" || strings.ContainsRune(k.Channel, 0) {
		return nil, fmt.Errorf("invalid channel name %q", k.Channel)
	}
	return []byte(k.Channel + "\x00" + k.Chat), nil
}

// Session returns the stored state of the conversation k, and whether there
// is one. A record that cannot be decoded gives an error wrapping
// ErrCorrupt: the caller should then start that person's conversation
// afresh, and PutSession will overwrite the damaged record.
func (tx *Tx) Session(k SessionKey) (dialog.State, bool, error) {
	s, ok, err := tx.session(k)
	if err != nil {
		return dialog.State{}, false, fmt.Errorf("store: session on %q: %w", k.Channel, err)
	}
	return s, ok, nil
}

func (tx *Tx) session(k SessionKey) (dialog.State, bool, error) {
	var s dialog.State
	key, err := k.key()
	if err != nil {
		return s, false, err
	}
	b, err := tx.bucket(bucketSessions)
	if err != nil {
		return s, false, err
	}
	v := b.Get(key)
	if v == nil {
		return s, false, nil
	}
	if err := s.UnmarshalBinary(v); err != nil {
		return dialog.State{}, false, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return s, true, nil
}

// PutSession stores s as the state of the conversation k, replacing any
// earlier one. It fails inside View.
func (tx *Tx) PutSession(k SessionKey, s dialog.State) error {
	if err := tx.putSession(k, s); err != nil {
		return fmt.Errorf("store: put session on %q: %w", k.Channel, err)
	}
	return nil
}

func (tx *Tx) putSession(k SessionKey, s dialog.State) error {
	key, err := k.key()
	if err != nil {
		return err
	}
	v, err := s.MarshalBinary()
	if err != nil {
		return err
	}
	b, err := tx.bucket(bucketSessions)
	if err != nil {
		return err
	}
	return b.Put(key, v)
}

// DeleteSession deletes the conversation k; deleting one that is not stored
// is not an error. It fails inside View.
func (tx *Tx) DeleteSession(k SessionKey) error {
	key, err := k.key()
	if err == nil {
		err = tx.deleteKey(bucketSessions, key)
	}
	if err != nil {
		return fmt.Errorf("store: delete session on %q: %w", k.Channel, err)
	}
	return nil
}

func (tx *Tx) deleteKey(bucket, key []byte) error {
	b, err := tx.bucket(bucket)
	if err != nil {
		return err
	}
	return b.Delete(key)
}

// ExpireSessions erases, in one transaction, every conversation whose
// State.LastSeen is before the given time, and every one whose session
// record cannot be decoded (it can never be resumed, and nobody may be
// coming back to overwrite it): its session, pending replies, chat record
// and message log (see Tx.Erase). It returns how many it erased. The store never reads
// the clock: pass the cut-off, as in now.Add(-ttl). LastSeen is stored to
// the second.
func (db *DB) ExpireSessions(before time.Time) (int, error) {
	var n int
	err := db.Update(func(tx *Tx) (err error) {
		if n, err = tx.expireSessions(before); err != nil {
			return fmt.Errorf("store: expire sessions: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

func (tx *Tx) expireSessions(before time.Time) (int, error) {
	b, err := tx.bucket(bucketSessions)
	if err != nil {
		return 0, err
	}
	var old [][]byte
	err = b.ForEach(func(k, v []byte) error {
		var s dialog.State
		if err := s.UnmarshalBinary(v); err != nil || s.LastSeen.Before(before) {
			old = append(old, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, k := range old { // not while iterating: bbolt cursors skip keys then
		channel, chat, _ := strings.Cut(string(k), "\x00")
		if err := tx.Erase(SessionKey{Channel: channel, Chat: chat}); err != nil {
			return 0, err
		}
	}
	return len(old), nil
}
