package store

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestBatchCommitsEveryCallAndKeepsFailuresApart(t *testing.T) {
	db := openTemp(t, Options{})
	errBad := errors.New("bad input")
	var wg sync.WaitGroup
	errs := make([]error, 64)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Batch(func(tx *Tx) error {
				if i%10 == 3 {
					return errBad // rolled back, and reported to this caller only
				}
				return tx.SetCursor(fmt.Sprint("c", i), int64(i))
			})
		}()
	}
	wg.Wait()
	err := db.View(func(tx *Tx) error {
		for i, err := range errs {
			v, _ := tx.Cursor(fmt.Sprint("c", i))
			switch {
			case i%10 == 3 && (!errors.Is(err, errBad) || v != 0):
				t.Errorf("call %d: err %v, value %d; want its own error and nothing stored", i, err, v)
			case i%10 != 3 && (err != nil || v != int64(i)):
				t.Errorf("call %d: err %v, value %d; want nil and %d", i, err, v, i)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBatchPanicReachesItsCallerOnly(t *testing.T) {
	db := openTemp(t, Options{})
	var wg sync.WaitGroup
	wg.Add(2)
	var other error
	go func() {
		defer wg.Done()
		other = db.Batch(func(tx *Tx) error { return tx.SetCursor("other", 1) })
	}()
	var recovered any
	go func() {
		defer wg.Done()
		defer func() { recovered = recover() }()
		_ = db.Batch(func(tx *Tx) error { panic("boom") })
	}()
	wg.Wait()
	if recovered != "boom" {
		t.Errorf("recovered %v, want the panic", recovered)
	}
	var v int64
	_ = db.View(func(tx *Tx) (err error) { v, err = tx.Cursor("other"); return err })
	if other != nil || v != 1 {
		t.Errorf("the other call: err %v, value %d", other, v)
	}
}
