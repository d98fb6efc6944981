package conversation

import (
	"context"
	"sync"

	"github.com/komek-kz/komek/internal/store"
)

// Courier delivers each conversation's outbox in a goroutine of its own, so
// that replies waiting for a chat's rate limit never hold up the handling
// of the next event — of that chat or of any other — nor the channel's
// receiving. A channel calls Kick after every committed event; the courier
// then delivers until the chat's outbox is empty, and starts over from the
// outbox whenever a newer event was committed meanwhile (so a question the
// newer event made obsolete is not sent, and an urgent reply goes first).
type Courier struct {
	core *Core
	send Sender

	mu    sync.Mutex
	chats map[store.SessionKey]*courierChat
	wg    sync.WaitGroup
}

type courierChat struct {
	gen     uint64 // events committed for the chat; changes while delivering say "read again"
	resumed bool   // the outbox may hold replies sent before a restart
}

// NewCourier returns a Courier that delivers with send.
func (c *Core) NewCourier(send Sender) *Courier {
	return &Courier{core: c, send: send, chats: make(map[store.SessionKey]*courierChat)}
}

// Kick says that key's outbox has new items (resumed: items from before a
// restart). It never blocks.
func (k *Courier) Kick(ctx context.Context, key store.SessionKey, resumed bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	ch, running := k.chats[key]
	if !running {
		ch = &courierChat{}
		k.chats[key] = ch
	}
	ch.gen++
	ch.resumed = ch.resumed || resumed
	if running {
		return
	}
	k.wg.Add(1)
	go k.run(ctx, key, ch)
}

// Busy reports whether key's outbox is being delivered.
func (k *Courier) Busy(key store.SessionKey) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	_, ok := k.chats[key]
	return ok
}

func (k *Courier) run(ctx context.Context, key store.SessionKey, ch *courierChat) {
	defer k.wg.Done()
	for {
		k.mu.Lock()
		gen, resumed := ch.gen, ch.resumed
		ch.resumed = false
		k.mu.Unlock()

		k.core.flush(ctx, key, k.send, resumed, func() bool {
			k.mu.Lock()
			defer k.mu.Unlock()
			return ch.gen != gen
		})

		k.mu.Lock()
		if ch.gen == gen || ctx.Err() != nil {
			delete(k.chats, key)
			k.mu.Unlock()
			return
		}
		k.mu.Unlock()
	}
}

// Wait returns when every delivery started has ended (after its context
// is done, or its outbox is empty).
func (k *Courier) Wait() { k.wg.Wait() }
