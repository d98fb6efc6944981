package conversation

import (
	"context"
	"errors"
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
	// resume marks chats whose last delivery ended with replies sent but
	// not recorded: the next one looks for each before sending it.
	resume map[store.SessionKey]bool
	wg     sync.WaitGroup
}

type courierChat struct {
	gen     uint64 // events committed for the chat; changes while delivering say "read again"
	resumed bool   // the outbox may hold replies sent before a restart
	// intr is closed by the next Kick: a Sender waiting for the chat's
	// rate limit gives up the wait (Interrupted), so that an urgent reply
	// decided meanwhile goes first.
	intr chan struct{}
}

type interruptKey struct{}

// ErrInterrupted is what a Sender returns when it gave up waiting for a
// rate limit because a newer event of the chat was committed
// (Interrupted): the item was not sent, and stays queued.
var ErrInterrupted = errors.New("conversation: delivery interrupted by a newer event")

// Interrupted returns a channel closed when a newer event of the chat is
// committed while ctx's delivery runs (never closed outside a Courier). A
// Sender waiting for a rate limit selects on it and returns
// ErrInterrupted.
func Interrupted(ctx context.Context) <-chan struct{} {
	ch, _ := ctx.Value(interruptKey{}).(chan struct{})
	return ch
}

// NewCourier returns a Courier that delivers with send.
func (c *Core) NewCourier(send Sender) *Courier {
	return &Courier{core: c, send: send, chats: make(map[store.SessionKey]*courierChat), resume: make(map[store.SessionKey]bool)}
}

// Kick says that key's outbox has new items (resumed: items from before a
// restart). It never blocks.
func (k *Courier) Kick(ctx context.Context, key store.SessionKey, resumed bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	ch, running := k.chats[key]
	if !running {
		ch = &courierChat{resumed: k.resume[key]}
		delete(k.resume, key)
		k.chats[key] = ch
	}
	ch.gen++
	ch.resumed = ch.resumed || resumed
	if ch.intr != nil {
		close(ch.intr)
		ch.intr = nil
	}
	if running {
		return
	}
	k.wg.Add(1)
	go k.run(ctx, key, ch)
}

func (k *Courier) run(ctx context.Context, key store.SessionKey, ch *courierChat) {
	defer k.wg.Done()
	for {
		k.mu.Lock()
		gen, resumed := ch.gen, ch.resumed
		ch.resumed = false
		ch.intr = make(chan struct{})
		fctx := context.WithValue(ctx, interruptKey{}, ch.intr)
		k.mu.Unlock()

		resume := k.core.flush(fctx, key, k.send, resumed, func() bool {
			k.mu.Lock()
			defer k.mu.Unlock()
			return ch.gen != gen
		})

		k.mu.Lock()
		// Replies left from before a restart stay looked for until they
		// are all delivered, even when a newer event interrupted.
		ch.resumed = ch.resumed || resume
		if ch.gen == gen || ctx.Err() != nil {
			delete(k.chats, key)
			if ch.resumed {
				k.resume[key] = true // what was sent is not recorded: look first next time
			}
			k.mu.Unlock()
			return
		}
		k.mu.Unlock()
	}
}

// Wait returns when every delivery started has ended (after its context
// is done, or its outbox is empty).
func (k *Courier) Wait() { k.wg.Wait() }
