package telegram

import (
	"encoding/json"
	"html"
	"slices"
	"strings"

	"github.com/komek-kz/komek/internal/conversation"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/render"
	"github.com/komek-kz/komek/internal/store"
)

// How a step looks in the chat (issue 14): the conversation lives in one
// message. A button pressed on the latest question edits that message into
// the next question, headed by a compact line of the answers so far — no
// new message, so nothing waits for Telegram's limit of about one message
// a second per chat. A typed answer gets the next question as a new message
// (the old one is above the person's words), with the echo of what was
// understood in the same message. Results, and the emergency numbers, are
// new messages: they must be easy to find again and to forward to oneself.
// A press that repeats an answer already given changes nothing and sends
// nothing: the button's spinner stops with a short note.

// decide returns what to send for ev after the dialog's reply r, as outbox
// items with their class. It runs inside the handling transaction.
func (b *Bot) decide(tx *store.Tx, key store.SessionKey, ev event, reply engine.Reply, logged []store.Message) ([]conversation.Item, error) {
	switch ev.kind {
	case evGroup:
		items, err := b.decideGroup(tx, key, ev)
		return classed(items, conversation.Reply), err
	case evUnsupported:
		st, _, _ := tx.Session(key) // a damaged session only costs the language
		return classed(b.note(ev.chatID, st.Lang, "tg.unsupported"), conversation.Reply), nil
	}
	if reply.Ending == dialog.EndExit {
		return classed(b.quickExit(ev.chatID, logged), conversation.Urgent), nil
	}
	if noted(reply) {
		return nil, nil // the callback's toast says it
	}
	msgs := coalesce(reply.Outputs, b.render.Render(reply.Lang, reply.Outputs))
	urgent := slices.ContainsFunc(reply.Outputs, func(o dialog.Output) bool { return o.Kind == dialog.OutEmergency })
	var items []outItem
	if ev.kind == evCallback && ev.messageID != 0 {
		live, err := b.live(tx, key, ev, logged)
		if err != nil {
			return nil, err
		}
		if live && len(msgs) == 1 && msgs[0].Kind == dialog.OutQuestion && !urgent {
			// Never dropped: a newer reply may be a new message, and the
			// pressed one must not keep showing the question answered.
			return []conversation.Item{conversationItem(b.inPlace(ev, msgs[0]), conversation.Reply)}, nil
		}
		items = append(items, b.answered(ev, reply))
	}
	for _, m := range msgs {
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
	// A question that says what typed words were taken for («✓ Алматы»)
	// is never dropped for a newer one (it still replaces older ones): the
	// person must see how each of their answers was read.
	echo := slices.ContainsFunc(reply.Outputs, func(o dialog.Output) bool { return o.Kind == dialog.OutEcho })
	out := make([]conversation.Item, len(items))
	for i, it := range items {
		class := conversation.Reply
		switch {
		case urgent:
			class = conversation.Urgent
		case it.Step != 0 && echo:
			class = conversation.KeptQuestion
		case it.Step != 0:
			class = conversation.Question
		}
		out[i] = conversationItem(it, class)
	}
	return out, nil
}

// live reports whether the pressed message is the chat's latest: the last
// the bot sent, with nothing after it from the person, and nothing still
// queued but questions (which the new one replaces) and edits of that same
// message. Only that message is edited into the next question; an older
// one would change out of sight.
func (b *Bot) live(tx *store.Tx, key store.SessionKey, ev event, logged []store.Message) (bool, error) {
	last, err := tx.LastSent(key)
	last = max(last, b.seen.lastSent(ev.chatID))
	if err != nil || last != int64(ev.messageID) {
		return false, err
	}
	if logged == nil {
		if logged, err = tx.Messages(key); err != nil {
			return false, err
		}
	}
	for _, m := range logged {
		if m.ID > last {
			return false, nil // the person wrote after it
		}
	}
	queued, err := conversation.Queued(tx, key)
	if err != nil {
		return false, err
	}
	for _, q := range queued {
		var it outItem
		if q.Class == conversation.Question {
			continue
		}
		if json.Unmarshal(q.Data, &it) != nil || it.Op != opEdit || it.MessageID != ev.messageID {
			return false, nil
		}
	}
	return true, nil
}

// inPlace is the edit that turns the pressed message into the next
// question m.
func (b *Bot) inPlace(ev event, m render.Message) outItem {
	text := m.Text
	if m.Answers != "" {
		text = m.Answers + "\n\n" + text
	}
	return outItem{ChatID: ev.chatID, Op: opEdit, MessageID: ev.messageID, Text: text, Buttons: keyboard(m),
		Step: uint8(m.Step), Seq: m.Seq}
}

// noted reports a reply that only says the input repeated an answer
// (the dialog gives OutNoted alone).
func noted(reply engine.Reply) bool {
	return len(reply.Outputs) > 0 && reply.Outputs[0].Kind == dialog.OutNoted
}

// notedText is the toast for a repeated answer, "" when the reply is not
// one.
func notedText(b *Bot, reply engine.Reply) string {
	if !noted(reply) {
		return ""
	}
	msgs := b.render.Render(reply.Lang, reply.Outputs)
	return html.UnescapeString(msgs[0].Text) // a toast is plain text
}

// coalesce joins each run of short notes (an echo of what was understood,
// "starting over") to the message that follows it, so that a step costs
// one message: «✓ Алматы» and the next question arrive together. msgs are
// outs rendered. The welcome and the help stay messages of their own, to be
// read again after the question they came with was answered; the emergency
// numbers are never joined: they come first, on their own.
func coalesce(outs []dialog.Output, msgs []render.Message) []render.Message {
	out := make([]render.Message, 0, len(msgs))
	var notes []string
	for i, m := range msgs {
		plain := m.Kind == dialog.OutMessage || m.Kind == dialog.OutEcho
		if plain && len(m.Options) == 0 && len(m.Nav) == 0 && !keptApart[outs[i].Msg] {
			notes = append(notes, m.Text)
			continue
		}
		if len(notes) > 0 && m.Kind != dialog.OutEmergency {
			joined := strings.Join(append(notes, m.Text), "\n\n")
			if units(joined) <= maxText {
				m.Text, notes = joined, nil
			}
		}
		for _, n := range notes {
			out = append(out, render.Message{Kind: dialog.OutMessage, Text: n})
		}
		notes = nil
		out = append(out, m)
	}
	for _, n := range notes {
		out = append(out, render.Message{Kind: dialog.OutMessage, Text: n})
	}
	return out
}

// keptApart are the notes never joined to a question.
var keptApart = map[string]bool{"welcome": true, "help": true}

// classed gives items one class.
func classed(items []outItem, class conversation.Class) []conversation.Item {
	out := make([]conversation.Item, len(items))
	for i, it := range items {
		out[i] = conversationItem(it, class)
	}
	return out
}
