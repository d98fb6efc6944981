package conversation

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/komek-kz/komek/internal/store"
)

// Sender is a channel's way of sending one outbox item.
type Sender interface {
	// Send delivers one item, waiting for the channel's rate limits and
	// retrying what is worth retrying, until it succeeds, fails for good,
	// or ctx is done. maybeSent says an earlier attempt may have gone
	// through without the channel learning so (a kill, a lost answer);
	// last is the ID of the last message known sent in the chat (0 when
	// the channel has none), for a channel that can look for it.
	Send(ctx context.Context, key store.SessionKey, item []byte, maybeSent bool, last int64) (Sent, error)
	// Gone reports an error after which the chat can get no more
	// messages (the person blocked the bot): the conversation ends.
	Gone(err error) bool
}

// Unverifiable is implemented by a Sender that cannot look for a message
// an earlier attempt may have sent (WhatsApp). Flush then records each
// reply as soon as it is sent, rather than a chat's pending replies
// together, so that a crash repeats at most the one reply whose recording
// it interrupted — not every reply sent since the last commit.
type Unverifiable interface{ Unverifiable() bool }

// Sent is a message the channel accepted: its ID, for a quick exit that
// deletes it, and its date (zero ID: nothing to keep).
type Sent struct {
	ID   int64
	Date time.Time
}

// Flush delivers conversation key's outbox with send: urgent items first,
// then the rest, each in the order decided. The replies pending are sent
// back to back and then recorded — removed from the outbox, their message
// IDs kept — in one commit, so the last reply of an event does not wait for
// a commit per message. Until that commit they are unconfirmed: a channel
// stopped in between finds them again on restart (Pending) and flushes
// them with resumed set, so its Sender looks for each before sending it
// again.
//
// An item that fails for good is logged and dropped, so it does not block
// the ones after it; a chat that is Gone is forgotten.
func (c *Core) Flush(ctx context.Context, key store.SessionKey, send Sender, resumed bool) {
	c.flush(ctx, key, send, resumed, nil)
}

// flush is Flush that also returns, after recording what it sent, as soon
// as changed reports that newer items were decided for the chat (a newer
// question may have replaced a queued one, or an urgent reply must go
// first): the caller reads the outbox again. It reports whether the next
// delivery of the chat must still look for each item before sending it
// (resume): the items pending at a restart were not all delivered, or what
// was sent could not be recorded.
func (c *Core) flush(ctx context.Context, key store.SessionKey, send Sender, resumed bool, changed func() bool) (resume bool) {
	oneByOne := false
	if u, ok := send.(Unverifiable); ok {
		oneByOne = u.Unverifiable()
	}
	for ctx.Err() == nil {
		var raw []store.OutboxItem
		var last int64
		err := c.DB.View(func(tx *store.Tx) (err error) {
			if raw, err = tx.Outbox(key); err == nil {
				last, err = tx.LastSent(key)
			}
			return err
		})
		if err != nil {
			c.log().Error("conversation: read outbox", "channel", key.Channel, "chat", logKey(key), "err", err)
			return resumed
		}
		if len(raw) == 0 {
			return false
		}
		var done []delivered
		var stop error
		superseded := false
		for _, it := range readQueue(raw) {
			if changed != nil && changed() {
				superseded = true
				break
			}
			if it.Class == dropped {
				done = append(done, delivered{seq: it.seq}) // removed unsent
				continue
			}
			msg, err := send.Send(ctx, key, it.Data, resumed, last)
			if errors.Is(err, ErrInterrupted) {
				superseded = true // not sent: read the outbox again
				break
			}
			switch {
			case ctx.Err() != nil:
				stop = ctx.Err()
			case send.Gone(err):
				stop = err
			case err != nil:
				c.log().Error("conversation: reply dropped", "channel", key.Channel, "chat", logKey(key), "err", err)
			}
			if stop != nil {
				break
			}
			done = append(done, delivered{seq: it.seq, msg: msg})
			last = max(last, msg.ID)
			if oneByOne {
				if !c.record(key, done) {
					return true
				}
				done = done[:0]
			}
		}
		if !c.record(key, done) {
			return true
		}
		if stop != nil || superseded {
			if stop != nil && send.Gone(stop) {
				c.log().Info("conversation: the person blocked the bot; ending the conversation", "channel", key.Channel, "chat", logKey(key))
				c.End(key)
			}
			return resumed
		}
		resumed = false
	}
	return resumed
}

// delivered is an outbox item the channel has, or that failed for good.
type delivered struct {
	seq uint64
	msg Sent
}

// record removes delivered items from the outbox and keeps the IDs of the
// messages they created, in one commit shared with other chats'. It
// reports whether that worked.
func (c *Core) record(key store.SessionKey, done []delivered) bool {
	if len(done) == 0 {
		return true
	}
	err := c.DB.Batch(func(tx *store.Tx) error {
		for _, d := range done {
			// An item gone from the outbox since it was read was dropped
			// (a newer question) or erased with the conversation (a quick
			// exit while it was on its way): nothing about it is written,
			// so an erased conversation is not brought back. The channel
			// deletes such a message itself on a quick exit.
			if has, err := tx.OutboxHas(key, d.seq); err != nil || !has {
				if err != nil {
					return err
				}
				continue
			}
			if d.msg.ID > 0 {
				if err := tx.SetLastSent(key, d.msg.ID); err != nil {
					return err
				}
				if err := tx.LogMessages(key, d.msg.Date, d.msg.ID); err != nil {
					return err
				}
			}
			if err := tx.DeleteOutbox(key, d.seq); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		c.log().Error("conversation: remove sent replies from the outbox", "channel", key.Channel, "chat", logKey(key), "err", err)
		return false
	}
	return true
}

// End ends a conversation the person can no longer receive: its session
// and pending replies go.
func (c *Core) End(key store.SessionKey) {
	err := c.DB.Update(func(tx *store.Tx) error {
		items, err := tx.Outbox(key)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := tx.DeleteOutbox(key, it.Seq); err != nil {
				return err
			}
		}
		return tx.DeleteSession(key)
	})
	if err != nil {
		c.log().Error("conversation: end conversation", "channel", key.Channel, "chat", logKey(key), "err", err)
	}
}

// Pending returns channel's conversations with replies decided before a
// restart and not delivered (an outbox that cannot be read is left out:
// nothing in it can be delivered).
func (c *Core) Pending(channel string) ([]store.SessionKey, error) {
	var keys []store.SessionKey
	err := c.DB.View(func(tx *store.Tx) error {
		all, err := tx.PendingOutboxes(channel)
		if err != nil {
			return err
		}
		for _, k := range all {
			if items, err := tx.Outbox(k); err == nil && len(items) > 0 {
				keys = append(keys, k)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return keys, nil
}

func (c *Core) log() *slog.Logger {
	if c.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Log
}
