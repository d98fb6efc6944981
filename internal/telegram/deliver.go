package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/komek-kz/komek/internal/store"
)

// deliver sends one item, waiting for the rate limits and retrying
// temporary failures until it succeeds, fails for good, or ctx is done. It
// returns the ID of the message a send created.
//
// maybeSent says an earlier attempt may have gone through without the bot
// learning so (it was killed, or the answer was lost on the way). Telegram
// has no idempotency keys, so before sending such a message again the bot
// probes for it: see probe.
func (b *Bot) deliver(ctx context.Context, key store.SessionKey, it outItem, maybeSent bool, last int64) (sent, error) {
	method, params := it.params(b.cfg)
	for attempt := 0; ; attempt++ {
		if maybeSent && it.Op == opSend {
			if id, found := b.probe(ctx, key, it, last); found {
				return sent{id: id, date: b.d.Now()}, nil
			}
		}
		// The rate limits are waited out on ctx, not on the call's own
		// timeout: a timeout must only ever mean that Telegram was slow.
		if err := b.send.wait(ctx, it.ChatID); err != nil {
			return sent{}, err
		}
		call, cancel := context.WithTimeout(ctx, b.cfg.CallTimeout)
		raw, err := b.api.call(call, method, params)
		cancel()
		switch {
		case err == nil && it.Op == opSend:
			return sentMessage(raw), nil
		case err == nil, it.Op != opSend && notModified(err):
			return sent{}, nil
		case !temporary(err):
			return sent{}, err
		}
		maybeSent = ambiguous(err)
		if err := b.pause(ctx, err, attempt); err != nil {
			return sent{}, err
		}
	}
}

// probeSpan is how many message IDs past the last known one a probe tries:
// the person may have written a few messages in between.
const probeSpan = 8

// probe looks for a message that an earlier, unconfirmed attempt may have
// sent. Message IDs in a private chat go up one by one for both sides, and
// the bot knows the ID of the last message it sent before this one (last:
// recorded, or sent earlier in the same delivery); so it edits each ID
// after that to the very same text and buttons. Telegram answers "message
// is not modified" for the message that is already there (found: it was
// sent), "message can't be edited" for the person's own messages (look
// further), and "message to edit not found" past the end of the chat (not
// sent). Any other answer ends the probe, and the message is sent: a
// duplicate is better than a lost reply.
func (b *Bot) probe(ctx context.Context, key store.SessionKey, it outItem, last int64) (int64, bool) {
	_, params := it.params(b.cfg)
	delete(params, "protect_content") // not parameters of an edit
	delete(params, "disable_notification")
	for id := last + 1; id <= last+probeSpan; id++ {
		params["message_id"] = strconv.FormatInt(id, 10)
		err := b.callRetrying(ctx, "editMessageText", params)
		var e *APIError
		switch {
		case err == nil || notModified(err):
			b.d.Log.Info("telegram: a reply sent before a failure was found; not sending it again", "chat", key.Chat[:12])
			return id, true
		case errors.As(err, &e) && e.Code == 400 && strings.Contains(e.Description, "can't be edited"):
			continue
		default:
			return 0, false
		}
	}
	return 0, false
}

// ambiguous reports a failure after which the call may or may not have
// taken effect: no answer (timeout, dropped connection) or a server error.
// 429 and other answers from Telegram say it did not.
func ambiguous(err error) bool {
	var e *APIError
	return errors.As(err, &e) && (e.Code == 0 || e.Code >= 500)
}

// sent is a message Telegram accepted: its ID and Telegram's date for it.
type sent struct {
	id   int64
	date time.Time
}

func sentMessage(raw json.RawMessage) sent {
	var m struct {
		MessageID int64 `json:"message_id"`
		Date      int64 `json:"date"`
	}
	_ = json.Unmarshal(raw, &m)
	return sent{id: m.MessageID, date: time.Unix(m.Date, 0).UTC()}
}

