package telegram

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/komek-kz/komek/internal/conversation"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/store"
)

// handle applies one event through the conversation core, in one store
// transaction shared with other chats' events (conversation.Core.Handle):
// a repeat is dropped, the dialog steps, the person's message ID is kept
// for a quick exit, and the replies are appended to the chat's outbox. It
// does not send replies: the courier delivers the outbox afterwards
// (Bot.kick). The button press is answered right after the commit, so the
// spinner stops at once whatever is queued for the chat. After an erasure
// it confirms it directly. Both happen before it returns, so the update is
// not acknowledged before they went out (see finishForget).
//
// What it returns, when not nil, is to be done once the update counts as
// handled: the answer to a repeated "forget me" (nothing was done again;
// nothing is lost but that repeat's answer if the bot dies then), which so
// holds up no other chat's updates.
func (b *Bot) handle(ctx context.Context, ev event) (after func()) {
	if ev.kind == evIgnore {
		b.answerCallback(ctx, ev, "")
		return nil
	}
	start := time.Now()
	in := b.inbound(ev)
	if ev.kind == evText {
		in.Input.Seen = b.seen.get(ev.chatID)
	}
	res, err := b.core.Handle(in, func(tx *store.Tx, r engine.Reply, logged []store.Message) ([]conversation.Item, error) {
		return b.decide(tx, in.Key, ev, r, logged)
	})
	if err == nil && res.Outcome != "forget-repeat" && !res.Forgot {
		b.kick(ctx, in.Key, false) // the replies go now, the button's answer beside them
	}
	switch {
	case err != nil:
		b.d.Log.Error("telegram: handle update", "chat", in.Key.Chat[:12], "kind", ev.kind.String(), "err", err)
		b.sayError(ctx, ev.chatID)
	case res.Outcome == "forget-repeat":
		after = func() { b.sayForgotten(ctx, ev, res.Reply, false) }
	case res.Forgot:
		b.finishForget(ctx, ev, in, res.Reply, res.MaybeSent)
	}
	// A button press delivered again may be one whose query an earlier run
	// committed but died before answering: answer it again, or the person's
	// button spins until Telegram gives up. Telegram refuses a second answer
	// harmlessly.
	//
	// The answer goes right after the commit, before the update counts as
	// handled (the poller's offset, the webhook's 200), so that a restart
	// never leaves a spinner turning: replies are delivered apart (the
	// courier), so nothing queued for the chat holds it back.
	if res.Outcome != "forget-repeat" {
		b.answerCallback(ctx, ev, notedText(b, res.Reply))
	}
	b.d.Log.Info("update", "chat", in.Key.Chat[:12], "kind", ev.kind.String(),
		"from", res.Reply.From.String(), "to", res.Reply.To.String(),
		"ms", time.Since(start).Milliseconds(), "outcome", res.Outcome)
	return after
}

// inbound is the event as the conversation core takes it.
func (b *Bot) inbound(ev event) conversation.Inbound {
	in := conversation.Inbound{Key: b.key(ev.chatID), Seq: ev.updateID, At: ev.date, Input: ev.input()}
	if ev.kind == evUnsupported || ev.kind == evGroup {
		in.Kind = conversation.Note
	}
	if ev.kind == evCommand {
		in.Source = ev.payload
	}
	if ev.msgID != 0 && (ev.kind == evText || ev.kind == evCommand || ev.kind == evLocation) {
		in.LogID = ev.msgID
	}
	return in
}

// deleteWindow is how long Telegram lets a bot delete messages in a
// private chat (48 hours), less a margin for clocks that disagree.
const deleteWindow = 48*time.Hour - 10*time.Minute

// quickExit ends a conversation without a trace in the chat: the core
// has erased everything kept about it; this queues the deletion of every
// message of the conversation Telegram still allows to delete (the bot's
// and the person's, under 48 hours old, in batches of 100), and leaves at
// most the operator's neutral message.
func (b *Bot) quickExit(chatID int64, msgs []store.Message) []outItem {
	cutoff := b.d.Now().Add(-deleteWindow)
	var ids []int64
	for _, m := range msgs {
		if m.Date.After(cutoff) {
			ids = append(ids, m.ID)
		}
	}
	// One item: the logged messages, and those sent but not yet logged when
	// the exit came (replies are delivered apart from handling), which the
	// process fills in when it delivers it (Bot.deleteAll).
	items := []outItem{{ChatID: chatID, Op: opDelete, IDs: ids, Exit: true}}
	if b.cfg.ExitMessage != "" {
		items = append(items, outItem{ChatID: chatID, Op: opSend, Text: b.render.Escape(b.cfg.ExitMessage), Silent: true})
	}
	return items
}

