package whatsapp

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/crisis"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral/referraltest"
	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/whatsapp/whatsapptest"
	"github.com/komek-kz/komek/locales"
)

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

const (
	testToken   = "EAAtesttoken0123456789"
	testPhoneID = "106540352242922"
	testSecret  = "app-secret-0123456789"
	testVerify  = "verify-token-0123456789"
)

// testBot is a bot serving its webhook on a test server, against a fake
// Cloud API, on a temporary database.
type testBot struct {
	*Bot
	fake *whatsapptest.Server
	db   *store.DB
	path string
	logs *syncBuffer
	// webhookURL is where the fake delivers webhooks.
	webhookURL string
	stop       func()
}

func startBot(t *testing.T, tweak func(*Config)) *testBot {
	t.Helper()
	fake := whatsapptest.New(t, testToken, testPhoneID, testSecret)
	path := filepath.Join(t.TempDir(), "komek.db")
	return startOn(t, fake, path, tweak)
}

func startOn(t *testing.T, fake *whatsapptest.Server, path string, tweak func(*Config)) *testBot {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	alarm, err := crisis.Load(locales.Crisis)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	eng := engine.New(engine.Config{DB: db, Lexicon: dialog.Lexicon(cat.Lexicon()), Dialog: dialog.Options{Crisis: alarm}, Log: log}, referraltest.Table())
	cfg := Config{AccessToken: testToken, AppSecret: testSecret, VerifyToken: testVerify, PhoneNumberID: testPhoneID,
		APIURL: fake.APIURL(), Rate: 10000, MaxBackoff: 20 * time.Millisecond, CallTimeout: 2 * time.Second}
	if tweak != nil {
		tweak(&cfg)
	}
	b, err := New(cfg, Deps{DB: db, Engine: eng, Catalog: cat, HashKey: []byte("0123456789abcdef"), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(b.Handler())
	fake.SetWebhook(srv.URL + b.Path())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	for b.runCtx.Load() == nil {
		time.Sleep(time.Millisecond)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			<-done
			srv.Close()
			if err := db.Check(); err != nil {
				t.Error(err)
			}
			db.Close()
		})
	}
	t.Cleanup(stop)
	return &testBot{Bot: b, fake: fake, db: db, path: path, logs: logs, stop: stop, webhookURL: srv.URL + b.Path()}
}

// person is someone writing to the bot from phone.
type person = whatsapptest.Person

func (b *testBot) person(t *testing.T, phone string) *person { return b.fake.NewPerson(t, phone) }

func dump(msgs []whatsapptest.Message) string { return whatsapptest.Dump(msgs) }

func text(msgs []whatsapptest.Message) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString(m.Text + "\n")
		for _, c := range m.Buttons {
			b.WriteString(c.Title + " " + c.Desc + "\n")
		}
	}
	return b.String()
}

// fakeWebhook is the URL the fake delivers webhooks to.
func (b *testBot) fakeWebhook() string { return b.webhookURL }

// stored reports whether anything is kept about phone's conversation.
func (b *testBot) stored(phone string) bool {
	found := false
	_ = b.db.View(func(tx *store.Tx) error {
		_, ok, err := tx.Session(b.key(phone))
		items, _ := tx.Outbox(b.key(phone))
		found = ok || len(items) > 0
		return err
	})
	return found
}
