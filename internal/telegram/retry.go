package telegram

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/komek-kz/komek/internal/conversation"
)

// retry runs fn until it succeeds, fails for good, or ctx is done. Between
// temporary failures it waits as long as Telegram asked (429 retry_after),
// or an exponential backoff with jitter, capped at the config's MaxBackoff.
func (b *Bot) retry(ctx context.Context, fn func(context.Context) error) error {
	return b.retryWithin(ctx, b.cfg.CallTimeout, fn)
}

// callRetrying calls a Bot API method whose result the bot does not need,
// retrying as retry does.
func (b *Bot) callRetrying(ctx context.Context, method string, params map[string]string) error {
	return b.retry(ctx, func(ctx context.Context) error {
		_, err := b.api.call(ctx, method, params)
		return err
	})
}

// retryWithin is retry with each call bounded by timeout.
func (b *Bot) retryWithin(ctx context.Context, timeout time.Duration, fn func(context.Context) error) error {
	for attempt := 0; ; attempt++ {
		call, cancel := context.WithTimeout(ctx, timeout)
		err := fn(call)
		cancel()
		if ctx.Err() == nil {
			b.observe(err)
		}
		if err == nil || !temporary(err) {
			return err
		}
		if err := b.pause(ctx, err, attempt); err != nil {
			return err
		}
	}
}

// pause waits before retrying after err: as long as Telegram asked (429
// retry_after), or the backoff for this attempt.
func (b *Bot) pause(ctx context.Context, err error, attempt int) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	wait := retryAfter(err)
	if wait == 0 {
		wait = backoff(attempt, b.cfg.MaxBackoff)
	}
	b.d.Log.Debug("telegram: retrying", "err", err, "wait", wait)
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// backoff is 100 ms doubled per attempt, capped, with ±50 % jitter so that
// many chats retrying at once do not retry in step.
func backoff(attempt int, cap time.Duration) time.Duration {
	d := 100 * time.Millisecond << min(attempt, 20)
	d = min(d, cap)
	return d/2 + rand.N(d/2+1)
}

// limiter holds the global rate limit and one limit per chat.
type limiter struct {
	global *rate.Limiter
	rate   rate.Limit
	burst  int
	mu     sync.Mutex
	chats  map[int64]*rate.Limiter
}

func newLimiter(global, perChat float64, burst int) *limiter {
	return &limiter{
		global: rate.NewLimiter(rate.Limit(global), max(1, int(global))),
		rate:   rate.Limit(perChat), burst: burst,
		chats: make(map[int64]*rate.Limiter),
	}
}

// wait blocks until one message to chat may be sent. An urgent message
// (the emergency numbers) takes the chat's token if one is there but does
// not wait for it: only the global limit, which keeps the bot under
// Telegram's own, holds it back.
//
// A wait for the chat's limit gives up when a newer event of the chat is
// committed (conversation.Interrupted), returning
// conversation.ErrInterrupted: the courier reads the outbox again, in
// case the event brought an urgent reply.
func (l *limiter) wait(ctx context.Context, chat int64, urgent bool) error {
	c := l.chat(chat)
	if urgent {
		c.Allow()
		return l.global.Wait(ctx)
	}
	r := c.Reserve()
	if d := r.Delay(); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			r.Cancel()
			return ctx.Err()
		case <-conversation.Interrupted(ctx):
			r.Cancel()
			return conversation.ErrInterrupted
		}
	}
	return l.global.Wait(ctx)
}

func (l *limiter) chat(chat int64) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.chats) > 10000 {
		// Forget idle chats (their buckets are full again).
		for id, c := range l.chats {
			if c.Tokens() >= float64(l.burst) {
				delete(l.chats, id)
			}
		}
	}
	c, ok := l.chats[chat]
	if !ok {
		c = rate.NewLimiter(l.rate, l.burst)
		l.chats[chat] = c
	}
	return c
}
