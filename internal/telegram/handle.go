package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/store"
)

// handle applies one event in one store transaction: it drops an update
// already handled, steps the dialog, renders the replies and appends them
// to the chat's outbox. It reports whether anything was committed. It does
// not send: the caller delivers the outbox afterwards.
func (b *Bot) handle(ctx context.Context, ev event) {
	if ev.kind == evIgnore {
		b.answerCallback(ctx, ev)
		return
	}
	start := time.Now()
	key := b.key(ev.chatID)
	var reply engine.Reply
	outcome := "ok"
	// Batch shares the commit (and its fsync) with other chats' updates
	// handled at the same time; it may run the function more than once.
	err := b.d.DB.Batch(func(tx *store.Tx) error {
		outcome, reply = "ok", engine.Reply{}
		last, err := tx.LastUpdate(key)
		if err != nil {
			return err
		}
		if ev.updateID <= last {
			outcome = "duplicate"
			return nil
		}
		// Stickers, photos and group messages change nothing and leave
		// nothing behind but the short reply; only conversation steps are
		// remembered, so that a repeat of one is dropped.
		if ev.kind != evUnsupported && ev.kind != evGroup {
			if err := tx.SetLastUpdate(key, ev.updateID); err != nil {
				return err
			}
		}
		if ev.msgID != 0 && (ev.kind == evText || ev.kind == evCommand) {
			if err := tx.LogMessages(key, ev.date, ev.msgID); err != nil {
				return err
			}
		}
		items, r, err := b.decide(tx, key, ev)
		if err != nil {
			return err
		}
		reply = r
		return appendItems(tx, key, items)
	})
	if err == nil && reply.Ending == dialog.EndForget {
		b.finishForget(ctx, ev, reply)
	}
	if err != nil {
		outcome = "error"
		b.d.Log.Error("telegram: handle update", "chat", key.Chat[:12], "kind", ev.kind.String(), "err", err)
		b.sayError(ctx, ev.chatID)
	}
	// A button press delivered again may be one whose query an earlier run
	// committed but died before answering: answer it again, or the person's
	// button spins until Telegram gives up. Telegram refuses a second answer
	// harmlessly.
	b.answerCallback(ctx, ev)
	b.d.Log.Info("update", "chat", key.Chat[:12], "kind", ev.kind.String(),
		"from", reply.From.String(), "to", reply.To.String(),
		"ms", time.Since(start).Milliseconds(), "outcome", outcome)
}

// decide returns what to send for ev, and the dialog's reply when the
// dialog ran. It runs inside the handling transaction.
func (b *Bot) decide(tx *store.Tx, key store.SessionKey, ev event) ([]outItem, engine.Reply, error) {
	switch ev.kind {
	case evGroup:
		return b.decideGroup(tx, key, ev)
	case evUnsupported:
		st, _, _ := tx.Session(key) // a damaged session only costs the language
		return b.note(ev.chatID, st.Lang, "tg.unsupported"), engine.Reply{}, nil
	}
	if ev.kind == evCommand && ev.payload != "" {
		if err := tx.Incr("start:" + startLabel(ev.payload)); err != nil {
			return nil, engine.Reply{}, err
		}
		if err := tx.CountDay(b.d.Now(), "start", startLabel(ev.payload)); err != nil {
			return nil, engine.Reply{}, err
		}
	}
	reply, err := b.d.Engine.HandleTx(tx, key, ev.input())
	if err != nil {
		return nil, engine.Reply{}, err
	}
	switch reply.Ending {
	case dialog.EndExit:
		items, err := b.quickExit(tx, key, ev.chatID)
		return items, reply, err
	case dialog.EndForget:
		return nil, reply, tx.Erase(key) // the last word is sent after the file is compacted
	}
	var items []outItem
	if ev.kind == evCallback && ev.messageID != 0 {
		items = append(items, b.answered(ev, reply))
	}
	for _, m := range b.render.Render(reply.Lang, reply.Outputs) {
		items = append(items, b.messageItems(ev.chatID, m)...)
	}
	// The first message of a reply may ring; the rest arrive silently, so a
	// phone on a table does not light up again and again.
	rang := false
	for i := range items {
		if items[i].Op == opSend {
			items[i].Silent = b.cfg.Silent && rang
			rang = true
		}
	}
	return items, reply, nil
}

