package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// queuedUpdate is an update waiting for getUpdates to confirm it or for
// the webhook to accept it.
type queuedUpdate struct {
	id   int
	kind string // "message", "callback_query", ...; "" if unknown (never filtered)
	body []byte // the whole update, as sent
	chat int64  // the chat it belongs to; 0 if unknown (SendRaw)
}

// updateQueue is the bot's pending updates. Update ids increase by one
// from 1 (SendRaw may insert its own).
type updateQueue struct {
	next       int
	pending    []queuedUpdate
	allowed    []string // allowed_updates last given by getUpdates or setWebhook
	allowedSet bool
	pollGen    int // incremented by every getUpdates; an older waiting poll ends with 409
	// handedOut counts how many times each update was given to the bot
	// (returned by getUpdates, or POSTed to the webhook).
	handedOut map[int]int
}

// handOutLocked counts that the bot was given these updates once more.
func (s *Server) handOutLocked(batch []queuedUpdate) {
	if s.q.handedOut == nil {
		s.q.handedOut = make(map[int]int)
	}
	for _, u := range batch {
		s.q.handedOut[u.id]++
	}
}

// defaultExcluded are the update kinds Telegram sends only when
// allowed_updates names them.
var defaultExcluded = map[string]bool{"chat_member": true, "message_reaction": true, "message_reaction_count": true}

// enqueueLocked adds an update {"update_id":N, kind: payload} of chat.
func (s *Server) enqueueLocked(chat int64, kind string, payload any) int {
	id := s.q.next
	s.q.next++
	b, err := json.Marshal(payload)
	if err != nil {
		panic("telegramtest: encode update: " + err.Error())
	}
	body := fmt.Appendf(nil, `{"update_id":%d,%q:%s}`, id, kind, b)
	s.q.pending = append(s.q.pending, queuedUpdate{id, kind, body, chat})
	s.notifyLocked()
	return id
}

func (s *Server) allowedLocked(kind string) bool {
	if kind == "" {
		return true
	}
	if s.q.allowedSet && len(s.q.allowed) > 0 {
		return slices.Contains(s.q.allowed, kind)
	}
	return !defaultExcluded[kind]
}

// setAllowedLocked records an allowed_updates parameter ("null" or absent
// keeps the previous setting, as Telegram does).
func (s *Server) setAllowedLocked(raw string) {
	var list []string
	if raw == "" || raw == "null" || json.Unmarshal([]byte(raw), &list) != nil {
		return
	}
	s.q.allowed, s.q.allowedSet = list, true
}

// AllowedUpdates returns the allowed_updates the bot last asked for with
// getUpdates or setWebhook, and whether it ever did.
func (s *Server) AllowedUpdates() ([]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.q.allowed), s.q.allowedSet
}

// Pending returns the number of updates not yet confirmed by getUpdates
// (an offset above them) or accepted by the webhook.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.q.pending)
}

// confirmLocked forgets the updates an offset confirms.
func (s *Server) confirmLocked(offset int) {
	switch {
	case offset > 0:
		s.q.pending = slices.DeleteFunc(s.q.pending, func(u queuedUpdate) bool { return u.id < offset })
	case offset < 0 && -offset < len(s.q.pending):
		s.q.pending = slices.Clone(s.q.pending[len(s.q.pending)+offset:])
	}
}

// batchLocked returns up to limit pending updates the bot allows, dropping
// the ones it doesn't (they are never delivered).
func (s *Server) batchLocked(limit int) []queuedUpdate {
	s.q.pending = slices.DeleteFunc(s.q.pending, func(u queuedUpdate) bool { return !s.allowedLocked(u.kind) })
	return slices.Clone(s.q.pending[:min(limit, len(s.q.pending))])
}

const webhookConflict = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"

// getUpdates implements long polling: offset confirms, limit (1-100)
// caps the batch, timeout (seconds) waits for the first update, returning
// at once when one arrives. A newer getUpdates ends a waiting one with 409.
func (s *Server) getUpdates(r *request) (any, *apiError) {
	p := r.params
	offset, _ := strconv.Atoi(p["offset"])
	limit := 100
	if n, err := strconv.Atoi(p["limit"]); err == nil && n >= 1 && n < 100 {
		limit = n
	}
	timeout, _ := strconv.Atoi(p["timeout"])
	deadline := time.Now().Add(time.Duration(max(timeout, 0)) * time.Second)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook.URL != "" {
		return nil, &apiError{status: http.StatusConflict, desc: webhookConflict, report: true, reason: "getUpdates while a webhook is set"}
	}
	s.setAllowedLocked(p["allowed_updates"])
	s.confirmLocked(offset)
	s.q.pollGen++
	gen := s.q.pollGen
	s.notifyLocked()
	for {
		if batch := s.batchLocked(limit); len(batch) > 0 {
			s.handOutLocked(batch)
			return updatesResult(batch), nil
		}
		if s.hook.URL != "" {
			return nil, &apiError{status: http.StatusConflict, desc: webhookConflict}
		}
		if gen != s.q.pollGen {
			return nil, &apiError{status: http.StatusConflict, desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		}
		wait := time.Until(deadline)
		if wait <= 0 {
			return rawResult("[]"), nil
		}
		if !s.waitLocked(r, wait) {
			return rawResult("[]"), nil
		}
	}
}

// waitLocked releases the lock until the next change, the timeout, the
// client leaving or the test ending; it reports whether to go on.
func (s *Server) waitLocked(r *request, d time.Duration) bool {
	ch := s.change
	s.mu.Unlock()
	defer s.mu.Lock()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ch:
		return true
	case <-t.C:
	case <-r.ctx.Done():
	case <-s.ctx.Done():
	}
	return false
}

// updatesResult joins raw updates into a JSON array, verbatim.
func updatesResult(batch []queuedUpdate) rawResult {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, u := range batch {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(u.body)
	}
	b.WriteByte(']')
	return rawResult(b.Bytes())
}
