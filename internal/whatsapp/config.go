package whatsapp

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Config is the WhatsApp channel's configuration. Each field comes from an
// environment variable or a flag (see cmd/komek); errors name the variable.
type Config struct {
	// AccessToken is a permanent (system user) access token of the Meta
	// app (WHATSAPP_ACCESS_TOKEN or _FILE). Secret: never logged.
	AccessToken string
	// AppSecret is the Meta app's secret, which signs every webhook
	// (X-Hub-Signature-256) (WHATSAPP_APP_SECRET or _FILE). Secret.
	AppSecret string
	// VerifyToken is the token typed into the app's webhook settings,
	// which Meta sends back when it verifies the webhook
	// (WHATSAPP_VERIFY_TOKEN or _FILE). Secret.
	VerifyToken string
	// PhoneNumberID is the ID of the business phone number that sends
	// (WHATSAPP_PHONE_NUMBER_ID): not the number itself.
	PhoneNumberID string
	// APIURL is the Graph API base address with its version
	// (WHATSAPP_API_URL); requests go to <APIURL>/<PhoneNumberID>/messages.
	APIURL string
	// Path is where the webhook is served on the listener.
	Path string
	// Listen, when set, gives the channel a listener of its own with
	// /healthz and /readyz (WhatsApp alone); empty when another channel's
	// listener serves Handler.
	Listen string

	// Workers bounds how many chats are handled at once.
	Workers int
	// Rate is the most messages per second sent to all chats together
	// (Meta's default throughput is 80 per second per number).
	Rate float64
	// CallTimeout bounds one API call; MaxBackoff caps the wait between
	// retries.
	CallTimeout, MaxBackoff time.Duration
	// Window is how long after a person's message the bot may still
	// answer: WhatsApp's customer-service window, 24 hours. A reply still
	// queued after that is dropped, never sent.
	Window time.Duration
}

// Defaults for the zero fields of a Config.
const (
	DefaultAPIURL  = "https://graph.facebook.com/v21.0"
	DefaultPath    = "/whatsapp"
	DefaultWorkers = 16
	DefaultRate    = 50
	DefaultWindow  = 24*time.Hour - 5*time.Minute
)

// WithDefaults fills the zero fields.
func (c Config) WithDefaults() Config {
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	c.APIURL = strings.TrimRight(c.APIURL, "/")
	if c.Path == "" {
		c.Path = DefaultPath
	}
	if c.Workers <= 0 {
		c.Workers = DefaultWorkers
	}
	if c.Rate <= 0 {
		c.Rate = DefaultRate
	}
	if c.CallTimeout <= 0 {
		c.CallTimeout = 15 * time.Second
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 30 * time.Second
	}
	if c.Window <= 0 {
		c.Window = DefaultWindow
	}
	return c
}

// Validate reports the first setting that is missing or wrong.
func (c Config) Validate() error {
	switch {
	case c.AccessToken == "":
		return errors.New("WHATSAPP_ACCESS_TOKEN is not set")
	case c.AppSecret == "":
		return errors.New("WHATSAPP_APP_SECRET is not set: without it no webhook can be checked")
	case len(c.VerifyToken) < 16:
		return errors.New("WHATSAPP_VERIFY_TOKEN must be at least 16 characters (for example: openssl rand -hex 16)")
	case c.PhoneNumberID == "" || strings.Trim(c.PhoneNumberID, "0123456789") != "":
		return errors.New("WHATSAPP_PHONE_NUMBER_ID must be the phone number's ID (digits), from the app's WhatsApp settings")
	}
	u, err := url.Parse(c.APIURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("WHATSAPP_API_URL %q is not an http(s) address", c.APIURL)
	}
	return nil
}

// Enabled reports whether any WhatsApp setting is given: then all are
// needed.
func (c Config) Enabled() bool {
	return c.AccessToken != "" || c.AppSecret != "" || c.VerifyToken != "" || c.PhoneNumberID != ""
}

// String describes the configuration without its secrets.
func (c Config) String() string {
	return fmt.Sprintf("api=%s phone_number_id=%s path=%s workers=%d rate=%g", c.APIURL, c.PhoneNumberID, c.Path, c.Workers, c.Rate)
}