// deleteWindow is how long Telegram lets a bot delete messages in a
// private chat (48 hours), less a margin for clocks that disagree.
const deleteWindow = 48*time.Hour - 10*time.Minute

// quickExit ends a conversation without a trace in the chat: it queues the
// deletion of every message of the conversation Telegram still allows to
// delete (the bot's and the person's, under 48 hours old, in batches of
// 100), erases everything kept about the conversation, and leaves at most
// the operator's neutral message.
func (b *Bot) quickExit(tx *store.Tx, key store.SessionKey, chatID int64) ([]outItem, error) {
	msgs, err := tx.Messages(key)
	if err != nil {
		return nil, err
	}
	if err := tx.Erase(key); err != nil {
		return nil, err
	}
	cutoff := b.d.Now().Add(-deleteWindow)
	var ids []int64
	for _, m := range msgs {
		if m.Date.After(cutoff) {
			ids = append(ids, m.ID)
		}
	}
	var items []outItem
	for len(ids) > 0 {
		n := min(len(ids), maxDelete)
		items = append(items, outItem{ChatID: chatID, Op: opDelete, IDs: ids[:n]})
		ids = ids[n:]
	}
	if b.cfg.ExitMessage != "" {
		items = append(items, outItem{ChatID: chatID, Op: opSend, Text: b.render.Escape(b.cfg.ExitMessage), Silent: true})
	}
	return items, nil
}

// finishForget makes the erasure final — the database file is rewritten so
// no trace of the conversation stays in its free pages — and then says so.
// The last word is sent directly, not through the outbox, so that nothing
// about the person is written again.
func (b *Bot) finishForget(ctx context.Context, ev event, reply engine.Reply) {
	if err := b.d.DB.Compact(); err != nil {
		b.d.Log.Error("telegram: compact the database after an erasure", "err", err)
	}
	for _, m := range b.render.Render(reply.Lang, reply.Outputs) {
		it := outItem{ChatID: ev.chatID, Op: opSend, Text: m.Text}
		method, params := it.params(b.cfg)
		err := b.callRetrying(ctx, method, params)
		if err != nil && ctx.Err() == nil {
			b.d.Log.Warn("telegram: could not confirm an erasure", "err", err)
		}
	}
}

// decideGroup says once, briefly, in every language, that the bot works
// only in private chats; after that it stays quiet in the group.
func (b *Bot) decideGroup(tx *store.Tx, key store.SessionKey, ev event) ([]outItem, engine.Reply, error) {
	told, err := tx.Cursor("told:" + key.Chat)
	if err != nil || told != 0 || ev.kind != evGroup {
		return nil, engine.Reply{}, err
	}
	if err := tx.SetCursor("told:"+key.Chat, 1); err != nil {
		return nil, engine.Reply{}, err
	}
	return []outItem{{ChatID: ev.chatID, Op: opSend, Text: b.trilingual("tg.group")}}, engine.Reply{}, nil
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

func (b *Bot) answerCallback(ctx context.Context, ev event) {
	if ev.callbackID == "" {
		return
	}
	err := b.callRetrying(ctx, "answerCallbackQuery", map[string]string{"callback_query_id": ev.callbackID})
	var e *APIError
	switch {
	case err == nil || ctx.Err() != nil:
	case errors.As(err, &e) && e.Code == http.StatusBadRequest:
		b.d.Log.Debug("telegram: callback query already answered or too old", "err", err)
	default:
		b.d.Log.Warn("telegram: answer callback query", "err", err)
	}
}

func appendItems(tx *store.Tx, key store.SessionKey, items []outItem) error {
	if len(items) == 0 {
		return nil
	}
	data := make([][]byte, len(items))
	for i, it := range items {
		var err error
		if data[i], err = json.Marshal(it); err != nil {
			return err
		}
	}
	return tx.AppendOutbox(key, data...)
}

// startLabel is the daily counter label of a deep-link payload: the
// operator's campaign names ("flyer_almaty"). A payload with no letter, or
// with a run of 5 or more digits (it could be a number someone chose, such
// as their own ID), is counted as "other", so that no daily counter can
// hold an identifier.
func startLabel(p string) string {
	letters, run := false, 0
	for _, r := range p {
		switch {
		case r >= '0' && r <= '9':
			if run++; run >= 5 {
				return "other"
			}
		default:
			run = 0
			letters = letters || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		}
	}
	if !letters {
		return "other"
	}
	return p
}
