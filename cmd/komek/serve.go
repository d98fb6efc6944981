package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/komek-kz/komek/internal/admin"
	"github.com/komek-kz/komek/internal/telegram"
	"github.com/komek-kz/komek/internal/whatsapp"
)

// serveConfig is "komek serve"'s configuration beyond the shared one.
type serveConfig struct {
	config
	Telegram telegram.Config
	WhatsApp whatsapp.Config
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

// serveCmd is "komek serve"'s command line.
type serveCmd struct {
	conversationFlags `embed:""`
	LogLevel          slog.Level `name:"log-level" env:"KOMEK_LOG_LEVEL" default:"info" placeholder:"LEVEL" help:"Log level: debug, info, warn or error. Default: ${default}."`

	TelegramTokenFile       string        `name:"telegram-token-file" env:"TELEGRAM_TOKEN_FILE" placeholder:"FILE" help:"Read the bot token from @BotFather from FILE; or set TELEGRAM_TOKEN (required unless WhatsApp is configured)."`
	TelegramAPIURL          string        `name:"telegram-api-url" env:"TELEGRAM_API_URL" default:"${api_url}" placeholder:"URL" help:"The Bot API's base address. Default: ${default}."`
	WebhookURL              string        `name:"webhook-url" env:"KOMEK_WEBHOOK_URL" placeholder:"URL" help:"Public HTTPS address for webhook mode; empty: long polling."`
	WebhookSecretFile       string        `name:"webhook-secret-file" env:"KOMEK_WEBHOOK_SECRET_FILE" placeholder:"FILE" help:"Read the webhook's secret token from FILE; or set KOMEK_WEBHOOK_SECRET (required with a webhook)."`
	Listen                  string        `name:"listen" env:"KOMEK_LISTEN" default:"${listen}" placeholder:"ADDR" help:"Address for the webhook, /healthz and /readyz. Default: ${default}."`
	HashKeyFile             string        `name:"hash-key-file" env:"KOMEK_HASH_KEY_FILE" placeholder:"FILE" help:"Read the key for hashing chat IDs from FILE; or set KOMEK_HASH_KEY (default: a random key kept in the database)."`
	AdminTokenFile          string        `name:"admin-token-file" env:"KOMEK_ADMIN_TOKEN_FILE" placeholder:"FILE" help:"Read the admin token from FILE; or set KOMEK_ADMIN_TOKEN. With a token, the admin endpoint is on: table imports and backups while the bot runs."`
	AdminListen             string        `name:"admin-listen" env:"KOMEK_ADMIN_LISTEN" default:"${admin_listen}" placeholder:"ADDR" help:"Loopback address of the admin endpoint. Default: ${default}."`
	Rate                    float64       `name:"rate" env:"KOMEK_RATE" default:"${rate}" placeholder:"N" help:"Messages per second to all chats together. Default: ${default}."`
	ChatRate                float64       `name:"chat-rate" env:"KOMEK_CHAT_RATE" default:"${chat_rate}" placeholder:"N" help:"Messages per second to one chat after a burst. Default: ${default}."`
	ChatBurst               int           `name:"chat-burst" env:"KOMEK_CHAT_BURST" default:"${chat_burst}" placeholder:"N" help:"Messages one chat may get at once. Default: ${default}."`
	Workers                 int           `name:"workers" env:"KOMEK_WORKERS" default:"${workers}" placeholder:"N" help:"Chats handled at once. Default: ${default}."`
	CallTimeout             time.Duration `name:"call-timeout" env:"KOMEK_CALL_TIMEOUT" default:"15s" placeholder:"DURATION" help:"Give up on a Bot API call after this long, and retry it. Default: ${default}."`
	ProtectContent          bool          `name:"protect-content" env:"KOMEK_PROTECT_CONTENT" default:"true" negatable:"" help:"Send referrals so that they cannot be forwarded or saved. On by default."`
	Silent                  bool          `name:"silent" env:"KOMEK_SILENT" default:"true" negatable:"" help:"Send every message of a reply after the first without a sound. On by default."`
	WhatsAppTokenFile       string        `name:"whatsapp-access-token-file" env:"WHATSAPP_ACCESS_TOKEN_FILE" placeholder:"FILE" help:"Read the WhatsApp Cloud API's permanent access token from FILE; or set WHATSAPP_ACCESS_TOKEN. With the four WhatsApp settings, the bot also (or only) answers on WhatsApp."`
	WhatsAppAppSecretFile   string        `name:"whatsapp-app-secret-file" env:"WHATSAPP_APP_SECRET_FILE" placeholder:"FILE" help:"Read the Meta app's secret, which signs webhooks, from FILE; or set WHATSAPP_APP_SECRET."`
	WhatsAppVerifyTokenFile string        `name:"whatsapp-verify-token-file" env:"WHATSAPP_VERIFY_TOKEN_FILE" placeholder:"FILE" help:"Read the webhook's verify token (as typed in the Meta app) from FILE; or set WHATSAPP_VERIFY_TOKEN."`
	WhatsAppPhoneNumberID   string        `name:"whatsapp-phone-number-id" env:"WHATSAPP_PHONE_NUMBER_ID" placeholder:"ID" help:"The business phone number's ID (not the number) from the Meta app."`
	WhatsAppRate            float64       `name:"whatsapp-rate" env:"WHATSAPP_RATE" default:"${wa_rate}" placeholder:"N" help:"WhatsApp messages per second to all chats together (Meta allows 80 by default). Default: ${default}."`
	WhatsAppAPIURL          string        `name:"whatsapp-api-url" env:"WHATSAPP_API_URL" default:"${wa_api_url}" placeholder:"URL" help:"The Cloud API's base address, with its version. Default: ${default}."`
	ExitMessage             string        `name:"exit-message" env:"KOMEK_EXIT_MESSAGE" placeholder:"TEXT" help:"The one neutral text left in the chat after /exit; empty leaves nothing."`
}

// parse checks the flags and reads the secrets; a secret comes from its
// variable or the file its _FILE twin (or flag) names.
func (f *serveCmd) parse(getenv func(string) string) (serveConfig, error) {
	var c serveConfig
	var err error
	if c.config, err = f.config(f.LogLevel); err != nil {
		return c, err
	}
	c.AdminListen = f.AdminListen
	tc := &c.Telegram
	tc.APIURL, tc.WebhookURL, tc.Listen, tc.ExitMessage = f.TelegramAPIURL, f.WebhookURL, f.Listen, f.ExitMessage
	tc.GlobalRate, tc.ChatRate, tc.ChatBurst, tc.Workers = f.Rate, f.ChatRate, f.ChatBurst, f.Workers
	tc.CallTimeout, tc.ProtectContent, tc.Silent = f.CallTimeout, f.ProtectContent, f.Silent
	if tc.Token, err = secret(getenv, "TELEGRAM_TOKEN", f.TelegramTokenFile); err != nil {
		return c, err
	}
	if tc.WebhookSecret, err = secret(getenv, "KOMEK_WEBHOOK_SECRET", f.WebhookSecretFile); err != nil {
		return c, err
	}
	if c.AdminToken, err = secret(getenv, "KOMEK_ADMIN_TOKEN", f.AdminTokenFile); err != nil {
		return c, err
	}
	if err := c.checkAdmin(); err != nil {
		return c, err
	}
	key, err := secret(getenv, "KOMEK_HASH_KEY", f.HashKeyFile)
	if err != nil {
		return c, err
	}
	if key != "" {
		if len(key) < 16 {
			return c, usageError{"KOMEK_HASH_KEY must be at least 16 characters (for example: openssl rand -hex 32)"}
		}
		c.HashKey = []byte(key)
		// The store's index key comes from the same secret, kept outside
		// the file, but is not the same key (one key, one use).
		m := hmac.New(sha256.New, c.HashKey)
		m.Write([]byte("komek store index key"))
		c.IndexKey = m.Sum(nil)
	}
	if err := f.checkNumbers(); err != nil {
		return c, err
	}
	if err := f.parseWhatsApp(getenv, &c); err != nil {
		return c, err
	}
	c.Telegram = c.Telegram.WithDefaults()
	if c.Telegram.Token == "" && c.WhatsApp.Enabled() {
		return c, nil // WhatsApp only
	}
	if err := c.Telegram.Validate(); err != nil {
		return c, usageError{err.Error()}
	}
	return c, nil
}

// parseWhatsApp reads the WhatsApp settings; all or none must be given.
func (f *serveCmd) parseWhatsApp(getenv func(string) string, c *serveConfig) error {
	wc := &c.WhatsApp
	var err error
	if wc.AccessToken, err = secret(getenv, "WHATSAPP_ACCESS_TOKEN", f.WhatsAppTokenFile); err != nil {
		return err
	}
	if wc.AppSecret, err = secret(getenv, "WHATSAPP_APP_SECRET", f.WhatsAppAppSecretFile); err != nil {
		return err
	}
	if wc.VerifyToken, err = secret(getenv, "WHATSAPP_VERIFY_TOKEN", f.WhatsAppVerifyTokenFile); err != nil {
		return err
	}
	wc.PhoneNumberID, wc.APIURL, wc.Workers, wc.CallTimeout = f.WhatsAppPhoneNumberID, f.WhatsAppAPIURL, f.Workers, f.CallTimeout
	if f.WhatsAppRate <= 0 {
		return usageError{"WHATSAPP_RATE / --whatsapp-rate: give a positive number"}
	}
	wc.Rate = f.WhatsAppRate
	if !wc.Enabled() {
		return nil
	}
	*wc = wc.WithDefaults()
	if err := wc.Validate(); err != nil {
		return usageError{err.Error()}
	}
	return nil
}

// checkAdmin refuses a short admin token and an admin address other
// machines could reach.
func (c *serveConfig) checkAdmin() error {
	if c.AdminToken == "" {
		return nil
	}
	if len(c.AdminToken) < 16 {
		return usageError{"KOMEK_ADMIN_TOKEN must be at least 16 characters (for example: openssl rand -hex 32)"}
	}
	return loopbackOnly(c.AdminListen)
}

// checkNumbers refuses limits and timeouts that are not positive.
func (f *serveCmd) checkNumbers() error {
	switch {
	case f.Rate <= 0:
		return usageError{"KOMEK_RATE / --rate: give a positive number"}
	case f.ChatRate <= 0:
		return usageError{"KOMEK_CHAT_RATE / --chat-rate: give a positive number"}
	case f.ChatBurst <= 0:
		return usageError{"KOMEK_CHAT_BURST / --chat-burst: give a positive whole number"}
	case f.Workers <= 0:
		return usageError{"KOMEK_WORKERS / --workers: give a positive whole number"}
	case f.CallTimeout <= 0:
		return usageError{"KOMEK_CALL_TIMEOUT / --call-timeout: give a positive duration such as 15s"}
	}
	return nil
}

// Run is "komek serve": the Telegram bot, by long polling or webhook.
func (f *serveCmd) Run(d *deps) error {
	cfg, err := f.parse(d.getenv)
	if err != nil {
		return err
	}
	ctx, stderr := d.ctx, d.stderr
	secrets := []string{cfg.Telegram.Token, cfg.Telegram.WebhookSecret, string(cfg.HashKey), cfg.AdminToken,
		cfg.WhatsApp.AccessToken, cfg.WhatsApp.AppSecret, cfg.WhatsApp.VerifyToken}
	log := slog.New(telegram.RedactingHandler(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}), secrets...))
	a, err := openApp(cfg.config, log, stderr)
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
	bots, err := newBots(cfg, a, log)
	if err != nil {
		return err
	}
	janitorCtx, stopJanitor := context.WithCancel(ctx)
	var janitor sync.WaitGroup
	janitor.Go(func() { a.engine.RunJanitor(janitorCtx, janitorInterval) })
	defer janitor.Wait() // before the database closes
	defer stopJanitor()
	if cfg.AdminToken == "" {
		return bots.run(ctx)
	}
	adminSrv, err := serveAdmin(cfg.AdminListen, admin.New(admin.Config{
		DB: a.db, Token: cfg.AdminToken, OnTable: a.engine.SetTable, Log: log,
	}), log)
	if err != nil {
		return err
	}
	defer adminSrv.Close()
	return bots.run(ctx)
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
