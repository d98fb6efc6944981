package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// client calls Bot API methods with a context, and turns every failure into
// an *APIError whose text never contains the token.
type client struct {
	base tgbotapi.BotAPI // a template, copied per call
	http *http.Client
	red  redactor
}

func newClient(token, apiURL string, hc *http.Client) *client {
	c := &client{
		base: tgbotapi.BotAPI{Token: token, Buffer: 100},
		http: hc,
		red:  newRedactor(token),
	}
	c.base.SetAPIEndpoint(strings.TrimRight(apiURL, "/") + "/bot%s/%s")
	return c
}

// ctxDoer attaches a context to the library's requests, which it builds
// without one.
type ctxDoer struct {
	ctx context.Context
	c   *http.Client
}

func (d ctxDoer) Do(req *http.Request) (*http.Response, error) { return d.c.Do(req.WithContext(d.ctx)) }

// call runs method with params and returns its result.
func (c *client) call(ctx context.Context, method string, params tgbotapi.Params) (json.RawMessage, error) {
	bot := c.base
	bot.Client = ctxDoer{ctx: ctx, c: c.http}
	resp, err := bot.MakeRequest(method, params)
	if err != nil {
		return nil, c.classify(method, err)
	}
	return resp.Result, nil
}

// APIError is a failed Bot API call. Its text is safe to log: it never
// contains the token.
type APIError struct {
	Method string
	// Code is Telegram's error code (HTTP status), 0 for a network failure
	// or an answer that was not the Bot API's JSON.
	Code int
	// Description is Telegram's description, or the network error, redacted.
	Description string
	// RetryAfter is how long Telegram asked to wait (429).
	RetryAfter time.Duration
}

func (e *APIError) Error() string {
	if e.Code == 0 {
		return fmt.Sprintf("telegram: %s: %s", e.Method, e.Description)
	}
	return fmt.Sprintf("telegram: %s: %d %s", e.Method, e.Code, e.Description)
}

// Temporary reports whether the same call may succeed later: network
// failures, timeouts, 429 and 5xx.
func (e *APIError) Temporary() bool { return e.Code == 0 || e.Code == 429 || e.Code >= 500 }

// Blocked reports whether the person blocked the bot (403).
func (e *APIError) Blocked() bool { return e.Code == http.StatusForbidden }

func (c *client) classify(method string, err error) error {
	var tg *tgbotapi.Error
	if errors.As(err, &tg) {
		return &APIError{Method: method, Code: tg.Code, Description: c.red.String(tg.Message),
			RetryAfter: time.Duration(tg.RetryAfter) * time.Second}
	}
	return &APIError{Method: method, Description: c.red.String(err.Error())}
}

// Temporary reports whether err is an API failure worth retrying.
func temporary(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Temporary()
}

func retryAfter(err error) time.Duration {
	var e *APIError
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

func blocked(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Blocked()
}

// notModified reports Telegram's answer to an edit that changes nothing,
// which is success for our purposes.
func notModified(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Code == 400 && strings.Contains(e.Description, "not modified")
}
