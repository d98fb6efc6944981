package conversation

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/store"
)

// Core is the conversation core every channel shares. It is safe for
// concurrent use; a channel hands it one chat's inputs one at a time, in
// order (see Queues).
type Core struct {
	DB     *store.DB
	Engine *engine.Engine
	Log    *slog.Logger
}

// Kind says what an inbound event does to the conversation.
type Kind uint8

const (
	// Step is a conversation step: the dialog runs, and a repeat of the
	// event is dropped.
	Step Kind = iota
	// Note changes nothing (a sticker, a photo, a group message): the
	// channel's plan answers it, and nothing is remembered.
	Note
)

// Inbound is one event a channel received, decoded at its edge.
type Inbound struct {
	// Key is the conversation: the channel's name and its keyed hash of
	// the chat. Never a raw chat identifier.
	Key store.SessionKey
	// Seq orders the channel's events (Telegram's update ID): an event at
	// or below the last one handled is a repeat. ID de-duplicates a
	// channel whose events carry no order (WhatsApp: a keyed hash of the
	// message ID), with At, the event's own time, which a repeat keeps.
	// With neither (the terminal), nothing is de-duplicated.
	Seq int64
	ID  []byte
	At  time.Time
	// Kind and Input: what the person did.
	Kind  Kind
	Input dialog.Input
	// Source is a /start deep-link payload, counted as "start:"+Source.
	Source string
	// LogID is the channel's ID of the person's message, kept (with At)
	// for a quick exit that deletes it; 0: nothing to keep.
	LogID int64
}

func (in *Inbound) forget() bool {
	return in.Kind == Step && in.Input.Kind == dialog.InputCommand && in.Input.Command == dialog.CmdForget
}

// Plan renders what the channel will send for one handled event, as
// outbox items in the channel's own encoding. It runs inside the
// transaction (tx), after the dialog (r; zero for a Note). On a quick
// exit, logged is the conversation's message log, read before the
// erasure, for a channel that can delete messages.
//
// An item of class Question or Urgent makes the questions still queued
// unsent obsolete: they are dropped in the same transaction.
type Plan func(tx *store.Tx, r engine.Reply, logged []store.Message) ([]Item, error)

// Result is what Handle did.
type Result struct {
	Reply engine.Reply
	// Outcome is for the channel's log line: ok, duplicate,
	// farewell-again, forget-repeat or error.
	Outcome string
	// Forgot: the conversation was erased at the person's request (now,
	// or before: Outcome farewell-again or forget-repeat). Nothing about
	// it was put in the outbox: the channel confirms it directly
	// (Reply's outputs), and then calls Confirm, unless Outcome is
	// forget-repeat. MaybeSent: a confirmation may have gone out before
	// a crash.
	Forgot, MaybeSent bool
}

// Handle applies one inbound event in one store transaction, shared with
// other chats' events arriving at the same time: it drops a repeat, steps
// the dialog, keeps what the channel needs for a quick exit, counts the
// source, erases the conversation on /exit or /forget, and appends what
// plan renders to the chat's outbox. It sends nothing: the channel
// delivers the outbox afterwards (Flush). The error is non-nil only when
// the store failed; nothing was saved then.
func (c *Core) Handle(in Inbound, plan Plan) (Result, error) {
	if in.forget() {
		if r, ok := c.Engine.RecentlyForgotten(in.Key); ok {
			// Erased moments ago: said again, nothing done again.
			return Result{Reply: r, Outcome: "forget-repeat", Forgot: true}, nil
		}
	}
	var res Result
	// Batch may run the function more than once.
	err := c.DB.Batch(func(tx *store.Tx) (err error) {
		res, err = c.handleTx(tx, &in, plan)
		return err
	})
	if err != nil {
		return Result{Outcome: "error"}, fmt.Errorf("conversation: handle %s event: %w", in.Key.Channel, err)
	}
	if res.Forgot && res.Outcome == "ok" {
		c.Engine.Forgot(in.Key, res.Reply)
	}
	return res, nil
}

func (c *Core) handleTx(tx *store.Tx, in *Inbound, plan Plan) (Result, error) {
	res := Result{Outcome: "ok"}
	dup, farewell, err := c.seen(tx, in)
	switch {
	case err != nil:
		return res, err
	case farewell != nil:
		return *farewell, nil
	case dup:
		res.Outcome = "duplicate"
		return res, nil
	}
	if in.Kind == Step {
		if err := c.remember(tx, in, false, ""); err != nil {
			return res, err
		}
	}
	if in.LogID != 0 {
		if err := tx.LogMessages(in.Key, in.At, in.LogID); err != nil {
			return res, err
		}
	}
	if in.Kind == Note {
		return res, appendOutbox(tx, in.Key, plan, engine.Reply{}, nil)
	}
	if in.Source != "" {
		label := startLabel(in.Source)
		if err := tx.Incr("start:" + label); err != nil {
			return res, err
		}
		if err := tx.CountDay(in.At, "start", label); err != nil {
			return res, err
		}
	}
	if res.Reply, err = c.Engine.HandleTx(tx, in.Key, in.Input); err != nil {
		return res, err
	}
	switch res.Reply.Ending {
	case dialog.EndExit:
		msgs, err := tx.Messages(in.Key)
		if err != nil {
			return res, err
		}
		if err := tx.Erase(in.Key); err != nil {
			return res, err
		}
		return res, appendOutbox(tx, in.Key, plan, res.Reply, msgs)
	case dialog.EndForget:
		// The confirmation is sent directly, after the commit: nothing
		// about the person is written again.
		res.Forgot = true
		if err := tx.Erase(in.Key); err != nil {
			return res, err
		}
		return res, c.remember(tx, in, true, string(res.Reply.Lang))
	}
	return res, appendOutbox(tx, in.Key, plan, res.Reply, nil)
}

