package whatsapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"
)

// client calls the Cloud API. It is a small client of the bot's own: the
// bot needs one endpoint (POST /<phone-number-id>/messages: send, and mark
// as read) and the webhook's JSON, and no Go library for the Cloud API is
// both well kept and small enough to be worth a dependency (see the
// package documentation).
type client struct {
	url, token string
	http       *http.Client
}

// APIError is an error the Cloud API answered with, or (Code 0) a call
// that got no answer.
type APIError struct {
	Status  int // HTTP status; 0: no answer
	Code    int // Meta's error code (error.code)
	Message string
	Err     error // the transport error, when there was no answer
}

func (e *APIError) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("whatsapp: no answer: %v", e.Err)
	}
	return fmt.Sprintf("whatsapp: HTTP %d, error %d: %s", e.Status, e.Code, e.Message)
}

func (e *APIError) Unwrap() error { return e.Err }

// Error codes the bot treats apart (Meta's "WhatsApp error codes").
const (
	codeThroughput  = 130429 // the number's throughput was exceeded
	codePairRate    = 131056 // too many messages to one person in a short time
	codeSpamRate    = 131048 // spam rate limit
	codeReEngage    = 131047 // more than 24 hours since the person last wrote
	codeTooMany     = 4      // application request limit
	codeTooManyUser = 80007  // WhatsApp Business Account rate limit
	codeUnknown     = 131000 // something went wrong
	codeUnavailable = 131016 // service unavailable
)

// post sends one JSON request to the messages endpoint and returns the
// answer's body.
func (c *client) post(ctx context.Context, phoneID string, body any) ([]byte, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/"+phoneID+"/messages", bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, &APIError{Err: errors.Unwrap(err)}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, &APIError{Err: err}
	}
	if resp.StatusCode/100 == 2 {
		return raw, nil
	}
	var e struct {
		Error struct {
			Message string `json:"message"`
			Code    int    `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(raw, &e)
	return nil, &APIError{Status: resp.StatusCode, Code: e.Error.Code, Message: e.Error.Message}
}

// temporary reports an error worth retrying: no answer, a server error,
// or a rate limit.
func temporary(err error) bool {
	var e *APIError
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code {
	case codeThroughput, codePairRate, codeSpamRate, codeTooMany, codeTooManyUser, codeUnknown, codeUnavailable:
		return true
	}
	return e.Status == 0 || e.Status >= 500 || e.Status == http.StatusTooManyRequests
}

// outsideWindow reports that WhatsApp refused a message because the
// person has not written for 24 hours.
func outsideWindow(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Code == codeReEngage
}

// backoff is the wait before retry number attempt (from 0): exponential
// with jitter, longer after a rate limit, capped at max.
func backoff(err error, attempt int, max time.Duration) time.Duration {
	base := 500 * time.Millisecond
	var e *APIError
	if errors.As(err, &e) && (e.Code == codePairRate || e.Code == codeSpamRate) {
		base = 6 * time.Second // Meta: about one message per 6 seconds to one person after a burst
	}
	d := base << min(attempt, 8)
	d = min(d, max)
	return d/2 + rand.N(d/2+1)
}
