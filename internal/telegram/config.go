package telegram

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Config is the Telegram channel's configuration. Each field comes from an
// environment variable or a flag (see cmd/komek); errors name the variable.
type Config struct {
	// Token is the bot token from @BotFather (TELEGRAM_TOKEN or
	// TELEGRAM_TOKEN_FILE). Secret: never logged.
	Token string
	// APIURL is the Bot API base URL (TELEGRAM_API_URL); requests go to
	// <APIURL>/bot<token>/<method>. A local Bot API server works too.
	APIURL string
	// WebhookURL selects webhook mode (KOMEK_WEBHOOK_URL): the public HTTPS
	// address Telegram posts updates to. Empty means long polling.
	WebhookURL string
	// WebhookSecret is the secret_token Telegram sends back in
	// X-Telegram-Bot-Api-Secret-Token (KOMEK_WEBHOOK_SECRET or _FILE).
	WebhookSecret string
	// Listen is the address of the HTTP listener for the webhook, /healthz
	// and /readyz (KOMEK_LISTEN).
	Listen string

	// Workers bounds how many chats are handled at once.
	Workers int
	// GlobalRate is the most new messages per second sent to all chats
	// together; ChatRate and ChatBurst limit one chat. They count messages
	// as Telegram's own limits do: edits (a question turning into the next
	// one), deletions and answers to button presses are not messages and
	// never wait. An urgent message (the emergency numbers) does not wait
	// for its chat's limit.
	GlobalRate float64
	ChatRate   float64
	ChatBurst  int
	// PollTimeout is the long-polling timeout of getUpdates.
	PollTimeout time.Duration
	// MaxBackoff caps the wait between retries of a failing call.
	MaxBackoff time.Duration
	// CallTimeout bounds one Bot API call (getUpdates gets PollTimeout
	// more); a call that takes longer counts as failed and is retried.
	CallTimeout time.Duration

	// ProtectContent sends referral messages with protect_content, so they
	// cannot be forwarded or saved by someone else who picks up the phone
	// (KOMEK_PROTECT_CONTENT).
	ProtectContent bool
	// Silent sends the bot's messages after the first of each reply
	// without a notification sound (KOMEK_SILENT).
	Silent bool
	// ExitMessage is the one neutral message left in the chat after a
	// quick exit has deleted the conversation; empty leaves nothing
	// (KOMEK_EXIT_MESSAGE).
	ExitMessage string
}

// Defaults for the zero fields of a Config.
const (
	DefaultAPIURL     = "https://api.telegram.org"
	DefaultListen     = "127.0.0.1:8080"
	DefaultWorkers    = 16
	DefaultGlobalRate = 25  // below Telegram's ~30 messages/s
	DefaultChatRate   = 1.0 // about one message a second per chat …
	DefaultChatBurst  = 4   // … after a burst the size of the results
)

// WithDefaults fills the zero fields.
func (c Config) WithDefaults() Config {
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	if c.Workers <= 0 {
		c.Workers = DefaultWorkers
	}
	if c.GlobalRate <= 0 {
		c.GlobalRate = DefaultGlobalRate
	}
	if c.ChatRate <= 0 {
		c.ChatRate = DefaultChatRate
	}
	if c.ChatBurst <= 0 {
		c.ChatBurst = DefaultChatBurst
	}
	if c.PollTimeout <= 0 {
		c.PollTimeout = 25 * time.Second
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 30 * time.Second
	}
	if c.CallTimeout <= 0 {
		c.CallTimeout = 15 * time.Second
	}
	return c
}

var (
	tokenPattern  = regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{20,}$`)
	secretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
)

// Validate reports the first invalid setting in one line naming its
// variable.
func (c Config) Validate() error {
	switch {
	case c.Token == "":
		return fmt.Errorf("TELEGRAM_TOKEN (or TELEGRAM_TOKEN_FILE) is not set: get a token from @BotFather")
	case !tokenPattern.MatchString(c.Token):
		return fmt.Errorf("TELEGRAM_TOKEN does not look like a bot token (digits, a colon, then letters, digits, _ or -)")
	}
	if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("TELEGRAM_API_URL %q is not an http(s) URL", c.APIURL)
	}
	if len(c.ExitMessage) > 200 {
		return fmt.Errorf("KOMEK_EXIT_MESSAGE is %d characters; keep it short and neutral (at most 200)", len(c.ExitMessage))
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		return fmt.Errorf("KOMEK_LISTEN %q is not host:port (for example 127.0.0.1:8080)", c.Listen)
	}
	if c.WebhookURL == "" {
		return nil
	}
	u, err := url.Parse(c.WebhookURL)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Hostname()))):
		return fmt.Errorf("KOMEK_WEBHOOK_URL %q must be an https:// URL (Telegram only posts to HTTPS)", c.WebhookURL)
	case c.WebhookSecret == "":
		return fmt.Errorf("KOMEK_WEBHOOK_SECRET (or KOMEK_WEBHOOK_SECRET_FILE) is not set: webhook mode needs a secret")
	case !secretPattern.MatchString(c.WebhookSecret):
		return fmt.Errorf("KOMEK_WEBHOOK_SECRET must be 1–256 characters of A–Z, a–z, 0–9, _ and -")
	}
	return nil
}

func loopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// Mode is "webhook" or "polling".
func (c Config) Mode() string {
	if c.WebhookURL != "" {
		return "webhook"
	}
	return "polling"
}

// webhookPath is the path the listener serves the webhook on: the path of
// WebhookURL, so a reverse proxy can pass requests through unchanged.
func (c Config) webhookPath() string {
	u, err := url.Parse(c.WebhookURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// LogValue describes the effective configuration with secrets redacted.
func (c Config) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mode=%s api=%s listen=%s workers=%d rate=%.0f/s chat_rate=%.1f/s chat_burst=%d protect_content=%v silent=%v exit_message=%q",
		c.Mode(), c.APIURL, c.Listen, c.Workers, c.GlobalRate, c.ChatRate, c.ChatBurst, c.ProtectContent, c.Silent, c.ExitMessage)
	if c.WebhookURL != "" {
		fmt.Fprintf(&b, " webhook=%s webhook_secret=<redacted>", c.WebhookURL)
	}
	b.WriteString(" token=<redacted>")
	return b.String()
}