// flush delivers conversation key's outbox in order. The replies pending
// are sent back to back and then recorded — removed from the outbox, their
// message IDs kept — in one commit, so the last reply of an update does not
// wait for a commit per message. Until that commit they are unconfirmed: a
// bot stopped in between finds them again on restart (Run flushes every
// pending outbox with resumed set) and probes for each before sending it,
// walking forward from the last recorded ID.
func (b *Bot) flush(ctx context.Context, key store.SessionKey, resumed bool) {
	for ctx.Err() == nil {
		var items []store.OutboxItem
		var last int64
		err := b.d.DB.View(func(tx *store.Tx) (err error) {
			if items, err = tx.Outbox(key); err == nil {
				last, err = tx.LastSent(key)
			}
			return err
		})
		if err != nil {
			b.d.Log.Error("telegram: read outbox", "chat", key.Chat[:12], "err", err)
			return
		}
		if len(items) == 0 {
			return
		}
		var done []delivered
		var stop error
		for _, stored := range items {
			d, err := b.deliverStored(ctx, key, stored, resumed, last)
			if err != nil {
				stop = err
				break
			}
			done = append(done, d)
			last = max(last, d.msg.id)
		}
		if !b.record(key, done) || stop != nil {
			if blocked(stop) {
				b.d.Log.Info("telegram: the person blocked the bot; ending the conversation", "chat", key.Chat[:12])
				b.forget(key)
			}
			return
		}
		resumed = false
	}
}

// delivered is an outbox item that Telegram has, or that failed for good.
type delivered struct {
	seq uint64
	msg sent
}

// deliverStored sends one stored item. It returns an error only when the
// flush must stop (ctx done, or the person blocked the bot); an item that
// fails for good is logged and counted as done, so it does not block the
// ones after it.
func (b *Bot) deliverStored(ctx context.Context, key store.SessionKey, stored store.OutboxItem, maybeSent bool, last int64) (delivered, error) {
	var it outItem
	var msg sent
	err := json.Unmarshal(stored.Data, &it)
	if err == nil {
		msg, err = b.deliver(ctx, key, it, maybeSent, last)
	}
	switch {
	case ctx.Err() != nil:
		return delivered{}, ctx.Err()
	case blocked(err):
		return delivered{}, err
	case err != nil:
		b.d.Log.Error("telegram: reply dropped", "chat", key.Chat[:12], "err", err)
	}
	return delivered{seq: stored.Seq, msg: msg}, nil
}

// record removes delivered items from the outbox and keeps the IDs of the
// messages they created, in one commit shared with other chats'. It
// reports whether that worked.
func (b *Bot) record(key store.SessionKey, done []delivered) bool {
	if len(done) == 0 {
		return true
	}
	err := b.d.DB.Batch(func(tx *store.Tx) error {
		for _, d := range done {
			if d.msg.id > 0 {
				if err := tx.SetLastSent(key, d.msg.id); err != nil {
					return err
				}
				if err := tx.LogMessages(key, d.msg.date, d.msg.id); err != nil {
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
		b.d.Log.Error("telegram: remove sent replies from the outbox", "chat", key.Chat[:12], "err", err)
		return false
	}
	return true
}

// forget ends a conversation the person can no longer receive: its session
// and pending replies go.
func (b *Bot) forget(key store.SessionKey) {
	err := b.d.DB.Update(func(tx *store.Tx) error {
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
		b.d.Log.Error("telegram: end conversation", "chat", key.Chat[:12], "err", err)
	}
}

// flushPending delivers, in the background, replies decided before a
// restart but not sent.
func (b *Bot) flushPending(ctx context.Context) {
	var keys []store.SessionKey
	if err := b.d.DB.View(func(tx *store.Tx) (err error) { keys, err = tx.PendingOutboxes(channel); return err }); err != nil {
		b.d.Log.Error("telegram: list pending replies", "err", err)
		return
	}
	for _, key := range keys {
		var first []store.OutboxItem
		_ = b.d.DB.View(func(tx *store.Tx) (err error) { first, err = tx.Outbox(key); return err })
		var it outItem
		if len(first) == 0 || json.Unmarshal(first[0].Data, &it) != nil {
			continue
		}
		b.disp.submit(ctx, it.ChatID, func(ctx context.Context) { b.flush(ctx, key, true) })
	}
}
