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
// person was reading. It holds no words and no chat is kept for long: an
// entry is a step and a number, and entries idle for an hour go.
type seenQuestions struct {
	mu    sync.Mutex
	chats map[int64]seenQuestion
}

type seenQuestion struct {
	seen dialog.Seen
	at   time.Time
}

// seenLimit is how many chats are remembered before idle ones are pruned.
const seenLimit = 10000

func newSeenQuestions() *seenQuestions {
	return &seenQuestions{chats: make(map[int64]seenQuestion)}
}

// set records that question (step, seq) reached chat.
func (s *seenQuestions) set(chat int64, step uint8, seq uint16) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur, ok := s.chats[chat]; ok && cur.seen.Seq > seq && seq != 0 && cur.seen.Seq-seq < 1<<15 {
		return // an older question delivered late (an urgent reply went first)
	}
	if len(s.chats) >= seenLimit {
		for id, q := range s.chats {
			if now.Sub(q.at) > time.Hour {
				delete(s.chats, id)
			}
		}
	}
	s.chats[chat] = seenQuestion{seen: dialog.Seen{Step: dialog.StepID(step), Seq: seq}, at: now}
}

// get returns the last question delivered to chat (zero: not known).
func (s *seenQuestions) get(chat int64) dialog.Seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.chats[chat].seen
}
