package telegram

import (
	"sync"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
)

// seenQuestions remembers, per chat, the last question delivered: what the
// person has on the screen while a newer question may still be queued. A
// typed answer is matched against it first (dialog.Input.Seen), so that
// words typed before the next question arrived answer the question the
// person was reading. It also knows the last message sent as soon as
// Telegram answered, before the delivery is recorded: a press that quick
// still edits the latest question in place (Bot.live). It holds no words
// and no chat is kept for long: an entry is a step and two numbers, and
// entries idle for an hour go.
type seenQuestions struct {
	mu     sync.Mutex
	chats  map[int64]seenQuestion
	pruned time.Time // when idle entries were last dropped
}

type seenQuestion struct {
	seen dialog.Seen
	last int64 // the last message sent to the chat, known before it is recorded
	at   time.Time
	// sent are the messages sent to the chat lately (at most recentSent),
	// for a quick exit that comes before their delivery is recorded.
	sent []recentMessage
}

type recentMessage struct {
	id int64
	at time.Time
}

// recentSent is how many messages per chat are remembered for a quick exit.
const recentSent = 32

// seenLimit is how many chats are remembered before idle ones are pruned
// at once; otherwise they are pruned every minute.
const seenLimit = 10000

func newSeenQuestions() *seenQuestions {
	return &seenQuestions{chats: make(map[int64]seenQuestion)}
}

// delivered records that message id (0: an edit), of Telegram's date,
// reached chat, asking question (step, seq) when step is not 0.
func (s *seenQuestions) delivered(chat, id int64, date time.Time, step uint8, seq uint16) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.chats[chat]
	cur.at, cur.last = now, max(cur.last, id)
	if id > 0 {
		if len(cur.sent) == recentSent {
			cur.sent = append(cur.sent[:0], cur.sent[1:]...)
		}
		cur.sent = append(cur.sent, recentMessage{id: id, at: date})
	}
	newer := cur.seen.Seq == 0 || seq-cur.seen.Seq < 1<<15 // an urgent reply may have gone before an older question
	if step != 0 && newer {
		cur.seen = dialog.Seen{Step: dialog.StepID(step), Seq: seq}
	}
	if len(s.chats) >= seenLimit || now.Sub(s.pruned) > time.Minute {
		s.pruned = now
		for id, q := range s.chats {
			if now.Sub(q.at) > time.Hour {
				delete(s.chats, id)
			}
		}
	}
	s.chats[chat] = cur
}

// get returns the last question delivered to chat (zero: not known).
func (s *seenQuestions) get(chat int64) dialog.Seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.chats[chat].seen
}

// lastSent returns the last message known sent to chat (0: none known).
func (s *seenQuestions) lastSent(chat int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.chats[chat].last
}

// forget drops what is remembered of chat (a quick exit) and returns the
// messages sent to it after since.
func (s *seenQuestions) forget(chat int64, since time.Time) []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []int64
	for _, m := range s.chats[chat].sent {
		if m.at.After(since) {
			ids = append(ids, m.id)
		}
	}
	delete(s.chats, chat)
	return ids
}

// sentTo reports whether message id is one this process sent to chat.
func (s *seenQuestions) sentTo(chat, id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.chats[chat].sent {
		if m.id == id {
			return true
		}
	}
	return false
}
