package engine

import (
	"sync"
	"time"

	"github.com/komek-kz/komek/internal/store"
)

// DefaultForgetRepeat is how long after an erasure a repeated "forget me"
// from the same chat is answered from memory, without touching the
// database, when the Config gives no ForgetRepeat.
const DefaultForgetRepeat = time.Minute

// maxForgets bounds how many recent erasures are remembered; beyond it a
// repeat is simply done again (an erasure costs the same whatever the size
// of the database, so this only bounds memory).
const maxForgets = 4096

// forgets remembers, in memory only and for ForgetRepeat, the chats that
// were just erased and what they were told.
type forgets struct {
	mu   sync.Mutex
	seen map[store.SessionKey]forgotten
}

type forgotten struct {
	at    time.Time
	reply Reply
}

// RecentlyForgotten reports whether conversation key was erased less than
// Config.ForgetRepeat ago, and with what reply: a repeat of "forget me"
// can be answered the same way without redoing any work.
func (e *Engine) RecentlyForgotten(key store.SessionKey) (Reply, bool) {
	f := &e.forgets
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.seen[key]
	if !ok || e.cfg.Now().Sub(r.at) >= e.cfg.ForgetRepeat {
		return Reply{}, false
	}
	return r.reply, true
}

// Forgot records that conversation key was erased now with reply r.
func (e *Engine) Forgot(key store.SessionKey, r Reply) {
	f := &e.forgets
	now := e.cfg.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.seen == nil {
		f.seen = make(map[store.SessionKey]forgotten)
	}
	if len(f.seen) >= maxForgets {
		for k, v := range f.seen {
			if now.Sub(v.at) >= e.cfg.ForgetRepeat {
				delete(f.seen, k)
			}
		}
	}
	if len(f.seen) < maxForgets {
		f.seen[key] = forgotten{at: now, reply: r}
	}
}
