package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"
)

// bucketDaily holds the anonymous daily counters behind "komek stats": one
// key per day, metric and label ("2026-12-04\x00need\x00migrant"), an
// 8-byte count as value. Keys are days and codes, never chats: nothing in
// this bucket can be linked to a person. It is created on the first count.
var bucketDaily = []byte("daily")

// DayCount is one anonymous daily counter.
type DayCount struct {
	// Day is the UTC day counted.
	Day time.Time
	// Metric is what was counted ("started", "need", "feedback", …) and
	// Label its code ("migrant", "almaty", "<service id> broken", …).
	Metric, Label string
	N             uint64
}

const dayLayout = "2006-01-02"

// CountDay adds one to the counter metric/label of the UTC day of at.
// Callers pass codes only (need, region, service IDs), never anything a
// person typed or an identifier.
func (tx *Tx) CountDay(at time.Time, metric, label string) error {
	b, err := tx.tx.CreateBucketIfNotExists(bucketDaily)
	if err != nil {
		return fmt.Errorf("store: count %s: %w", metric, err)
	}
	key := []byte(at.UTC().Format(dayLayout) + "\x00" + metric + "\x00" + label)
	var n uint64
	if v := b.Get(key); len(v) == 8 {
		n = binary.BigEndian.Uint64(v)
	}
	if err := b.Put(key, binary.BigEndian.AppendUint64(nil, n+1)); err != nil {
		return fmt.Errorf("store: count %s: %w", metric, err)
	}
	return nil
}

// DayCounts returns the daily counters of the UTC days from and to
// (inclusive), in day, metric and label order.
func (db *DB) DayCounts(from, to time.Time) ([]DayCount, error) {
	var out []DayCount
	err := db.View(func(tx *Tx) error {
		b := tx.tx.Bucket(bucketDaily)
		if b == nil {
			return nil // nothing counted yet
		}
		lo := []byte(from.UTC().Format(dayLayout))
		hi := []byte(to.UTC().Format(dayLayout) + "\x01")
		c := b.Cursor()
		for k, v := c.Seek(lo); k != nil && bytes.Compare(k, hi) < 0; k, v = c.Next() {
			parts := bytes.SplitN(k, []byte{0}, 3)
			if len(parts) != 3 || len(v) != 8 {
				continue
			}
			day, err := time.Parse(dayLayout, string(parts[0]))
			if err != nil {
				continue
			}
			out = append(out, DayCount{Day: day, Metric: string(parts[1]), Label: string(parts[2]), N: binary.BigEndian.Uint64(v)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: read daily counts: %w", err)
	}
	return out, nil
}

// DayTotal sums the counter metric/label over the UTC days from and to
// (inclusive), inside the caller's transaction.
func (tx *Tx) DayTotal(from, to time.Time, metric, label string) (uint64, error) {
	b := tx.tx.Bucket(bucketDaily)
	if b == nil {
		return 0, nil
	}
	suffix := []byte("\x00" + metric + "\x00" + label)
	var n uint64
	for d := from.UTC().Truncate(24 * time.Hour); !d.After(to); d = d.AddDate(0, 0, 1) {
		if v := b.Get(append([]byte(d.Format(dayLayout)), suffix...)); len(v) == 8 {
			n += binary.BigEndian.Uint64(v)
		}
	}
	return n, nil
}

// CounterBytes returns every key and value of the counter buckets (the
// running totals and the daily counters) as stored, concatenated: what a
// test reads to prove that no counter holds an identifier.
func (db *DB) CounterBytes() ([]byte, error) {
	var out []byte
	err := db.View(func(tx *Tx) error {
		for _, name := range [][]byte{bucketStats, bucketDaily} {
			if b := tx.tx.Bucket(name); b != nil {
				_ = b.ForEach(func(k, v []byte) error {
					out = append(append(out, k...), v...)
					return nil
				})
			}
		}
		return nil
	})
	return out, err
}
