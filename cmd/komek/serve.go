package main

import (
	"context"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/komek-kz/komek/internal/admin"
	"github.com/komek-kz/komek/internal/telegram"
)

// serveConfig is "komek serve"'s configuration beyond the shared one.
type serveConfig struct {
	config
	Telegram telegram.Config
	HashKey  []byte
	// AdminListen and AdminToken enable the admin endpoint (table imports
	// and backups while the bot runs); it is off without a token.
	AdminListen string
	AdminToken  string
}

// janitorInterval is how often idle conversations are looked for and
// erased.
const janitorInterval = 10 * time.Minute

// defaultAdminListen is where the admin endpoint listens: loopback only,
// apart from the webhook listener, which a container publishes.
const defaultAdminListen = "127.0.0.1:8081"

// parseServeConfig reads flags and environment variables; a flag wins over
// its variable. Secrets come from the variable or its _FILE twin.
func parseServeConfig(args []string, getenv func(string) string, stderr io.Writer) (serveConfig, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c serveConfig
	shared := bindShared(fs, getenv, "info")
	tc := &c.Telegram
	var tokenFile, secretFile, hashFile, adminFile, rate, chatRate, burst, workers, callTimeout string
	protect := envOr(getenv, "KOMEK_PROTECT_CONTENT", "true")
	silent := envOr(getenv, "KOMEK_SILENT", "true")
	fs.StringVar(&protect, "protect-content", protect, "send referrals so they cannot be forwarded or saved: true or false (KOMEK_PROTECT_CONTENT)")
	fs.StringVar(&silent, "silent", silent, "send every message of a reply after the first without a sound: true or false (KOMEK_SILENT)")
	fs.StringVar(&tc.ExitMessage, "exit-message", getenv("KOMEK_EXIT_MESSAGE"), "the one neutral `text` left in the chat after /exit; empty leaves nothing (KOMEK_EXIT_MESSAGE)")
	fs.StringVar(&c.AdminListen, "admin-listen", envOr(getenv, "KOMEK_ADMIN_LISTEN", defaultAdminListen), "loopback `address` of the admin endpoint (KOMEK_ADMIN_LISTEN)")
	fs.StringVar(&adminFile, "admin-token-file", "", "read the admin token from `file`; no token, no admin endpoint (KOMEK_ADMIN_TOKEN, KOMEK_ADMIN_TOKEN_FILE)")
	fs.StringVar(&tokenFile, "telegram-token-file", "", "read the bot token from `file` (TELEGRAM_TOKEN, TELEGRAM_TOKEN_FILE)")
	fs.StringVar(&tc.APIURL, "telegram-api-url", envOr(getenv, "TELEGRAM_API_URL", telegram.DefaultAPIURL), "Bot API base `URL` (TELEGRAM_API_URL)")
	fs.StringVar(&tc.WebhookURL, "webhook-url", getenv("KOMEK_WEBHOOK_URL"), "public HTTPS `URL` for webhook mode; polling when empty (KOMEK_WEBHOOK_URL)")
	fs.StringVar(&secretFile, "webhook-secret-file", "", "read the webhook secret from `file` (KOMEK_WEBHOOK_SECRET, KOMEK_WEBHOOK_SECRET_FILE)")
	fs.StringVar(&tc.Listen, "listen", envOr(getenv, "KOMEK_LISTEN", telegram.DefaultListen), "`address` for the webhook, /healthz and /readyz (KOMEK_LISTEN)")
	fs.StringVar(&hashFile, "hash-key-file", "", "read the key for hashing chat IDs from `file` (KOMEK_HASH_KEY, KOMEK_HASH_KEY_FILE)")
	fs.StringVar(&rate, "rate", envOr(getenv, "KOMEK_RATE", strconv.Itoa(telegram.DefaultGlobalRate)), "messages per `second` to all chats together (KOMEK_RATE)")
	fs.StringVar(&chatRate, "chat-rate", envOr(getenv, "KOMEK_CHAT_RATE", fmt.Sprint(telegram.DefaultChatRate)), "messages per `second` to one chat after a burst (KOMEK_CHAT_RATE)")
	fs.StringVar(&burst, "chat-burst", envOr(getenv, "KOMEK_CHAT_BURST", strconv.Itoa(telegram.DefaultChatBurst)), "`messages` one chat may get at once (KOMEK_CHAT_BURST)")
	fs.StringVar(&workers, "workers", envOr(getenv, "KOMEK_WORKERS", strconv.Itoa(telegram.DefaultWorkers)), "`chats` handled at once (KOMEK_WORKERS)")
	fs.StringVar(&callTimeout, "call-timeout", envOr(getenv, "KOMEK_CALL_TIMEOUT", "15s"), "give up on a Bot API call after this `long` and retry it (KOMEK_CALL_TIMEOUT)")
	if err := fs.Parse(args); err != nil {
		return c, usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return c, usageError{fmt.Sprintf("serve: unexpected argument %q", fs.Arg(0))}
	}
	var err error
	if c.config, err = shared(); err != nil {
		return c, err
	}
	if tc.Token, err = secret(getenv, "TELEGRAM_TOKEN", "", tokenFile); err != nil {
		return c, err
	}
	if tc.WebhookSecret, err = secret(getenv, "KOMEK_WEBHOOK_SECRET", "", secretFile); err != nil {
		return c, err
	}
	if c.AdminToken, err = secret(getenv, "KOMEK_ADMIN_TOKEN", "", adminFile); err != nil {
		return c, err
	}
	if c.AdminToken != "" {
		if len(c.AdminToken) < 16 {
			return c, usageError{"KOMEK_ADMIN_TOKEN must be at least 16 characters (for example: openssl rand -hex 32)"}
		}
		if err := loopbackOnly(c.AdminListen); err != nil {
			return c, err
		}
	}
	key, err := secret(getenv, "KOMEK_HASH_KEY", "", hashFile)
	if err != nil {
		return c, err
	}
	if key != "" {
		if len(key) < 16 {
			return c, usageError{"KOMEK_HASH_KEY must be at least 16 characters (for example: openssl rand -hex 32)"}
		}
		c.HashKey = []byte(key)
	}
	for _, n := range []struct {
		name, v string
		f       *float64
	}{{"KOMEK_RATE", rate, &tc.GlobalRate}, {"KOMEK_CHAT_RATE", chatRate, &tc.ChatRate}} {
		if *n.f, err = strconv.ParseFloat(n.v, 64); err != nil || *n.f <= 0 {
			return c, usageError{fmt.Sprintf("%s: %q is not a positive number", n.name, n.v)}
		}
	}
	for _, n := range []struct {
		name, v string
		i       *int
	}{{"KOMEK_CHAT_BURST", burst, &tc.ChatBurst}, {"KOMEK_WORKERS", workers, &tc.Workers}} {
		if *n.i, err = strconv.Atoi(n.v); err != nil || *n.i <= 0 {
			return c, usageError{fmt.Sprintf("%s: %q is not a positive whole number", n.name, n.v)}
		}
	}
	for _, b := range []struct {
		name, v string
		p       *bool
	}{{"KOMEK_PROTECT_CONTENT", protect, &tc.ProtectContent}, {"KOMEK_SILENT", silent, &tc.Silent}} {
		if *b.p, err = strconv.ParseBool(b.v); err != nil {
			return c, usageError{fmt.Sprintf("%s: %q is not true or false", b.name, b.v)}
		}
	}
	if tc.CallTimeout, err = time.ParseDuration(callTimeout); err != nil || tc.CallTimeout <= 0 {
		return c, usageError{fmt.Sprintf("KOMEK_CALL_TIMEOUT: %q is not a positive duration such as 15s", callTimeout)}
	}
	c.Telegram = c.Telegram.WithDefaults()
	if err := c.Telegram.Validate(); err != nil {
		return c, usageError{err.Error()}
	}
	return c, nil
}

