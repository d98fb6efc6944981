package telegram

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// Health reporting: how an operator without a developer learns that the
// bot cannot reach Telegram, or that its token was revoked.
const (
	// unreachableGrace is how long the Bot API may fail before /readyz
	// says the bot is not ready: one lost call is no outage.
	unreachableGrace = 10 * time.Second
	// warnEvery is how often the warning is repeated while the Bot API
	// stays unreachable.
	warnEvery = 5 * time.Minute
)

// whatToCheck is said with every warning about an unreachable Bot API.
const whatToCheck = "check this machine's internet connection, DNS and firewall (outgoing HTTPS to api.telegram.org), " +
	"a proxy if one is needed, and TELEGRAM_API_URL if it is set"

// health tracks whether the Bot API answers. Every call's outcome goes
// through it: the first failure is logged as a warning at once, then every
// warnEvery while it lasts, and the recovery once.
type health struct {
	mu       sync.Mutex
	started  bool      // getMe has answered
	since    time.Time // the first failure of the current outage; zero when none
	warned   time.Time // the last warning of the current outage
	lastErr  string    // the last failure, redacted (APIError never holds the token)
	failures int
}

// ok records a call that Telegram answered.
func (h *health) ok(now time.Time, log *slog.Logger) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.since.IsZero() {
		log.Info("telegram: the Bot API answers again", "down_for", now.Sub(h.since).Round(time.Second).String(), "failed_calls", h.failures)
	}
	h.since, h.warned, h.lastErr, h.failures = time.Time{}, time.Time{}, "", 0
}

// failed records a call that did not reach Telegram, or that Telegram
// could not serve (5xx), and warns when it is time to.
func (h *health) failed(now time.Time, err error, log *slog.Logger) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.since.IsZero() {
		h.since = now
	}
	h.failures++
	h.lastErr = err.Error()
	if h.warned.IsZero() || now.Sub(h.warned) >= warnEvery {
		h.warned = now
		log.Warn("telegram: the Bot API cannot be reached; the bot keeps retrying, and keeps every reply until it can be sent",
			"err", h.lastErr, "down_for", now.Sub(h.since).Round(time.Second).String(), "failed_calls", h.failures, "check", whatToCheck)
	}
}

// status is what /readyz says: ready, or why not.
func (h *health) status(now time.Time, receiving bool) (bool, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case !h.since.IsZero() && now.Sub(h.since) >= unreachableGrace:
		return false, fmt.Sprintf("the Telegram Bot API has not answered for %s (%s): %s",
			now.Sub(h.since).Round(time.Second), h.lastErr, whatToCheck)
	case !h.started && !h.since.IsZero():
		return false, fmt.Sprintf("starting: waiting for the Telegram Bot API to answer (%s)", h.lastErr)
	case !h.started:
		return false, "starting: checking the token with Telegram"
	case !receiving:
		return false, "starting: delivering the replies kept from before the restart"
	}
	return true, "ready"
}

// unreachable reports whether err means Telegram was not reached or could
// not serve the call: a network failure, a timeout, or a 5xx. Refusals
// (4xx) and 429 are answers.
func unreachable(err error) bool {
	var e *APIError
	return errors.As(err, &e) && (e.Code == 0 || e.Code >= 500)
}

// ErrTokenRefused is wrapped by Run's error when Telegram refuses the
// token: a setting to fix, not a fault that a restart mends.
var ErrTokenRefused = errors.New("telegram refused TELEGRAM_TOKEN")

// tokenRefused reports a Bot API answer that means the token is wrong or
// was revoked, as a one-line error saying what to do.
func tokenRefused(err error) error {
	var e *APIError
	if errors.As(err, &e) && (e.Code == http.StatusUnauthorized || e.Code == http.StatusNotFound) {
		return fmt.Errorf("%w (%d %s): the token is wrong or was revoked; "+
			"get the bot's current token from @BotFather (/mybots → API Token), put it in the token file, and start komek again",
			ErrTokenRefused, e.Code, e.Description)
	}
	return nil
}

// observe records a Bot API call's outcome: health, and a refused token,
// which stops Run (nothing can work without a token).
func (b *Bot) observe(err error) {
	switch {
	case err == nil:
		b.health.ok(b.d.Now(), b.d.Log)
	case unreachable(err):
		b.health.failed(b.d.Now(), err, b.d.Log)
	default:
		b.health.ok(b.d.Now(), b.d.Log) // Telegram answered, if only to refuse
		if refused := tokenRefused(err); refused != nil {
			select {
			case b.fatal <- refused:
			default:
			}
		}
	}
}
