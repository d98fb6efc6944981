package telegramtest

import (
	"time"
)

// This file holds what load tests need beyond what WaitFor offers: a hook
// on every change the bot makes to a chat, so that thousands of scripted
// people can wait for their replies without each re-reading the chats on
// every change, and webhook delivery over several connections at once, as
// Telegram does (up to max_connections), so that the webhook's throughput
// is the bot's and not the fake's.

// Change is a change the bot made to a chat, as OnChange reports it.
type Change struct {
	// Method is the call that made it: "sendMessage" (or another send
	// method), "editMessageText" or "editMessageReplyMarkup".
	Method string
	ChatID int64
	// Message is the message as it is after the change (a copy the hook
	// owns).
	Message Message
	// At is the real time the server applied the change.
	At time.Time
}

type hooks struct {
	onChange []func(Change)
	// conns is how many webhook deliveries may be in flight at once; 0 or
	// 1 delivers one at a time.
	conns    int
	inflight map[int]bool   // update ids being delivered
	busy     map[int64]bool // chats with an update being delivered
	// callbacks are Server.callbacks by ID, so that answering one does not
	// cost a search through every query of a long run.
	callbacks map[string]*Callback
}

func (s *Server) indexCallbackLocked(cb *Callback) {
	if s.hooks.callbacks == nil {
		s.hooks.callbacks = map[string]*Callback{}
	}
	s.hooks.callbacks[cb.ID] = cb
}

// OnChange makes the server call f for every message the bot sends or
// edits, in the order the server applies them, as soon as it does. f runs
// with the server's lock held: it must return quickly (hand the change to
// a channel or record it) and must not call the Server's methods. Hooks
// cannot be removed; they end with the server.
func (s *Server) OnChange(f func(Change)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hooks.onChange = append(s.hooks.onChange, f)
}

// changedLocked reports a change of m, in chat c, to the OnChange hooks.
func (s *Server) changedLocked(method string, c *chat, m *Message) {
	if len(s.hooks.onChange) == 0 {
		return
	}
	ch := Change{Method: method, ChatID: c.id, Message: m.clone(), At: time.Now()}
	for _, f := range s.hooks.onChange {
		f(ch)
	}
}

// WithWebhookConnections lets the server POST up to n updates to the
// webhook at once, as Telegram does with max_connections; the default, 1,
// delivers one update at a time, in order. With n > 1 the updates of one
// chat still go one at a time and in order (updates queued with SendRaw
// count as one chat), but those of different chats overlap, and an update
// of one chat may be accepted before an older one of another chat.
func WithWebhookConnections(n int) Option {
	return func(s *Server) { s.hooks.conns = n }
}

// nextParallelLocked returns the oldest pending update that may be
// delivered now: a connection is free, and no update of its chat is being
// delivered or waits before it. It marks the update and its chat busy.
func (s *Server) nextParallelLocked() (queuedUpdate, bool) {
	if s.hooks.inflight == nil {
		s.hooks.inflight, s.hooks.busy = map[int]bool{}, map[int64]bool{}
	}
	if len(s.hooks.inflight) >= s.hooks.conns {
		return queuedUpdate{}, false
	}
	s.batchLocked(0) // drops the kinds the bot did not ask for
	waiting := map[int64]bool{}
	for _, u := range s.q.pending {
		if s.hooks.inflight[u.id] || s.hooks.busy[u.chat] || waiting[u.chat] {
			waiting[u.chat] = true
			continue
		}
		s.hooks.inflight[u.id], s.hooks.busy[u.chat] = true, true
		return u, true
	}
	return queuedUpdate{}, false
}

// deliverParallel delivers u (see deliver), then frees its connection and
// its chat.
func (s *Server) deliverParallel(hook Webhook, u queuedUpdate) {
	defer s.wg.Done()
	s.deliver(hook, u)
	s.mu.Lock()
	delete(s.hooks.inflight, u.id)
	delete(s.hooks.busy, u.chat)
	s.notifyLocked()
	s.mu.Unlock()
}
