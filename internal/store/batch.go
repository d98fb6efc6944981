package store

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
)

// batcher gathers concurrent Batch calls into shared transactions.
type batcher struct {
	mu      sync.Mutex
	pending []*batchCall
	running bool // a goroutine is committing batches
}

type batchCall struct {
	fn   func(*Tx) error
	done chan error
}

// errRunAlone tells a Batch caller to run its function in a transaction of
// its own: it failed inside a shared one.
var errRunAlone = errors.New("store: run alone")

// Batch runs fn in a read-write transaction that it may share with other
// Batch calls made at the same time, and returns when that transaction is
// committed, with fn's error or the commit's. While one shared transaction
// commits, the calls that arrive wait and then run together in the next,
// which commits, and syncs the file, once for all of them: under load,
// many small commits become a few larger ones. A call made alone commits
// at once, like Update; nothing waits for a timer.
//
// fn may run more than once: when another function in the shared
// transaction fails (or fn itself does), the transaction is rolled back
// and the others run again without the failing one, which then runs in a
// transaction of its own, so that its error is its own. So fn must not
// have effects outside the transaction beyond setting variables it
// overwrites each time. As with Update, fn must not start another
// transaction.
func (db *DB) Batch(fn func(*Tx) error) error {
	c := &batchCall{fn: fn, done: make(chan error, 1)}
	b := &db.batch
	b.mu.Lock()
	b.pending = append(b.pending, c)
	if !b.running {
		b.running = true
		go db.commitBatches()
	}
	b.mu.Unlock()
	err := <-c.done
	if errors.Is(err, errRunAlone) {
		return db.Update(fn)
	}
	return err
}

// commitBatches commits the waiting calls, all in one transaction, until
// none wait.
func (db *DB) commitBatches() {
	b := &db.batch
	for {
		// Let the callers just woken by the last commit queue their next
		// calls, so they join this batch rather than wait for the next.
		runtime.Gosched()
		b.mu.Lock()
		calls := b.pending
		b.pending = nil
		if len(calls) == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		db.commitBatch(calls)
	}
}

// commitBatch runs calls in one transaction. A call that fails (or panics)
// is told to run alone, and the rest run again without it.
func (db *DB) commitBatch(calls []*batchCall) {
	for len(calls) > 0 {
		failed := -1
		err := db.Update(func(tx *Tx) error {
			for i, c := range calls {
				if err := runGuarded(c.fn, tx); err != nil {
					failed = i
					return err
				}
			}
			return nil
		})
		if failed < 0 {
			for _, c := range calls {
				c.done <- err // nil, or the commit's error for all
			}
			return
		}
		calls[failed].done <- errRunAlone
		calls = append(calls[:failed:failed], calls[failed+1:]...)
	}
}

// runGuarded runs fn, turning a panic into an error (the caller then runs
// fn alone, where the panic reaches it).
func runGuarded(fn func(*Tx) error, tx *Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: batch function panicked: %v", r)
		}
	}()
	return fn(tx)
}
