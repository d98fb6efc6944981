package conversation_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/conversation"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral/referraltest"
	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/locales"
)

func newCore(t *testing.T) *conversation.Core {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "komek.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cat, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(engine.Config{DB: db, Lexicon: dialog.Lexicon(cat.Lexicon())}, referraltest.Table())
	return &conversation.Core{DB: db, Engine: e}
}

// plan queues one item per output, naming its message ID.
func plan(tx *store.Tx, r engine.Reply, _ []store.Message) ([]conversation.Item, error) {
	var items [][]byte
	for _, o := range r.Outputs {
		items = append(items, []byte(o.Msg))
	}
	return conversation.Replies(items), nil
}

func outbox(t *testing.T, c *conversation.Core, k store.SessionKey) int {
	var n int
	_ = c.DB.View(func(tx *store.Tx) error { items, err := tx.Outbox(k); n = len(items); return err })
	return n
}

func TestAnOrderedEventIsHandledOnce(t *testing.T) {
	c := newCore(t)
	k := store.SessionKey{Channel: "test", Chat: "a"}
	in := conversation.Inbound{Key: k, Seq: 10, At: time.Now(), Input: dialog.Cmd(dialog.CmdStart)}
	for i, want := range []string{"ok", "duplicate"} {
		res, err := c.Handle(in, plan)
		if err != nil || res.Outcome != want {
			t.Fatalf("try %d: %v %q, want %q", i, err, res.Outcome, want)
		}
	}
	in.Seq = 9 // older
	if res, _ := c.Handle(in, plan); res.Outcome != "duplicate" {
		t.Errorf("an older event: %q", res.Outcome)
	}
}

func TestAnUnorderedEventIsHandledOnceEvenAfterAnErasure(t *testing.T) {
	c := newCore(t)
	k := store.SessionKey{Channel: "test", Chat: "b"}
	at := time.Now()
	first := conversation.Inbound{Key: k, ID: []byte("m1"), At: at, Input: dialog.Cmd(dialog.CmdStart)}
	if res, _ := c.Handle(first, plan); res.Outcome != "ok" || outbox(t, c, k) == 0 {
		t.Fatalf("first: %q, %d queued", res.Outcome, outbox(t, c, k))
	}
	forget := conversation.Inbound{Key: k, ID: []byte("m2"), At: at, Input: dialog.Cmd(dialog.CmdForget)}
	res, _ := c.Handle(forget, plan)
	if !res.Forgot || outbox(t, c, k) != 0 {
		t.Fatalf("forget: %+v, %d queued", res, outbox(t, c, k))
	}
	if res, _ := c.Handle(first, plan); res.Outcome != "duplicate" {
		t.Errorf("the first message again, after the erasure: %q", res.Outcome)
	}
	// The erasure delivered again, unconfirmed: confirm it, once.
	forget.Input = dialog.Cmd(dialog.CmdForget)
	c2 := &conversation.Core{DB: c.DB, Engine: engine.New(engine.Config{DB: c.DB}, referraltest.Table())} // no memory of recent erasures
	if res, _ := c2.Handle(forget, plan); res.Outcome != "farewell-again" || !res.Forgot {
		t.Errorf("an unconfirmed erasure again: %+v", res)
	}
	if err := c2.Confirm(forget); err != nil {
		t.Fatal(err)
	}
	if res, _ := c2.Handle(forget, plan); res.Outcome != "duplicate" {
		t.Errorf("a confirmed erasure again: %q", res.Outcome)
	}
}

func TestQuickExitErasesAndPlansWithTheMessageLog(t *testing.T) {
	c := newCore(t)
	k := store.SessionKey{Channel: "test", Chat: "c"}
	now := time.Now()
	if _, err := c.Handle(conversation.Inbound{Key: k, Seq: 1, At: now, LogID: 501, Input: dialog.Cmd(dialog.CmdStart)}, plan); err != nil {
		t.Fatal(err)
	}
	var logged []store.Message
	res, err := c.Handle(conversation.Inbound{Key: k, Seq: 2, At: now, LogID: 502, Input: dialog.Cmd(dialog.CmdExit)},
		func(tx *store.Tx, r engine.Reply, msgs []store.Message) ([]conversation.Item, error) {
			logged = msgs
			return nil, nil
		})
	if err != nil || res.Reply.Ending != dialog.EndExit {
		t.Fatal(err, res)
	}
	if len(logged) != 2 {
		t.Errorf("the plan saw %d logged messages, want 2", len(logged))
	}
	_ = c.DB.View(func(tx *store.Tx) error {
		if _, ok, _ := tx.Session(k); ok {
			t.Error("the session survived /exit")
		}
		return nil
	})
}

func TestANoteIsAnsweredButNotRemembered(t *testing.T) {
	c := newCore(t)
	k := store.SessionKey{Channel: "test", Chat: "d"}
	note := func(tx *store.Tx, r engine.Reply, _ []store.Message) ([]conversation.Item, error) {
		return conversation.Replies([][]byte{[]byte("unsupported")}), nil
	}
	res, err := c.Handle(conversation.Inbound{Key: k, Seq: 5, At: time.Now(), Kind: conversation.Note}, note)
	if err != nil || res.Outcome != "ok" || outbox(t, c, k) != 1 {
		t.Fatalf("%v %q %d", err, res.Outcome, outbox(t, c, k))
	}
	if res, _ := c.Handle(conversation.Inbound{Key: k, Seq: 3, At: time.Now(), Input: dialog.Cmd(dialog.CmdStart)}, plan); res.Outcome != "ok" {
		t.Errorf("an earlier step after a note was dropped: %q", res.Outcome)
	}
}
