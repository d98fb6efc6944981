package telegram

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral/referraltest"
	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
	"github.com/komek-kz/komek/locales"
)

// syncBuffer is a log destination safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testBot is a bot running against a fake Bot API on a temporary database.
type testBot struct {
	*Bot
	fake *telegramtest.Server
	db   *store.DB
	logs *syncBuffer
	// stop cancels the bot and returns what Run returned.
	stop func() error
	// done receives what Run returned, when it returns on its own.
	done chan error
}

// startBot runs a bot against fake with the fixture referral table. tweak
// may change the config before the bot starts.
func startBot(t *testing.T, fake *telegramtest.Server, tweak func(*Config)) *testBot {
	t.Helper()
	return startBotWith(t, fake, tweak, nil)
}

// startBotWith is startBot with a chance to change the Deps too.
func startBotWith(t *testing.T, fake *telegramtest.Server, tweak func(*Config), deps func(*Deps)) *testBot {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "komek.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	log := slog.New(RedactingHandler(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}), fake.Token()))
	eng := engine.New(engine.Config{DB: db, Lexicon: dialog.Lexicon(cat.Lexicon()), Log: log}, referraltest.Table())
	cfg := Config{Token: fake.Token(), APIURL: fake.URL(), Listen: "127.0.0.1:0",
		GlobalRate: 1000, ChatRate: 1000, ChatBurst: 100, PollTimeout: time.Second, MaxBackoff: 50 * time.Millisecond}
	if tweak != nil {
		tweak(&cfg)
	}
	d := Deps{DB: db, Engine: eng, Catalog: cat, HashKey: []byte("0123456789abcdef"), Log: log}
	if deps != nil {
		deps(&d)
	}
	b, err := New(cfg, d)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	var once sync.Once
	var runErr error
	result := make(chan error, 1)
	stop := func() error {
		once.Do(func() {
			cancel()
			runErr = <-done
			result <- runErr
			if err := db.Check(); err != nil {
				t.Error(err)
			}
			db.Close()
		})
		return runErr
	}
	t.Cleanup(func() { _ = stop() })
	tb := &testBot{Bot: b, fake: fake, db: db, logs: logs, stop: stop, done: make(chan error, 1)}
	go func() {
		// Relay Run's own return (before any stop) to tb.done.
		err := <-done
		done <- err
		tb.done <- err
	}()
	return tb
}

func deadline(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func newPerson(t *testing.T, fake *telegramtest.Server, id int64, lang string) *telegramtest.Person {
	return fake.NewPerson(t, id, lang)
}
