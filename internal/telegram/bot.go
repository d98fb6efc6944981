package telegram

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/komek-kz/komek/internal/conversation"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/render"
	"github.com/komek-kz/komek/internal/store"
)

// channel is the session channel name of Telegram conversations.
const channel = "telegram"

// Deps are what the bot works with besides its Config.
type Deps struct {
	DB      *store.DB
	Engine  *engine.Engine
	Catalog *locale.Catalog
	// HashKey keys the hashes of chat IDs used as session keys and in logs.
	HashKey []byte
	Log     *slog.Logger
	// HTTPClient calls the Bot API; nil means a default client that keeps
	// a connection open for each worker (see apiClient).
	HTTPClient *http.Client
	// Handlers are served on the listener beside /healthz, /readyz and the
	// webhook, by path pattern.
	Handlers map[string]http.Handler
	// Now is the clock (time.Now when nil); it decides which messages are
	// still young enough for Telegram to delete.
	Now func() time.Time
}

// Bot is the Telegram channel. Build it with New and run it with Run.
type Bot struct {
	cfg    Config
	d      Deps
	api    *client
	render *render.Renderer
	disp   *conversation.Queues[int64]
	core   *conversation.Core
	// courier delivers each chat's outbox in a goroutine of its own, paced
	// by send.
	courier *conversation.Courier
	send    *limiter
	seen    *seenQuestions
	calls   chan struct{} // slots for the couriers' calls (deliveryCall)
	ready   atomic.Bool   // receiving updates
	health  health
	// fatal carries the one error that stops Run from inside: Telegram
	// refusing the token while the bot runs.
	fatal chan error
	addr  atomic.Value // net.Addr of the listener, once listening
	// serveCtx holds Run's context for webhook requests, once registered.
	serveCtx atomic.Value
}

// New checks cfg and returns a Bot; it does not contact Telegram.
func New(cfg Config, d Deps) (*Bot, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if d.HTTPClient == nil {
		d.HTTPClient = apiClient(cfg.Workers)
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if len(d.HashKey) == 0 {
		return nil, errors.New("telegram: no key for hashing chat IDs")
	}
	b := &Bot{
		cfg:    cfg,
		d:      d,
		api:    newClient(cfg.Token, cfg.APIURL, d.HTTPClient),
		render: render.New(d.Catalog, render.HTML{}),
		disp:   conversation.NewQueues[int64](cfg.Workers),
		core:   &conversation.Core{DB: d.DB, Engine: d.Engine, Log: d.Log},
		send:   newLimiter(cfg.GlobalRate, cfg.ChatRate, cfg.ChatBurst),
		seen:   newSeenQuestions(),
		calls:  make(chan struct{}, deliverySlots(cfg.Workers)),
		fatal:  make(chan error, 1),
	}
	b.courier = b.core.NewCourier(sender{b})
	return b, nil
}

// Run starts the bot and blocks until ctx is done or the bot cannot go on
// (the listener fails, or Telegram refuses the token). It checks the token
// with getMe (retrying while Telegram is unreachable), registers the
// command menus, opens the listener, delivers replies left over from before
// a restart, then receives updates by webhook or long polling.
func (b *Bot) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", b.cfg.Listen)
	if err != nil {
		return fmt.Errorf("KOMEK_LISTEN %s: %w", b.cfg.Listen, err)
	}
	b.addr.Store(ln.Addr())
	srv := &http.Server{Handler: b.mux(), ReadHeaderTimeout: 10 * time.Second}
	srvErr := make(chan error, 1)
	go func() { srvErr <- srv.Serve(ln) }()
	defer func() {
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
		b.disp.Wait()
		b.courier.Wait()
	}()

	b.d.Log.Info("telegram: starting", "config", b.cfg.String())
	if err := b.checkToken(ctx); err != nil {
		return err
	}
	b.registerCommands(ctx)
	b.flushPending(ctx)

	recv := b.poll
	if b.cfg.WebhookURL != "" {
		recv = b.serveWebhook
	}
	recvCtx, stopRecv := context.WithCancel(ctx)
	defer stopRecv()
	recvErr := make(chan error, 1)
	go func() { recvErr <- recv(recvCtx) }()
	select {
	case err = <-srvErr:
		err = fmt.Errorf("telegram: listener: %w", err)
	case err = <-recvErr:
		if refused := tokenRefused(err); refused != nil {
			return refused
		}
		return err
	case err = <-b.fatal:
	case <-ctx.Done():
	}
	// Stop receiving before the deferred shutdown waits for the chats'
	// queues, so nothing is handed to them, or written, after Run returns.
	stopRecv()
	<-recvErr
	return err
}

// Addr returns the listener's address once Run is listening, else nil.
func (b *Bot) Addr() net.Addr {
	a, _ := b.addr.Load().(net.Addr)
	return a
}

// checkToken calls getMe until it answers: a refused token ends Run with a
// plain message; an unreachable Telegram is retried (and warned about).
func (b *Bot) checkToken(ctx context.Context) error {
	err := b.callRetrying(ctx, "getMe", nil)
	if err == nil {
		b.health.mu.Lock()
		b.health.started = true
		b.health.mu.Unlock()
	}
	switch refused := tokenRefused(err); {
	case refused != nil:
		return refused
	case err != nil && ctx.Err() == nil:
		return err
	}
	return nil
}

// key returns the session key of a chat: a keyed hash of its ID, so the
// database and logs never hold raw chat IDs in keys.
func (b *Bot) key(chatID int64) store.SessionKey {
	m := hmac.New(sha256.New, b.d.HashKey)
	m.Write([]byte(strconv.FormatInt(chatID, 10)))
	return store.SessionKey{Channel: channel, Chat: hex.EncodeToString(m.Sum(nil)[:16])}
}

func (b *Bot) mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ok, why := b.health.status(b.d.Now(), b.ready.Load())
		if !ok {
			http.Error(w, why, http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, why)
	})
	if b.cfg.WebhookURL != "" {
		mux.Handle(b.cfg.webhookPath(), b.webhookHandler())
	}
	for pattern, h := range b.d.Handlers {
		mux.Handle(pattern, h)
	}
	return mux
}

// apiClient returns an HTTP client for the Bot API that keeps enough idle
// connections for every worker and the poller. Go's default keeps two per
// host, so with more calls at once than that every call beyond two opened
// a new connection (a TCP and TLS handshake each) and closed it after: a
// tenth of the bot's CPU under load.
func apiClient(workers int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = workers + deliverySlots(workers) + 8
	return &http.Client{Transport: t}
}

// deliverySlots is how many delivery calls may be in flight at once.
func deliverySlots(workers int) int { return 2 * workers }
