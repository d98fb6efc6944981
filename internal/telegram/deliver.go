package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/komek-kz/komek/internal/conversation"
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
	if it.Exit {
		return sent{}, b.deleteAll(ctx, key, it)
	}
	method, params := it.params(b.cfg)
	last = max(last, b.seen.lastSent(it.ChatID)) // sent, perhaps not yet recorded
	for attempt := 0; ; attempt++ {
		if maybeSent && it.Op == opSend {
			if id, found := b.probe(ctx, key, it, last); found {
				return sent{id: id, date: b.d.Now()}, nil
			}
		}
		// The rate limits are waited out on ctx, not on the call's own
		// timeout: a timeout must only ever mean that Telegram was slow.
		// They count messages, as Telegram's own limits do: an edit or a
		// deletion does not wait, and an urgent message waits for no chat
		// limit.
		if it.Op == opSend {
			if err := b.send.wait(ctx, it.ChatID, it.Urgent); err != nil {
				return sent{}, err
			}
		}
		raw, err := b.deliveryCall(ctx, method, params)
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

// deliveryCall makes one call of a delivery, bounded by the call timeout.
// Every chat's courier runs on its own, so calls take one of a bounded
// number of slots: the number of connections to the Bot API stays within
// what the HTTP client keeps open (apiClient).
func (b *Bot) deliveryCall(ctx context.Context, method string, params map[string]string) (json.RawMessage, error) {
	select {
	case b.calls <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-b.calls }()
	call, cancel := context.WithTimeout(ctx, b.cfg.CallTimeout)
	defer cancel()
	return b.api.call(call, method, params)
}

// deleteAll deletes, on a quick exit, the messages it names (those
// logged) and those this process sent to the chat whose delivery was not
// yet recorded. The courier sends a chat's items one by one, so every
// message sent before the exit is known by now, the last one included.
// The newest go first, a hundred to a call.
func (b *Bot) deleteAll(ctx context.Context, key store.SessionKey, it outItem) error {
	ids := append(it.IDs, b.seen.forget(it.ChatID, b.d.Now().Add(-deleteWindow))...)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var first error
	for len(ids) > 0 && ctx.Err() == nil {
		n := max(0, len(ids)-maxDelete)
		chunk := outItem{ChatID: it.ChatID, Op: opDelete, IDs: ids[n:], Urgent: true}
		if _, err := b.deliver(ctx, key, chunk, false, 0); err != nil && first == nil {
			first = err // the older ones are still tried
		}
		ids = ids[:n]
	}
	return first
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
		if b.seen.sentTo(it.ChatID, id) {
			continue // another message of the bot's: never edit it
		}
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

// sender is the Telegram channel's conversation.Sender.
type sender struct{ b *Bot }

// Send decodes one outbox item and delivers it.
func (s sender) Send(ctx context.Context, key store.SessionKey, data []byte, maybeSent bool, last int64) (conversation.Sent, error) {
	var it outItem
	if err := json.Unmarshal(data, &it); err != nil {
		return conversation.Sent{}, err
	}
	m, err := s.b.deliver(ctx, key, it, maybeSent, last)
	if err == nil {
		s.b.seen.delivered(it.ChatID, m.id, m.date, it.Step, it.Seq)
	}
	return conversation.Sent{ID: m.id, Date: m.date}, err
}

// Gone reports that the person blocked the bot.
func (sender) Gone(err error) bool { return blocked(err) }

// kick has the courier deliver conversation key's outbox, in a goroutine
// of the chat's own (conversation.Courier). After a restart (resumed), each
// reply is probed for before it is sent again, walking forward from the
// last recorded message ID.
func (b *Bot) kick(ctx context.Context, key store.SessionKey, resumed bool) {
	b.courier.Kick(ctx, key, resumed)
}

// flushPending delivers, in the background, replies decided before a
// restart but not sent.
func (b *Bot) flushPending(ctx context.Context) {
	keys, err := b.core.Pending(channel)
	if err != nil {
		b.d.Log.Error("telegram: list pending replies", "err", err)
		return
	}
	for _, key := range keys {
		b.kick(ctx, key, true)
	}
}
