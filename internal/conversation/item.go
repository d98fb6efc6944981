package conversation

import (
	"cmp"
	"slices"

	"github.com/komek-kz/komek/internal/store"
)

// Class says how an outbox item may be delivered: in order, dropped when a
// newer input made it obsolete, or before everything else.
type Class uint8

// Classes of outbox items.
const (
	// Reply is delivered in order and never dropped: results, notes,
	// answers to commands.
	Reply Class = iota
	// Question is a question still to be asked. When the person's next
	// input brings a newer question before this one went out, this one is
	// obsolete and dropped unsent.
	Question
	// Urgent is a crisis reply (the emergency numbers and what comes with
	// them) or a quick exit: delivered before anything still queued for
	// the chat, and never dropped.
	Urgent
	// KeptQuestion is a question that must be seen even when a newer one
	// follows (it says how the person's typed words were read): it makes
	// older questions obsolete, as a Question does, but is never dropped.
	KeptQuestion
	// dropped is a question made obsolete: it stays in the outbox, unsent,
	// until the courier removes it, so that if it was on its way when it
	// was dropped, its delivery is still recorded (its message ID kept for
	// a quick exit).
	dropped
)

// Item is one outbox item: the channel's own encoding of one API call, and
// its class.
type Item struct {
	Class Class
	Data  []byte
}

// Replies wraps data as items of class Reply, for a channel that delivers
// everything in order.
func Replies(data [][]byte) []Item {
	items := make([]Item, len(data))
	for i, d := range data {
		items[i] = Item{Class: Reply, Data: d}
	}
	return items
}

// An item is stored as one byte, 1 + its class, then the channel's data.
// Items written before classes existed start with the channel's own JSON
// ('{'), and are read as replies.
const classMark = 1

func (it Item) encode() []byte {
	return append([]byte{classMark + byte(it.Class)}, it.Data...)
}

func decodeItem(v []byte) Item {
	if len(v) > 0 && v[0] >= classMark && v[0] <= classMark+byte(dropped) {
		return Item{Class: Class(v[0] - classMark), Data: v[1:]}
	}
	return Item{Class: Reply, Data: v}
}

// queued is an outbox item as read back: its place in the outbox and the
// item.
type queued struct {
	seq uint64
	Item
}

// readQueue decodes a conversation's outbox and puts it in delivery order:
// urgent items first, then the rest, each in the order they were decided.
func readQueue(raw []store.OutboxItem) []queued {
	q := make([]queued, len(raw))
	for i, r := range raw {
		q[i] = queued{seq: r.Seq, Item: decodeItem(r.Data)}
	}
	slices.SortStableFunc(q, func(a, b queued) int {
		return cmp.Compare(urgency(b.Class), urgency(a.Class))
	})
	return q
}

func urgency(c Class) int {
	if c == Urgent {
		return 1
	}
	return 0
}

// dropObsolete marks dropped the questions still queued for key that items
// make obsolete: any newer question (kept or not) or urgent reply does.
func dropObsolete(tx *store.Tx, key store.SessionKey, items []Item) error {
	newer := slices.ContainsFunc(items, func(it Item) bool { return it.Class != Reply })
	if !newer {
		return nil
	}
	raw, err := tx.Outbox(key)
	if err != nil {
		return err
	}
	for _, q := range readQueue(raw) {
		if q.Class == Question {
			q.Class = dropped
			if err := tx.PutOutbox(key, q.seq, q.encode()); err != nil {
				return err
			}
		}
	}
	return nil
}
