package store

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
)

var (
	now      = time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC)
	terminal = SessionKey{Channel: "terminal", Chat: "local"}
)

// session reads one session in its own transaction.
func session(t *testing.T, db *DB, k SessionKey) (s dialog.State, ok bool, err error) {
	t.Helper()
	viewErr := db.View(func(tx *Tx) error {
		s, ok, err = tx.Session(k)
		return nil
	})
	if viewErr != nil {
		t.Fatal(viewErr)
	}
	return s, ok, err
}

func putSession(t *testing.T, db *DB, k SessionKey, s dialog.State) {
	t.Helper()
	if err := db.Update(func(tx *Tx) error { return tx.PutSession(k, s) }); err != nil {
		t.Fatal(err)
	}
}

func TestSessionPutGetDelete(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	if _, ok, err := session(t, db, terminal); ok || err != nil {
		t.Fatalf("before PutSession: ok=%v err=%v", ok, err)
	}

	want := state(now)
	putSession(t, db, terminal, want)
	if got, ok, err := session(t, db, terminal); !ok || err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Session = %+v, %v, %v; want %+v", got, ok, err, want)
	}

	for range 2 { // deleting an absent session is not an error
		if err := db.Update(func(tx *Tx) error { return tx.DeleteSession(terminal) }); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, err := session(t, db, terminal); ok || err != nil {
		t.Errorf("after DeleteSession: ok=%v err=%v", ok, err)
	}
}

func TestSessionsSurviveARestart(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	want := state(now)
	putSession(t, db, terminal, want)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = openChecked(t, db.Path(), Options{})
	if got, ok, err := session(t, db, terminal); !ok || err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("after restart: %+v, %v, %v; want %+v", got, ok, err, want)
	}
}

func TestSessionKeysOfDifferentChannelsDoNotCollide(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	a, b := SessionKey{"telegram", "42"}, SessionKey{"terminal", "42"}
	putSession(t, db, a, state(now))
	if _, ok, _ := session(t, db, b); ok {
		t.Errorf("%v found the session of %v", b, a)
	}
}

func TestSessionKeyNeedsAChannelWithoutNUL(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	for _, k := range []SessionKey{{"", "42"}, {"tele\x00gram", "42"}} {
		err := db.Update(func(tx *Tx) error { return tx.PutSession(k, state(now)) })
		if err == nil {
			t.Errorf("PutSession(%q) succeeded", k)
		}
	}
}

func TestDamagedSessionIsErrCorruptAndCanBeOverwritten(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	err := db.Update(func(tx *Tx) error {
		c, err := tx.conv(terminal, true)
		if err != nil {
			return err
		}
		c.session = []byte{99, 1, 2}
		return tx.changed(c)
	})
	if err != nil {
		t.Fatal(err)
	}

	if _, ok, err := session(t, db, terminal); ok || !errors.Is(err, ErrCorrupt) || !errors.Is(err, dialog.ErrState) {
		t.Fatalf("Session of a damaged record: ok=%v err=%v; want ErrCorrupt", ok, err)
	}
	putSession(t, db, terminal, dialog.State{LastSeen: now}) // the caller starts afresh
	if _, ok, err := session(t, db, terminal); !ok || err != nil {
		t.Errorf("after overwriting: ok=%v err=%v", ok, err)
	}
}

func TestExpireSessionsDeletesExactlyTheOldOnes(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	cutoff := now.Add(-time.Hour)
	ages := map[string]time.Duration{"old": 3 * time.Hour, "older": 48 * time.Hour,
		"at-cutoff": time.Hour, "recent": time.Minute, "now": 0}
	for chat, age := range ages {
		putSession(t, db, SessionKey{"telegram", chat}, state(now.Add(-age)))
	}

	n, err := db.ExpireSessions(cutoff)
	if err != nil || n != 2 {
		t.Errorf("ExpireSessions = %d, %v; want 2", n, err)
	}
	for chat, age := range ages {
		_, ok, err := session(t, db, SessionKey{"telegram", chat})
		if wantKept := age <= time.Hour; ok != wantKept || err != nil {
			t.Errorf("%s (seen %v before now): kept=%v err=%v; want kept=%v", chat, age, ok, err, wantKept)
		}
	}
}

func TestExpireSessionsDeletesDamagedRecords(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	putSession(t, db, terminal, state(now))
	err := db.Update(func(tx *Tx) error {
		return tx.tx.Bucket(bucketConvs).Put([]byte("0123456789abcdef"), []byte("garbage"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := db.ExpireSessions(now.Add(-time.Hour)); n != 1 || err != nil {
		t.Errorf("ExpireSessions = %d, %v; want the damaged record deleted", n, err)
	}
	if _, ok, _ := session(t, db, terminal); !ok {
		t.Error("a current session was deleted")
	}
}

func TestConcurrentConversations(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 8 {
		k := SessionKey{"telegram", fmt.Sprint(i)}
		wg.Go(func() { errs <- converse(db, k) })
		wg.Go(func() { _, err := db.ExpireSessions(now.Add(-time.Hour)); errs <- err })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// converse plays a short conversation: load, step, save, as a channel would.
func converse(db *DB, k SessionKey) error {
	for i := range 20 {
		err := db.Update(func(tx *Tx) error {
			s, _, err := tx.Session(k)
			if err != nil {
				return err
			}
			s = state(now)
			s.Seq = uint16(i)
			return tx.PutSession(k, s)
		})
		if err != nil {
			return err
		}
		if err := db.View(func(tx *Tx) error { _, _, err := tx.Session(k); return err }); err != nil {
			return err
		}
	}
	return nil
}
