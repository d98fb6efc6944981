package store

import (
	"fmt"
	"strings"

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
	c, err := tx.conv(k, false)
	if err != nil || c == nil {
		return s, false, err
	}
	if c.corrupt {
		return s, false, fmt.Errorf("%w: the conversation record cannot be read", ErrCorrupt)
	}
	if c.session == nil {
		return s, false, nil
	}
	if err := s.UnmarshalBinary(c.session); err != nil {
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
	v, err := s.MarshalBinary()
	if err != nil {
		return err
	}
	c, err := tx.conv(k, true)
	if err != nil {
		return err
	}
	c.session = v
	if !s.LastSeen.IsZero() {
		c.touch(s.LastSeen.Unix())
	}
	return tx.changed(c)
}

// DeleteSession deletes the conversation k's session, keeping its chat
// record and message log (Erase removes everything); deleting one that is
// not stored is not an error. It fails inside View.
func (tx *Tx) DeleteSession(k SessionKey) error {
	c, err := tx.conv(k, false)
	switch {
	case err != nil || c == nil:
	case c.corrupt: // nothing in it can be read: nothing worth keeping
		err = tx.eraseID(c.id)
	case c.session != nil:
		c.session = nil
		err = tx.changed(c)
	}
	if err != nil {
		return fmt.Errorf("store: delete session on %q: %w", k.Channel, err)
	}
	return nil
}
