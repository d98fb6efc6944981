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
	db      *store.DB
	lex     dialog.Lexicon
	machine atomic.Pointer[dialog.Machine]
	now     func() time.Time
	log     *slog.Logger
	ttl     time.Duration
}

// DefaultSessionTTL is how long a conversation is kept after the person's
// last message when New is given no TTL.
const DefaultSessionTTL = 24 * time.Hour

// New returns an Engine over db that answers from table. now is the clock
// (time.Now in production, a fake in tests). A session idle for longer than
// ttl is forgotten: the person's next message starts afresh (0 means
// DefaultSessionTTL).
func New(db *store.DB, table *referral.Table, lex dialog.Lexicon, now func() time.Time, ttl time.Duration, log *slog.Logger) *Engine {
	if ttl <= 0 {
		ttl = DefaultSessionTTL
	}
	e := &Engine{db: db, lex: lex, now: now, log: log, ttl: ttl}
	e.SetTable(table)
	return e
}

// SetTable switches every conversation to a new referral table at once;
// inputs already being handled finish with the old one.
func (e *Engine) SetTable(t *referral.Table) {
	e.machine.Store(dialog.New(t, e.lex))
}

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
	// Ended reports that the person left and the session was deleted.
	Ended bool
}

// Handle applies one input to the session under key. A session that cannot
// be decoded, or that has been idle longer than the TTL, is started afresh
// rather than failing the person. The error is
// non-nil only when the store fails (for example, the disk is full); nothing
// is then saved, and the channel should tell the person to try again.
func (e *Engine) Handle(ctx context.Context, key store.SessionKey, in dialog.Input) (Reply, error) {
	if err := ctx.Err(); err != nil {
		return Reply{}, err
	}
	m := e.machine.Load()
	now := e.now()
	var r Reply
	err := e.db.Update(func(tx *store.Tx) error {
		st, _, err := tx.Session(key)
		if errors.Is(err, store.ErrCorrupt) {
			e.log.Warn("session unreadable; starting afresh", "channel", key.Channel)
			st, err = dialog.State{}, nil
		}
		if err != nil {
			return err
		}
		if !st.LastSeen.IsZero() && now.Sub(st.LastSeen) > e.ttl {
			st = dialog.State{}
		}
		next, outs := m.Step(st, in, now)
		r = Reply{Lang: next.Lang, From: st.Step, To: next.Step, Outputs: outs, Ended: next.Ended()}
		if next.Ended() {
			return tx.DeleteSession(key)
		}
		return tx.PutSession(key, next)
	})
	if err != nil {
		return Reply{}, fmt.Errorf("engine: handle input: %w", err)
	}
	return r, nil
}
