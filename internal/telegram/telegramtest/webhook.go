package telegramtest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// SecretHeader is the header that carries setWebhook's secret_token.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// Webhook is the webhook the bot registered with setWebhook.
type Webhook struct {
	URL            string // "" when no webhook is set
	SecretToken    string
	MaxConnections int
}

type webhookState struct {
	Webhook
	lastErrDate time.Time
	lastErr     string
}

type retryPolicy struct {
	attempts int
	backoff  time.Duration
}

// Delivery is one POST of an update to the webhook.
type Delivery struct {
	UpdateID int
	Attempt  int       // 1 for the first try
	Status   int       // HTTP status, 0 if the request failed
	Err      string    // transport error, "" if a response came
	Body     string    // response body, cut at 4 KiB
	At       time.Time // real time of the attempt
}

// Webhook returns the current webhook (URL "" in polling mode).
func (s *Server) Webhook() Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hook.Webhook
}

// Deliveries returns every webhook delivery attempt so far, in order.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deliveries)
}

// setWebhook switches to webhook mode (an empty url switches back). The
// fake accepts http:// URLs on any port; it ignores certificate,
// ip_address and, for ordering's sake, max_connections: it delivers one
// update at a time, in order.
func (s *Server) setWebhook(r *request) (any, *apiError) {
	p := r.params
	s.mu.Lock()
	defer s.mu.Unlock()
	if p["drop_pending_updates"] == "true" {
		s.q.pending = nil
	}
	if p["url"] == "" {
		s.hook = webhookState{}
		s.notifyLocked()
		return true, nil
	}
	maxConn, err := strconv.Atoi(p["max_connections"])
	if err != nil {
		maxConn = 40
	}
	s.hook = webhookState{Webhook: Webhook{URL: p["url"], SecretToken: p["secret_token"], MaxConnections: maxConn}}
	s.setAllowedLocked(p["allowed_updates"])
	s.notifyLocked()
	return true, nil
}

func (s *Server) deleteWebhook(r *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.params["drop_pending_updates"] == "true" {
		s.q.pending = nil
	}
	s.hook = webhookState{}
	s.notifyLocked()
	return true, nil
}

func (s *Server) getWebhookInfo(*request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := map[string]any{"url": s.hook.URL, "has_custom_certificate": false, "pending_update_count": len(s.q.pending)}
	if s.hook.URL != "" {
		info["max_connections"] = s.hook.MaxConnections
		if s.q.allowedSet {
			info["allowed_updates"] = s.q.allowed
		}
	}
	if s.hook.lastErr != "" {
		info["last_error_date"] = s.hook.lastErrDate.Unix()
		info["last_error_message"] = s.hook.lastErr
	}
	return info, nil
}

// deliverLoop POSTs pending updates to the webhook, one at a time (or up
// to WithWebhookConnections at once), until the test ends.
func (s *Server) deliverLoop() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		hook := s.hook.Webhook
		var u queuedUpdate
		ok := hook.URL != ""
		if ok && s.hooks.conns > 1 {
			u, ok = s.nextParallelLocked()
		} else if ok {
			batch := s.batchLocked(1)
			ok = len(batch) == 1
			if ok {
				u = batch[0]
			}
		}
		ch := s.change
		s.mu.Unlock()
		if ok && s.hooks.conns > 1 {
			s.wg.Add(1)
			go s.deliverParallel(hook, u)
			continue
		}
		if ok {
			s.deliver(hook, u)
			continue
		}
		select {
		case <-ch:
		case <-s.ctx.Done():
			return
		}
	}
}

// deliver tries an update up to the retry policy's attempts: a 2xx answer
// accepts it; after the last failure it is dropped, as Telegram eventually
// does. It stops early if the webhook changes or the update is dropped.
func (s *Server) deliver(hook Webhook, u queuedUpdate) {
	for attempt := 1; ; attempt++ {
		s.mu.Lock()
		s.handOutLocked([]queuedUpdate{u}) // before the POST: the bot may answer during it
		s.mu.Unlock()
		d := s.post(hook, u.body)
		d.UpdateID, d.Attempt = u.id, attempt
		ok := d.Status >= 200 && d.Status < 300
		s.mu.Lock()
		s.deliveries = append(s.deliveries, d)
		if !ok && s.hook.Webhook == hook {
			s.hook.lastErrDate, s.hook.lastErr = s.nowLocked(), deliveryError(d)
		}
		current := s.hook.Webhook == hook && slices.ContainsFunc(s.q.pending, func(q queuedUpdate) bool { return q.id == u.id })
		if current && (ok || attempt >= s.retry.attempts) {
			s.q.pending = slices.DeleteFunc(s.q.pending, func(q queuedUpdate) bool { return q.id == u.id })
		}
		s.notifyLocked()
		s.mu.Unlock()
		if ok || !current || attempt >= s.retry.attempts {
			return
		}
		select {
		case <-time.After(s.retry.backoff):
		case <-s.ctx.Done():
			return
		}
	}
}

func deliveryError(d Delivery) string {
	if d.Err != "" {
		return "Connection error: " + d.Err
	}
	return fmt.Sprintf("Wrong response from the webhook: %d %s", d.Status, http.StatusText(d.Status))
}

// post sends one webhook request as Telegram does: POST, JSON body, the
// secret header when a secret_token was set.
func (s *Server) post(hook Webhook, body []byte) Delivery {
	d := Delivery{At: time.Now()}
	resp, err := s.postJSON(hook.URL, body, hook.SecretToken)
	if err != nil {
		d.Err = err.Error()
		return d
	}
	d.Status = resp.StatusCode
	b, _ := io.ReadAll(resp.Body)
	d.Body = string(b[:min(len(b), 4096)])
	return d
}

// postJSON POSTs body to url and returns the response with its body read
// into memory (closing it is optional).
func (s *Server) postJSON(url string, body []byte, secret string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(SecretHeader, secret)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, err
}

// PostRaw POSTs body to the registered webhook with secret in the secret
// header ("" sends no header), as Telegram would, and returns the bot's
// response with its body in memory. It is for tests of malformed or
// oversized bodies and wrong secrets; it records no Delivery. It reports
// an error and returns nil if no webhook is set or the request fails.
func (s *Server) PostRaw(body []byte, secret string) *http.Response {
	s.t.Helper()
	url := s.Webhook().URL
	if url == "" {
		s.t.Errorf("telegramtest: PostRaw: the bot has set no webhook")
		return nil
	}
	resp, err := s.postJSON(url, body, secret)
	if err != nil {
		s.t.Errorf("telegramtest: PostRaw: %v", err)
		return nil
	}
	return resp
}
