package telegram

import (
	"context"
	"sync"
)

// dispatcher runs jobs of one chat one at a time, in the order submitted,
// and jobs of different chats in parallel, at most `workers` at once.
type dispatcher struct {
	slots  chan struct{}
	mu     sync.Mutex
	queues map[int64][]func(context.Context)
	wg     sync.WaitGroup
}

func newDispatcher(workers int) *dispatcher {
	return &dispatcher{slots: make(chan struct{}, workers), queues: make(map[int64][]func(context.Context))}
}

// submit queues job for chat. It never blocks: a chat's jobs wait in its
// queue, and a chat with no runner gets one.
func (d *dispatcher) submit(ctx context.Context, chat int64, job func(context.Context)) {
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
func (d *dispatcher) run(ctx context.Context, chat int64) {
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

// wait returns when every submitted job has run.
func (d *dispatcher) wait() { d.wg.Wait() }
