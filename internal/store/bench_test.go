package store_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/store"
)

// benchSessions is how many conversations the benchmark database holds.
const benchSessions = 10_000

func benchKey(i int) store.SessionKey {
	return store.SessionKey{Channel: "telegram", Chat: fmt.Sprintf("%032x", uint64(i)*0x9e3779b97f4a7c15)}
}

func benchSession() dialog.State {
	return dialog.State{Step: dialog.StepRegion, Lang: referral.Russian, Danger: dialog.DangerNo,
		Need: referral.NeedPoverty, Who: dialog.WhoSelf, Seq: 7, LastSeen: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
}

// benchDB opens a database in b's temporary folder holding benchSessions
// conversations, each with its chat record, as a bot's database does.
func benchDB(b *testing.B) *store.DB {
	b.Helper()
	db, err := store.Open(filepath.Join(b.TempDir(), "komek.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	for from := 0; from < benchSessions; from += 1000 {
		err := db.Update(func(tx *store.Tx) error {
			for i := from; i < from+1000; i++ {
				if err := tx.PutSession(benchKey(i), benchSession()); err != nil {
					return err
				}
				if err := tx.SetLastUpdate(benchKey(i), int64(i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// reply is an outbox item the size of a rendered question with buttons.
var reply = []byte(`{"c":123456789,"o":"send","t":"` + strings.Repeat("Где вы находитесь? ", 8) + `","b":[[{"t":"Астана","d":"1|7|8|astana"}]]}`)

// handleTx is what the Telegram channel does in the transaction of one
// update: check and record the update ID, load and save the session, and
// queue three replies.
func handleTx(tx *store.Tx, key store.SessionKey, update int64) error {
	if _, err := tx.LastUpdate(key); err != nil {
		return err
	}
	if err := tx.SetLastUpdate(key, update); err != nil {
		return err
	}
	s, _, err := tx.Session(key)
	if err != nil {
		return err
	}
	s.Seq++
	if err := tx.PutSession(key, s); err != nil {
		return err
	}
	return tx.AppendOutbox(key, reply, reply, reply)
}

// deliveredTx is what the channel does after each reply is sent: record
// the message ID and drop the reply from the outbox.
func deliveredTx(tx *store.Tx, key store.SessionKey, msg int64) error {
	items, err := tx.Outbox(key)
	if err != nil || len(items) == 0 {
		return err
	}
	if err := tx.SetLastSent(key, msg); err != nil {
		return err
	}
	return tx.DeleteOutbox(key, items[0].Seq)
}

// BenchmarkUpdate measures one durable (fsync'd) read-write transaction of
// the kinds an update causes, on a database of benchSessions
// conversations; "parallel" runs them from many goroutines at once, as the
// bot's workers do.
func BenchmarkUpdate(b *testing.B) {
	b.Run("handle", func(b *testing.B) {
		db := benchDB(b)
		i := 0
		took := make([]time.Duration, 0, b.N)
		for b.Loop() {
			i++
			start := time.Now()
			if err := db.Update(func(tx *store.Tx) error { return handleTx(tx, benchKey(i%benchSessions), int64(benchSessions+i)) }); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(start))
		}
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
		b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
	})
	b.Run("handle+deliver3", func(b *testing.B) {
		db := benchDB(b)
		i := 0
		for b.Loop() {
			i++
			key := benchKey(i % benchSessions)
			if err := db.Update(func(tx *store.Tx) error { return handleTx(tx, key, int64(benchSessions+i)) }); err != nil {
				b.Fatal(err)
			}
			for m := range 3 {
				if err := db.Update(func(tx *store.Tx) error { return deliveredTx(tx, key, int64(i*3+m)) }); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("handle/parallel", func(b *testing.B) {
		db := benchDB(b)
		var n atomic.Int64
		b.SetParallelism(8)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := int(n.Add(1))
				if err := db.Update(func(tx *store.Tx) error { return handleTx(tx, benchKey(i%benchSessions), int64(benchSessions+i)) }); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("handle/parallel/batch", func(b *testing.B) {
		db := benchDB(b)
		var n atomic.Int64
		b.SetParallelism(8)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := int(n.Add(1))
				if err := db.Batch(func(tx *store.Tx) error { return handleTx(tx, benchKey(i%benchSessions), int64(benchSessions+i)) }); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkSession measures reading one session in a read transaction.
func BenchmarkSession(b *testing.B) {
	db := benchDB(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		err := db.View(func(tx *store.Tx) error {
			_, _, err := tx.Session(benchKey(i % benchSessions))
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
