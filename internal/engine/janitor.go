package engine

import (
	"context"
	"fmt"
	"time"
)

// MessageWindow is how long channels keep message IDs for a quick exit:
// Telegram lets a bot delete messages in a private chat for 48 hours, and
// an ID it can no longer delete serves nothing.
const MessageWindow = 48 * time.Hour

// InboundWindow is how long the notes on handled inbound messages of
// unordered channels (WhatsApp) are kept to drop a redelivery: Meta retries
// a webhook it could not deliver for up to seven days.
const InboundWindow = 8 * 24 * time.Hour

// Sweep erases every conversation idle for longer than the session TTL
// (its session, chat record, message log and key) and every message ID
// older than MessageWindow. It works in small transactions that let
// everyone else's go ahead in between, reads only the records' clear
// headers to decide, and never rewrites the file: erased conversations
// are unreadable as soon as their keys are destroyed (see package store).
// It returns how many conversations it erased.
func (e *Engine) Sweep() (int, error) {
	now := e.cfg.Now()
	n, err := e.cfg.DB.ExpireSessions(now.Add(-e.cfg.SessionTTL))
	if err != nil {
		return 0, fmt.Errorf("engine: sweep: %w", err)
	}
	if err := e.cfg.DB.PruneAllMessages(now.Add(-MessageWindow)); err != nil {
		return n, fmt.Errorf("engine: sweep: %w", err)
	}
	if err := e.cfg.DB.PruneInbound(now.Add(-InboundWindow)); err != nil {
		return n, fmt.Errorf("engine: sweep: %w", err)
	}
	return n, nil
}

// RunJanitor sweeps at once (after a restart there may be conversations
// past their TTL already) and then every interval until ctx is done,
// logging what it erased (a count, never whose) and how long it took.
func (e *Engine) RunJanitor(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		start := time.Now()
		n, err := e.Sweep()
		if err != nil {
			e.cfg.Log.Error("janitor", "err", err)
		} else {
			e.cfg.Log.Info("janitor: swept", "erased", n, "ms", time.Since(start).Milliseconds())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
