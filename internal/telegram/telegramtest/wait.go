package telegramtest

import (
	"context"
	"fmt"
)

// WaitFor blocks until cond(s) is true, re-checking after every change of
// the server's state (a request answered, a message sent or edited, an
// update confirmed or delivered, a script call), or until ctx is done or
// the test ends. cond runs without the server's lock held, so it may call
// any Server method; it must not block. Tests should pass a context with a
// deadline instead of sleeping. The error wraps ctx.Err() and summarises
// the last call.
func (s *Server) WaitFor(ctx context.Context, cond func(*Server) bool) error {
	for {
		s.mu.Lock()
		ch := s.change
		s.mu.Unlock()
		if cond(s) {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("telegramtest: wait: %w (%s)", ctx.Err(), s.lastCallSummary())
		case <-s.ctx.Done():
			return fmt.Errorf("telegramtest: wait: server closed")
		}
	}
}

// WaitMessages waits until the bot has sent at least n messages to chatID
// (deleted ones included) and returns the bot's messages in that chat.
func (s *Server) WaitMessages(ctx context.Context, chatID int64, n int) ([]Message, error) {
	var msgs []Message
	err := s.WaitFor(ctx, func(s *Server) bool {
		msgs = s.BotMessages(chatID)
		return len(msgs) >= n
	})
	if err != nil {
		return msgs, fmt.Errorf("telegramtest: want %d bot messages in chat %d, have %d: %w", n, chatID, len(msgs), err)
	}
	return msgs, nil
}

// WaitIdle waits until every update is confirmed or delivered, and every
// callback query answered.
func (s *Server) WaitIdle(ctx context.Context) error {
	return s.WaitFor(ctx, func(s *Server) bool { return s.Pending() == 0 && len(s.Unanswered()) == 0 })
}

func (s *Server) lastCallSummary() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.calls) == 0 {
		return "no calls yet"
	}
	c := s.calls[len(s.calls)-1]
	return fmt.Sprintf("%d calls so far, last %s → %d %s", len(s.calls), c.Method, c.Status, c.Error)
}
