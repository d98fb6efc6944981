package store

import "fmt"

// A conversation's chat record is the last update handled and the last
// message the bot is known to have sent; it lives in the conversation's
// sealed record (record.go).

// LastUpdate returns the ID of the last update handled in conversation k,
// 0 when none. Channels use it to drop an update delivered twice.
func (tx *Tx) LastUpdate(k SessionKey) (int64, error) {
	c, err := tx.conv(k, false)
	if err != nil || c == nil {
		return 0, err
	}
	return c.lastUpdate, nil
}

// SetLastUpdate records id as the last update handled in conversation k.
func (tx *Tx) SetLastUpdate(k SessionKey, id int64) error {
	return tx.putChat(k, func(c *conv) { c.lastUpdate = id })
}

// LastSent returns the ID of the last message the bot is known to have
// sent in conversation k, 0 when none. After a crash, a channel looks past
// it to learn whether a send it lost the answer to went through.
func (tx *Tx) LastSent(k SessionKey) (int64, error) {
	c, err := tx.conv(k, false)
	if err != nil || c == nil {
		return 0, err
	}
	return c.lastSent, nil
}

// SetLastSent records id as the last message the bot sent in conversation k.
func (tx *Tx) SetLastSent(k SessionKey, id int64) error {
	return tx.putChat(k, func(c *conv) { c.lastSent = max(c.lastSent, id) })
}

func (tx *Tx) putChat(k SessionKey, update func(*conv)) error {
	c, err := tx.conv(k, true)
	if err == nil {
		update(c)
		err = tx.changed(c)
	}
	if err != nil {
		return fmt.Errorf("store: chat record on %q: %w", k.Channel, err)
	}
	return nil
}

// ForgetChat clears conversation k's chat record (last update and last
// sent).
func (tx *Tx) ForgetChat(k SessionKey) error {
	c, err := tx.conv(k, false)
	if err != nil || c == nil || c.corrupt {
		return err
	}
	c.lastUpdate, c.lastSent = 0, 0
	return tx.changed(c)
}
