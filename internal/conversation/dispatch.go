package conversation

import (
	"context"
	"sync"
)

// Queues runs the jobs of one chat one at a time, in the order submitted,
// and jobs of different chats in parallel, at most `workers` at once. A
// channel hands each inbound event of a chat to its chat's queue, so the
// dialog sees a chat's inputs in order. Delivery goes to the chat's
// Courier (Telegram), so paced replies never hold the queue; a channel
// that delivers in the same job (WhatsApp) keeps its replies in order that
// way.
type Queues[K comparable] struct {
	slots  chan struct{}
	mu     sync.Mutex
	queues map[K][]func(context.Context)
	wg     sync.WaitGroup
}

// NewQueues returns Queues running at most workers jobs at once.
func NewQueues[K comparable](workers int) *Queues[K] {
	return &Queues[K]{slots: make(chan struct{}, max(1, workers)), queues: make(map[K][]func(context.Context))}
}

// Submit queues job for chat. It never blocks: a chat's jobs wait in its
// queue, and a chat with no runner gets one.
func (d *Queues[K]) Submit(ctx context.Context, chat K, job func(context.Context)) {
	d.mu.Lock()
	q, running := d.queues[chat]
	d.queues[chat] = append(q, job)
	d.mu.Unlock()
	if !running {
		d.wg.Add(1)
		go d.run(ctx, chat)
	}
}

// run drains one chat's queue, taking a pool slot for each job.
func (d *Queues[K]) run(ctx context.Context, chat K) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		q := d.queues[chat]
		if len(q) == 0 {
			delete(d.queues, chat)
			d.mu.Unlock()
			return
		}
		job := q[0]
		d.queues[chat] = q[1:]
		d.mu.Unlock()

		d.slots <- struct{}{}
		job(ctx)
		<-d.slots
	}
}

// Wait returns when every submitted job has run.
func (d *Queues[K]) Wait() { d.wg.Wait() }