// runServe is "komek serve": the Telegram bot, by long polling or webhook.
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseServeConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	secrets := []string{cfg.Telegram.Token, cfg.Telegram.WebhookSecret, string(cfg.HashKey), cfg.AdminToken}
	log := slog.New(telegram.RedactingHandler(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}), secrets...))
	a, err := openApp(cfg.config, log)
	if err != nil {
		return err
	}
	defer a.db.Close()
	if cfg.HashKey == nil {
		if cfg.HashKey, err = a.db.Secret("chat-hash", 32); err != nil {
			return err
		}
		log.Info("KOMEK_HASH_KEY is not set: chat IDs are hashed with a key kept in the database", "key_id", hex.EncodeToString(cfg.HashKey[:2]))
	}
	bot, err := telegram.New(cfg.Telegram, telegram.Deps{
		DB: a.db, Engine: a.engine, Catalog: a.catalog, HashKey: cfg.HashKey, Log: log,
	})
	if err != nil {
		return usageError{err.Error()}
	}
	janitorCtx, stopJanitor := context.WithCancel(ctx)
	var janitor sync.WaitGroup
	janitor.Go(func() { a.engine.RunJanitor(janitorCtx, janitorInterval) })
	defer janitor.Wait() // before the database closes
	defer stopJanitor()
	if cfg.AdminToken == "" {
		return bot.Run(ctx)
	}
	adminSrv, err := serveAdmin(cfg.AdminListen, admin.New(admin.Config{
		DB: a.db, Token: cfg.AdminToken, OnTable: a.engine.SetTable, Log: log,
	}), log)
	if err != nil {
		return err
	}
	defer adminSrv.Close()
	return bot.Run(ctx)
}

// serveAdmin starts the admin endpoint's listener.
func serveAdmin(addr string, h http.Handler, log *slog.Logger) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("KOMEK_ADMIN_LISTEN %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	log.Info("admin endpoint listening", "addr", ln.Addr().String())
	return srv, nil
}

// loopbackOnly refuses an admin address other machines could reach.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	ip := net.ParseIP(host)
	if err != nil || !(host == "localhost" || (ip != nil && ip.IsLoopback())) {
		return usageError{fmt.Sprintf("KOMEK_ADMIN_LISTEN %q must be a loopback address such as 127.0.0.1:8081: the admin endpoint changes the referral table", addr)}
	}
	return nil
}
