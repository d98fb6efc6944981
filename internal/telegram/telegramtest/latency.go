package telegramtest

import (
	"context"
	"time"
)

// SetLatency makes every Bot API call take d longer, as a slow network
// does: half on the way in, before the server applies the call, and half
// on the way back, before the bot gets the answer. So what the bot sends
// reaches the chat d/2 after the call, and the bot learns it d later.
// Webhook deliveries are not delayed.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

func (s *Server) halfLatency() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latency / 2
}

// travel waits for half the latency, or until ctx is done.
func travel(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
