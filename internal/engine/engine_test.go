package engine_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referral/referraltest"
	"github.com/komek-kz/komek/internal/store"
)

var key = store.SessionKey{Channel: "test", Chat: "1"}

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }

func newEngine(t *testing.T) (*engine.Engine, *store.DB) {
	e, db, _ := newEngineWithClock(t)
	return e, db
}

func newEngineWithClock(t *testing.T) (*engine.Engine, *store.DB, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "komek.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close() // closing twice is harmless; reopen to check the file
		again, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := again.Check(); err != nil {
			t.Error(err)
		}
		again.Close()
	})
	return engine.New(engine.Config{DB: db, Now: clock.Now, SessionTTL: time.Hour, Log: slog.New(slog.DiscardHandler)}, referraltest.Table()), db, clock
}

func session(t *testing.T, db *store.DB) (dialog.State, bool) {
	t.Helper()
	var s dialog.State
	var ok bool
	if err := db.View(func(tx *store.Tx) (err error) { s, ok, err = tx.Session(key); return err }); err != nil {
		t.Fatal(err)
	}
	return s, ok
}

func TestHandleSavesTheStateAndExitDeletesIt(t *testing.T) {
	e, db := newEngine(t)
	ctx := context.Background()
	r, err := e.Handle(ctx, key, dialog.Cmd(dialog.CmdStart))
	if err != nil || r.To != dialog.StepLanguage || len(r.Outputs) == 0 {
		t.Fatalf("start: %+v, %v", r, err)
	}
	if s, ok := session(t, db); !ok || s.Step != dialog.StepLanguage {
		t.Fatalf("session after start: %+v, %v", s, ok)
	}
	r, _ = e.Handle(ctx, key, dialog.Press(dialog.StepLanguage, 1, "kk"))
	if r.Lang != referral.Kazakh || r.From != dialog.StepLanguage || r.To != dialog.StepDanger {
		t.Fatalf("language: %+v", r)
	}
	r, _ = e.Handle(ctx, key, dialog.Cmd(dialog.CmdExit))
	if !r.Ended {
		t.Fatalf("exit did not end: %+v", r)
	}
	if _, ok := session(t, db); ok {
		t.Fatal("session still stored after /exit")
	}
}

func TestAnUnreadableSessionStartsAfresh(t *testing.T) {
	e, db := newEngine(t)
	// A state with an unknown need code is refused by the decoder: the
	// store reports it as corrupt, the engine starts the person afresh.
	bad := dialog.State{Step: dialog.StepRegion, Need: "no-such-need"}
	if err := db.Update(func(tx *store.Tx) error { return tx.PutSession(key, bad) }); err != nil {
		t.Fatal(err)
	}
	r, err := e.Handle(context.Background(), key, dialog.Text("hello"))
	if err != nil {
		t.Fatalf("handle: %v", err)
	}
	if r.To != dialog.StepLanguage {
		t.Errorf("after a damaged session: at %v, want a fresh start", r.To)
	}
}

func TestSetTableSwitchesAtOnce(t *testing.T) {
	e, _ := newEngine(t)
	empty, err := referral.NewTable(nil)
	if err != nil {
		t.Fatal(err)
	}
	e.SetTable(empty)
	if e.Table().Len() != 0 {
		t.Errorf("table not switched")
	}
}

func TestHandleStopsOnACancelledContext(t *testing.T) {
	e, db := newEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Handle(ctx, key, dialog.Cmd(dialog.CmdStart)); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if _, ok := session(t, db); ok {
		t.Error("a cancelled input saved a session")
	}
}

func TestStoreFailureIsAnErrorAndSavesNothing(t *testing.T) {
	e, db := newEngine(t)
	db.Close()
	if _, err := e.Handle(context.Background(), key, dialog.Cmd(dialog.CmdStart)); err == nil {
		t.Error("want an error from a closed database")
	}
}

func TestAnIdleSessionExpires(t *testing.T) {
	e, _, clock := newEngineWithClock(t) // TTL one hour
	ctx := context.Background()
	e.Handle(ctx, key, dialog.Cmd(dialog.CmdStart))
	r, _ := e.Handle(ctx, key, dialog.Press(dialog.StepLanguage, 1, "en"))
	if r.To != dialog.StepDanger {
		t.Fatalf("at %v", r.To)
	}
	clock.t = clock.t.Add(59 * time.Minute)
	if r, _ = e.Handle(ctx, key, dialog.Cmd(dialog.CmdResume)); r.To != dialog.StepDanger {
		t.Fatalf("within the TTL: at %v, want the danger question again", r.To)
	}
	clock.t = clock.t.Add(61 * time.Minute)
	if r, _ = e.Handle(ctx, key, dialog.Cmd(dialog.CmdResume)); r.To != dialog.StepLanguage || r.Lang != "" {
		t.Fatalf("after the TTL: at %v in %q, want a fresh start", r.To, r.Lang)
	}
}

func TestTheJanitorErasesIdleConversations(t *testing.T) {
	e, db, clock := newEngineWithClock(t) // TTL one hour
	ctx := context.Background()
	idle := store.SessionKey{Channel: "test", Chat: "idle"}
	busy := store.SessionKey{Channel: "test", Chat: "busy"}
	e.Handle(ctx, idle, dialog.Cmd(dialog.CmdStart))
	db.Update(func(tx *store.Tx) error { return tx.LogMessages(idle, clock.t, 1, 2) })
	clock.t = clock.t.Add(50 * time.Minute)
	e.Handle(ctx, busy, dialog.Cmd(dialog.CmdStart))
	clock.t = clock.t.Add(20 * time.Minute) // idle: 70 min; busy: 20 min

	n, err := e.Sweep()
	if err != nil || n != 1 {
		t.Fatalf("sweep: %d, %v", n, err)
	}
	db.View(func(tx *store.Tx) error {
		if _, has, _ := tx.Session(idle); has {
			t.Error("the idle session is still there")
		}
		if ms, _ := tx.Messages(idle); len(ms) != 0 {
			t.Error("the idle conversation's message IDs are still there")
		}
		if _, has, _ := tx.Session(busy); !has {
			t.Error("the recent session was erased")
		}
		return nil
	})
}

// A repeated "forget me" is recognised for ForgetRepeat, per chat.
func TestRecentlyForgottenForAShortWhile(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	e := engine.New(engine.Config{Now: func() time.Time { return now }, ForgetRepeat: time.Minute}, nil)
	other := store.SessionKey{Channel: "test", Chat: "2"}
	if _, ok := e.RecentlyForgotten(key); ok {
		t.Fatal("forgotten before anything was erased")
	}
	e.Forgot(key, engine.Reply{Lang: "kk"})
	if r, ok := e.RecentlyForgotten(key); !ok || r.Lang != "kk" {
		t.Errorf("right after: %v %+v", ok, r)
	}
	if _, ok := e.RecentlyForgotten(other); ok {
		t.Error("another chat counts as forgotten")
	}
	now = now.Add(time.Minute)
	if _, ok := e.RecentlyForgotten(key); ok {
		t.Error("still remembered after ForgetRepeat")
	}
}