// seen reports whether in was handled before; when it was a request to be
// forgotten whose confirmation may not have gone out, farewell says what
// to confirm.
func (c *Core) seen(tx *store.Tx, in *Inbound) (dup bool, farewell *Result, err error) {
	switch {
	case in.ID != nil:
		n, found, err := tx.Inbound(in.Key.Channel, in.ID, in.At)
		if err != nil || !found {
			return false, nil, err
		}
		if n.Farewell && !n.Confirmed {
			return true, again(n.Lang), nil
		}
		return true, nil, nil
	case in.Seq == 0:
		return false, nil, nil
	}
	if in.Kind == Step {
		lang, confirmed, found, err := tx.Farewell(in.Key.Channel, in.Seq)
		switch {
		case err != nil:
			return false, nil, err
		case found && confirmed:
			return true, nil, nil
		case found:
			return true, again(lang), nil
		}
	}
	last, err := tx.LastUpdate(in.Key)
	if err != nil {
		return false, nil, err
	}
	erased := false
	if last == 0 { // no conversation: perhaps erased after this event was handled
		if erased, err = tx.ErasedSince(in.Key, in.Seq); err != nil {
			return false, nil, err
		}
	}
	return in.Seq <= last || erased, nil, nil
}

func again(lang string) *Result {
	return &Result{Outcome: "farewell-again", Forgot: true, MaybeSent: true, Reply: ForgottenReply(referral.Lang(lang))}
}

// remember records that in was handled; with farewell, that it erased the
// conversation, to be confirmed in lang.
func (c *Core) remember(tx *store.Tx, in *Inbound, farewell bool, lang string) error {
	switch {
	case in.ID != nil:
		return tx.NoteInbound(in.Key.Channel, in.ID, in.At, farewell, lang)
	case in.Seq == 0:
		return nil
	case farewell:
		return tx.NoteFarewell(in.Key, in.Seq, lang)
	}
	return tx.SetLastUpdate(in.Key, in.Seq)
}

// Confirm records that the confirmation of the erasure in made was sent,
// so that the event delivered again is dropped rather than confirmed
// again.
func (c *Core) Confirm(in Inbound) error {
	err := c.DB.Batch(func(tx *store.Tx) error {
		switch {
		case in.ID != nil:
			return tx.ConfirmInbound(in.Key.Channel, in.ID, in.At)
		case in.Seq != 0:
			return tx.ConfirmFarewell(in.Key.Channel, in.Seq)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("conversation: confirm an erasure: %w", err)
	}
	return nil
}

func appendOutbox(tx *store.Tx, key store.SessionKey, plan Plan, r engine.Reply, logged []store.Message) error {
	if plan == nil {
		return nil
	}
	items, err := plan(tx, r, logged)
	if err != nil || len(items) == 0 {
		return err
	}
	if err := dropObsolete(tx, key, items); err != nil {
		return err
	}
	data := make([][]byte, len(items))
	for i, it := range items {
		data[i] = it.encode()
	}
	return tx.AppendOutbox(key, data...)
}

// Queued returns the items still queued for key, in delivery order, for a
// Plan that shapes its items by what has not gone out yet.
func Queued(tx *store.Tx, key store.SessionKey) ([]Item, error) {
	raw, err := tx.Outbox(key)
	if err != nil {
		return nil, err
	}
	var items []Item
	for _, q := range readQueue(raw) {
		if q.Class != dropped {
			items = append(items, q.Item)
		}
	}
	return items, nil
}

// ForgottenReply is the dialog's answer to "forget me" in lang.
func ForgottenReply(lang referral.Lang) engine.Reply {
	return engine.Reply{Lang: lang, Ended: true, Ending: dialog.EndForget,
		Outputs: []dialog.Output{{Kind: dialog.OutMessage, Msg: "forgotten"}}}
}

// logKey is the short form of a conversation's key for log lines.
func logKey(k store.SessionKey) string {
	if len(k.Chat) > 12 {
		return k.Chat[:12]
	}
	return k.Chat
}

// startLabel is the counter label of a deep-link payload: the operator's
// campaign names ("flyer_almaty"). A payload with no letter, or with a run
// of 5 or more digits (it could be a number someone chose, such as their
// own ID), is counted as "other", so that no counter can hold an
// identifier.
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
