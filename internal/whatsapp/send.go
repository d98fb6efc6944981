package whatsapp

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/komek-kz/komek/internal/conversation"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/store"
)

// sender is the WhatsApp channel's conversation.Sender.
type sender struct{ b *Bot }

var errWindowClosed = errors.New("whatsapp: the 24-hour window closed before the reply could be sent")

// Send delivers one outbox item. A reply whose 24-hour window has closed
// is dropped, never sent: the bot does not write first.
//
// The Cloud API has no idempotency key and no way to look up a message
// sent, so a send whose answer was lost (a timeout, a 5xx, a kill) is sent
// again: a reply may then arrive twice, never not at all. maybeSent is
// therefore not used.
func (s sender) Send(ctx context.Context, key store.SessionKey, data []byte, _ bool, _ int64) (conversation.Sent, error) {
	var it outItem
	if err := json.Unmarshal(data, &it); err != nil {
		return conversation.Sent{}, err
	}
	if s.b.d.Now().Unix() > it.Until {
		return conversation.Sent{}, errWindowClosed
	}
	err := s.b.retry(ctx, it.Until, func(ctx context.Context) error {
		_, err := s.b.api.post(ctx, s.b.cfg.PhoneNumberID, message(it))
		return err
	})
	return conversation.Sent{}, err
}

// Unverifiable: WhatsApp has no way to look for a message sent before a
// crash, so each reply is recorded as soon as it is sent (see
// conversation.Unverifiable).
func (sender) Unverifiable() bool { return true }

// Gone is never true: WhatsApp does not say that a person blocked the
// business; their messages fail (a status webhook) and are dropped.
func (sender) Gone(error) bool { return false }

// retry runs call until it succeeds, fails for good, the window closes
// (until, Unix seconds) or ctx is done, waiting for the global rate limit
// before each attempt and backing off after temporary failures.
func (b *Bot) retry(ctx context.Context, until int64, call func(context.Context) error) error {
	for attempt := 0; ; attempt++ {
		if err := b.limit.Wait(ctx); err != nil {
			return err
		}
		c, cancel := context.WithTimeout(ctx, b.cfg.CallTimeout)
		err := call(c)
		cancel()
		switch {
		case err == nil:
			return nil
		case outsideWindow(err):
			return errWindowClosed
		case !temporary(err) || ctx.Err() != nil:
			return err
		}
		wait := backoff(err, attempt, b.cfg.MaxBackoff)
		if b.d.Now().Add(wait).Unix() > until {
			return errWindowClosed
		}
		b.d.Log.Debug("whatsapp: retrying", "err", err, "wait", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// message is the Cloud API request for an item.
func message(it outItem) map[string]any {
	m := map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual", "to": it.To}
	switch {
	case len(it.Buttons) > 0:
		var bs []map[string]any
		for _, c := range it.Buttons {
			bs = append(bs, map[string]any{"type": "reply", "reply": map[string]string{"id": c.ID, "title": c.Title}})
		}
		m["type"] = "interactive"
		m["interactive"] = map[string]any{"type": "button", "body": map[string]string{"text": it.Text},
			"action": map[string]any{"buttons": bs}}
	case len(it.Rows) > 0:
		rows := make([]map[string]string, len(it.Rows))
		for i, r := range it.Rows {
			rows[i] = map[string]string{"id": r.ID, "title": r.Title}
			if r.Desc != "" {
				rows[i]["description"] = r.Desc
			}
		}
		m["type"] = "interactive"
		m["interactive"] = map[string]any{"type": "list", "body": map[string]string{"text": it.Text},
			"action": map[string]any{"button": it.List, "sections": []map[string]any{{"rows": rows}}}}
	default:
		m["type"] = "text"
		m["text"] = map[string]any{"body": it.Text, "preview_url": false}
	}
	return m
}

// markRead marks the person's message as read (the blue ticks), once and
// without waiting in line behind replies: a failure only costs the ticks.
func (b *Bot) markRead(ctx context.Context, id string) {
	c, cancel := context.WithTimeout(ctx, b.cfg.CallTimeout)
	defer cancel()
	_, err := b.api.post(c, b.cfg.PhoneNumberID, map[string]string{
		"messaging_product": "whatsapp", "status": "read", "message_id": id})
	if err != nil && ctx.Err() == nil {
		b.d.Log.Debug("whatsapp: mark as read", "err", err)
	}
}

// sayDirect sends text outside the outbox (the database may be what
// failed), retrying within the window.
func (b *Bot) sayDirect(ctx context.Context, to, text string) bool {
	until := b.d.Now().Add(b.cfg.Window).Unix()
	ok := true
	for _, it := range textItems(text, to, until) {
		err := b.retry(ctx, until, func(ctx context.Context) error {
			_, err := b.api.post(ctx, b.cfg.PhoneNumberID, message(it))
			return err
		})
		if err != nil && ctx.Err() == nil {
			b.d.Log.Warn("whatsapp: could not send a direct notice", "err", err)
		}
		ok = ok && err == nil
	}
	return ok
}

// sayForgotten confirms an erasure directly, so nothing about the person
// is written again, and says how to delete the chat on the phone. It
// reports whether it got through.
func (b *Bot) sayForgotten(ctx context.Context, to string, r engine.Reply) bool {
	text := ""
	for _, m := range b.render.Render(r.Lang, r.Outputs) {
		text += m.Text + "\n\n"
	}
	return b.sayDirect(ctx, to, text+b.text(r.Lang, "wa.delete"))
}

// flushPending delivers, in the background, replies decided before a
// restart but not sent.
func (b *Bot) flushPending(ctx context.Context) {
	keys, err := b.core.Pending(channel)
	if err != nil {
		b.d.Log.Error("whatsapp: list pending replies", "err", err)
		return
	}
	for _, key := range keys {
		b.queues.Submit(ctx, key.Chat, func(ctx context.Context) { b.core.Flush(ctx, key, sender{b}, true) })
	}
}
