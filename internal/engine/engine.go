// Package engine runs conversations for every channel: for each input it
// loads the person's session, steps the dialog and saves the new state, all
// in one store transaction, and hands the outputs back to the channel to
// render and send. Channels (the terminal chat, Telegram) differ only in how
// inputs arrive and how replies are shown.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/store"
)

// Engine is safe for concurrent use. Inputs of one session must be handed to
// it one at a time, in order (channels serialise per chat); inputs of
// different sessions may run in parallel.
type Engine struct {
	cfg     Config
	machine atomic.Pointer[dialog.Machine]
	forgets forgets
}

// Config is what an Engine needs besides the referral table.
type Config struct {
	DB *store.DB
	// Lexicon is what people may type for each option (locale.Catalog.Lexicon).
	Lexicon dialog.Lexicon
	// Dialog are the conversation's options.
	Dialog dialog.Options
	// BrokenThreshold: when people have reported this many times in
	// BrokenWindow that a service's number did not work, the engine warns
	// once in the log; "komek referrals stale" and "verify" list the service
	// for the coordinators. Nothing is ever hidden automatically. 0 means
	// DefaultBrokenThreshold.
	BrokenThreshold int
	// Now is the clock: time.Now in production, a fake in tests.
	Now func() time.Time
	// SessionTTL: a session idle for longer is forgotten, and the person's
	// next message starts afresh. 0 means DefaultSessionTTL.
	SessionTTL time.Duration
	// ForgetRepeat: a "forget me" repeated from the same chat within this
	// long after an erasure is answered without doing anything again
	// (see RecentlyForgotten). 0 means DefaultForgetRepeat.
	ForgetRepeat time.Duration
	Log          *slog.Logger
}

// DefaultBrokenThreshold is the number of "didn't work" reports that puts
// a service on the coordinators' to-do list when the Config gives none.
const DefaultBrokenThreshold = 3

// BrokenWindow is how far back "didn't work" reports count.
const BrokenWindow = 90 * 24 * time.Hour

// DefaultSessionTTL is how long a conversation is kept after the person's
// last message when the Config gives no TTL.
const DefaultSessionTTL = 24 * time.Hour

// New returns an Engine that answers from table.
func New(cfg Config, table *referral.Table) *Engine {
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ForgetRepeat <= 0 {
		cfg.ForgetRepeat = DefaultForgetRepeat
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.BrokenThreshold <= 0 {
		cfg.BrokenThreshold = DefaultBrokenThreshold
	}
	if cfg.Dialog.RetentionHours == 0 {
		cfg.Dialog.RetentionHours = int(cfg.SessionTTL.Hours())
	}
	e := &Engine{cfg: cfg}
	e.SetTable(table)
	return e
}

// SetTable switches every conversation to a new referral table at once;
// inputs already being handled finish with the old one.
func (e *Engine) SetTable(t *referral.Table) {
	e.machine.Store(dialog.New(t, e.cfg.Lexicon, e.cfg.Dialog))
}

// DB returns the database the engine keeps conversations in.
func (e *Engine) DB() *store.DB { return e.cfg.DB }

// Table returns the referral table in use.
func (e *Engine) Table() *referral.Table { return e.machine.Load().Table() }

// Reply is what one input produced.
type Reply struct {
	// Lang is the conversation's language after the input ("" before the
	// person chose one).
	Lang referral.Lang
	// From and To are the steps before and after, for logs.
	From, To dialog.StepID
	// Outputs are what to say, in order.
	Outputs []dialog.Output
	// Ended reports that the person left and the session was deleted;
	// Ending says how (exit or forget).
	Ended  bool
	Ending dialog.Ending
}

// Handle applies one input to the session under key in its own store
// transaction. See HandleTx.
func (e *Engine) Handle(ctx context.Context, key store.SessionKey, in dialog.Input) (Reply, error) {
	if err := ctx.Err(); err != nil {
		return Reply{}, err
	}
	var r Reply
	err := e.cfg.DB.Update(func(tx *store.Tx) (err error) {
		r, err = e.HandleTx(tx, key, in)
		return err
	})
	if err != nil {
		return Reply{}, fmt.Errorf("engine: handle input: %w", err)
	}
	return r, nil
}

// HandleTx applies one input to the session under key inside the caller's
// transaction, so a channel can store what it must send in the same
// commit. A session that cannot be decoded, or that has been idle longer
// than the TTL, is started afresh rather than failing the person. The error
// is non-nil only when the store fails; the caller's transaction then rolls
// back and nothing is saved.
func (e *Engine) HandleTx(tx *store.Tx, key store.SessionKey, in dialog.Input) (Reply, error) {
	m := e.machine.Load()
	now := e.cfg.Now()
	st, _, err := tx.Session(key)
	if errors.Is(err, store.ErrCorrupt) {
		e.cfg.Log.Warn("session unreadable; starting afresh", "channel", key.Channel)
		st, err = dialog.State{}, nil
	}
	if err != nil {
		return Reply{}, err
	}
	if !st.LastSeen.IsZero() && now.Sub(st.LastSeen) > e.cfg.SessionTTL {
		st = dialog.State{}
	}
	next, outs := m.Step(st, in, now)
	for _, ev := range dialog.Events(st, next, outs) {
		if err := tx.CountDay(now, ev.Metric, ev.Label); err != nil {
			return Reply{}, err
		}
	}
	if err := e.warnBroken(tx, outs, now); err != nil {
		return Reply{}, err
	}
	r := Reply{Lang: next.Lang, From: st.Step, To: next.Step, Outputs: outs, Ended: next.Ended(), Ending: next.End}
	if next.Ended() {
		return r, tx.DeleteSession(key)
	}
	return r, tx.PutSession(key, next)
}

// warnBroken logs, once, when "the number didn't work" reports on a service
// reach the threshold: the service is then on the coordinators' to-do list.
func (e *Engine) warnBroken(tx *store.Tx, outs []dialog.Output, now time.Time) error {
	for _, o := range outs {
		if o.Report == nil || o.Report.Feedback != dialog.FeedbackBroken {
			continue
		}
		label := o.Report.Service + " " + dialog.FeedbackBroken.Code()
		n, err := tx.DayTotal(now.Add(-BrokenWindow), now, dialog.MetricFeedback, label)
		if err != nil {
			return err
		}
		if n == uint64(e.cfg.BrokenThreshold) {
			e.cfg.Log.Warn("feedback: people report that a service's number does not work; it is on the coordinators' to-do list (komek referrals stale, komek referrals verify)",
				"service", o.Report.Service, "reports", n)
		}
	}
	return nil
}
