package store

import (
	"bytes"
	"fmt"
	"time"
)

// The janitor's work (ExpireSessions, PruneAllMessages) reads only the
// clear headers of the conversation records, sweepRead at a time in short
// read transactions, which never hold up anyone; it then changes what it
// found in short write transactions of at most sweepWrite conversations
// each, after each of which it pauses twice as long as the transaction
// took: everyone else's commits go ahead in between, and the sweep never
// holds the writer's lock more than a third of the time (it erases some
// 2,000 conversations a second on the benchmark machine). It holds at most
// one chunk of IDs in memory.
const (
	sweepRead  = 1024
	sweepWrite = 16
)

// ExpireSessions erases every conversation whose last activity (the
// session's State.LastSeen, or the date of a logged message, whichever is
// later) is before the given time, and every one whose record cannot be
// read: its session, chat record, message log and key (see Tx.Erase). A
// conversation with replies still waiting in its outbox is kept until
// they are delivered. It returns how many it erased. The store never reads
// the clock: pass the cut-off, as in now.Add(-ttl). Times are stored to
// the second.
func (db *DB) ExpireSessions(before time.Time) (int, error) {
	cut := before.Unix()
	n, err := db.sweep(func(h head, ok bool) bool {
		return !ok || (h.last < cut && h.flags&flagOutbox == 0)
	}, func(tx *Tx, id []byte) (bool, error) {
		return true, tx.eraseID(id)
	})
	if err != nil {
		return n, fmt.Errorf("store: expire sessions: %w", err)
	}
	return n, nil
}

// PruneAllMessages forgets the logged messages sent before before: once a
// chat's messages are too old to delete, their IDs serve nothing. It
// decides from each record's header (the date of its oldest message) and
// unseals only the records it prunes.
func (db *DB) PruneAllMessages(before time.Time) error {
	cut := before.Unix()
	_, err := db.sweep(func(h head, ok bool) bool {
		return ok && h.flags&flagMessages != 0 && h.oldest < cut
	}, func(tx *Tx, id []byte) (bool, error) {
		c, err := tx.convByID(id)
		if err != nil || c == nil || c.corrupt {
			return false, err
		}
		return true, tx.pruneMessages(c, before)
	})
	if err != nil {
		return fmt.Errorf("store: prune messages: %w", err)
	}
	return nil
}

// sweep applies act to every conversation whose header match accepts, in
// chunks (see sweepRead, sweepWrite), checking match again inside each
// write transaction, since the conversation may have moved on. It returns
// how many times act reported doing something.
func (db *DB) sweep(match func(head, bool) bool, act func(*Tx, []byte) (bool, error)) (int, error) {
	var after []byte // the last ID read
	done := 0
	for {
		ids, next, err := db.scanChunk(after, match)
		if err != nil {
			return done, err
		}
		for len(ids) > 0 {
			n := min(len(ids), sweepWrite)
			start := time.Now()
			err := db.Update(func(tx *Tx) error {
				b, err := tx.bucket(bucketConvs)
				if err != nil {
					return err
				}
				for _, id := range ids[:n] {
					v := b.Get(id)
					if v == nil {
						continue
					}
					if h, ok := header(v); !match(h, ok) {
						continue
					}
					did, err := act(tx, id)
					if err != nil {
						return err
					}
					if did {
						done++
					}
				}
				return nil
			})
			if err != nil {
				return done, err
			}
			ids = ids[n:]
			// Leave the writer's lock to the chats for twice as long as
			// this transaction held it: the sweep takes at most a third.
			time.Sleep(2 * time.Since(start))
		}
		if next == nil {
			return done, nil
		}
		after = next
	}
}

// scanChunk reads up to sweepRead records after the ID after (from the
// start when nil) in one read transaction and returns the IDs match
// accepts, and the last ID read (nil at the end).
func (db *DB) scanChunk(after []byte, match func(head, bool) bool) (ids [][]byte, last []byte, err error) {
	err = db.View(func(tx *Tx) error {
		b, err := tx.bucket(bucketConvs)
		if err != nil {
			return err
		}
		c := b.Cursor()
		k, v := c.First()
		if after != nil {
			if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
				k, v = c.Next()
			}
		}
		for n := 0; k != nil && n < sweepRead; k, v = c.Next() {
			n++
			last = clone(k)
			if h, ok := header(v); match(h, ok) {
				ids = append(ids, clone(k))
			}
		}
		if k == nil {
			last = nil
		}
		return nil
	})
	return ids, last, err
}