// finishForget says that the conversation was erased (the erasure was
// committed, and its key destroyed, before) and records that it was said.
// The last word is sent directly, not through the outbox, so that nothing
// about the person is written again; the farewell note the erasure left
// (store.NoteFarewell) names the request, not the chat. When the request
// comes again after a crash (again), the bot first probes for the word it
// may have sent already, as it does for the outbox's replies.
func (b *Bot) finishForget(ctx context.Context, ev event, in conversation.Inbound, reply engine.Reply, again bool) {
	b.seen.forget(ev.chatID, time.Time{}) // nor is anything kept in memory
	if !b.sayForgotten(ctx, ev, reply, again) {
		return
	}
	if err := b.core.Confirm(in); err != nil {
		b.d.Log.Error("telegram: record the confirmation of an erasure", "err", err)
	}
}

// sayForgotten sends the confirmation of an erasure and reports whether
// it got through (or, with maybeSent, was found sent already).
func (b *Bot) sayForgotten(ctx context.Context, ev event, reply engine.Reply, maybeSent bool) bool {
	ok := true
	for _, m := range b.render.Render(reply.Lang, reply.Outputs) {
		it := outItem{ChatID: ev.chatID, Op: opSend, Text: m.Text}
		if maybeSent && ev.msgID != 0 {
			if _, found := b.probe(ctx, b.key(ev.chatID), it, ev.msgID); found {
				continue
			}
		}
		method, params := it.params(b.cfg)
		err := b.callRetrying(ctx, method, params)
		if err != nil && ctx.Err() == nil {
			b.d.Log.Warn("telegram: could not confirm an erasure", "err", err)
		}
		ok = ok && err == nil
	}
	return ok
}

// decideGroup says once, briefly, in every language, that the bot works
// only in private chats; after that it stays quiet in the group.
func (b *Bot) decideGroup(tx *store.Tx, key store.SessionKey, ev event) ([]outItem, error) {
	told, err := tx.Cursor("told:" + key.Chat)
	if err != nil || told != 0 {
		return nil, err
	}
	if err := tx.SetCursor("told:"+key.Chat, 1); err != nil {
		return nil, err
	}
	return []outItem{{ChatID: ev.chatID, Op: opSend, Text: b.trilingual("tg.group")}}, nil
}

// answered edits the question whose button was pressed: its buttons go, and
// a valid answer is shown under it, so old buttons cannot be pressed again.
func (b *Bot) answered(ev event, reply engine.Reply) outItem {
	text := b.render.Escape(ev.question)
	stale := len(reply.Outputs) > 0 && reply.Outputs[0].Msg == "stale"
	if ev.pressed != "" && !stale && ev.choiceOK {
		text += "\n\n✓ " + b.render.Escape(ev.pressed)
	}
	if text == "" {
		return outItem{ChatID: ev.chatID, Op: opUnmark, MessageID: ev.messageID}
	}
	return outItem{ChatID: ev.chatID, Op: opEdit, MessageID: ev.messageID, Text: text}
}

// note is a one-message reply in the person's language.
func (b *Bot) note(chatID int64, lang referral.Lang, id string) []outItem {
	if !lang.Valid() {
		return []outItem{{ChatID: chatID, Op: opSend, Text: b.trilingual(id)}}
	}
	return []outItem{{ChatID: chatID, Op: opSend, Text: b.render.Escape(b.d.Catalog.Text(lang, id, nil))}}
}

// trilingual renders a message in Kazakh, Russian and English, for people
// whose language the bot does not know.
func (b *Bot) trilingual(id string) string {
	var s string
	for i, l := range referral.Langs {
		if i > 0 {
			s += "\n\n"
		}
		s += b.render.Escape(b.d.Catalog.Text(l, id, nil))
	}
	return s
}

// sayError tells the person, in every language, that something failed on
// the bot's side and what to do. It is sent directly: the database, where
// the outbox lives, may be what failed.
func (b *Bot) sayError(ctx context.Context, chatID int64) {
	it := outItem{ChatID: chatID, Op: opSend, Text: b.trilingual("tg.error")}
	method, params := it.params(b.cfg)
	err := b.callRetrying(ctx, method, params)
	if err != nil {
		b.d.Log.Warn("telegram: could not send the error notice", "err", err)
	}
}

// answerGrace bounds how long a button's answer is tried after the bot
// was told to stop.
const answerGrace = 10 * time.Second

// answerCallback stops the button's spinner, with a short note (toast)
// when text is set.
func (b *Bot) answerCallback(ctx context.Context, ev event, text string) {
	if ev.callbackID == "" {
		return
	}
	params := map[string]string{"callback_query_id": ev.callbackID}
	if text != "" {
		params["text"] = text
	}
	// A stop does not cut the answer short: its reply may be on the screen
	// already (the courier delivers beside it), so the update will not come
	// again to be answered then. The stop waits for it, a few seconds at
	// most.
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), answerGrace)
	defer cancel()
	err := b.callRetrying(actx, "answerCallbackQuery", params)
	var e *APIError
	switch {
	case err == nil || actx.Err() != nil:
	case errors.As(err, &e) && e.Code == http.StatusBadRequest:
		b.d.Log.Debug("telegram: callback query already answered or too old", "err", err)
	default:
		b.d.Log.Warn("telegram: answer callback query", "err", err)
	}
}
