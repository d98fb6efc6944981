package whatsapp

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
)

// maxWebhookBody is the largest notification the webhook accepts. Meta's
// notifications are a few kilobytes; a batch of them well under this.
const maxWebhookBody = 1 << 20

// Handler serves the webhook: GET is Meta's verification (hub.mode,
// hub.verify_token, hub.challenge); POST is a notification, accepted only
// with a valid X-Hub-Signature-256 (HMAC-SHA256 of the raw body under the
// app secret, compared in constant time) — missing or wrong: 401, and
// nothing is read further or stored. Bodies over 1 MiB get 413, bodies
// that are not a notification 400. It answers 200 once every message in
// the notification is committed; replies are sent after that. Until Run
// has started it answers 503, and Meta delivers the notification again.
func (b *Bot) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			b.verify(w, r)
		case http.MethodPost:
			b.receive(w, r)
		default:
			w.Header().Set("Allow", "GET, POST")
			http.Error(w, "GET or POST only", http.StatusMethodNotAllowed)
		}
	})
}

func (b *Bot) verify(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	token := []byte(q.Get("hub.verify_token"))
	if q.Get("hub.mode") != "subscribe" || subtle.ConstantTimeCompare(token, []byte(b.cfg.VerifyToken)) != 1 {
		b.d.Log.Warn("whatsapp: webhook verification refused: wrong mode or verify token")
		http.Error(w, "wrong verify token", http.StatusForbidden)
		return
	}
	challenge := q.Get("hub.challenge")
	if challenge == "" || len(challenge) > 256 {
		http.Error(w, "no challenge", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, challenge)
}

// validSignature checks header "sha256=<hex>" against body.
func validSignature(header string, body, secret []byte) bool {
	hexSum, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(hexSum)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return subtle.ConstantTimeCompare(got, m.Sum(nil)) == 1
}

func (b *Bot) receive(w http.ResponseWriter, r *http.Request) {
	sig := r.Header.Get("X-Hub-Signature-256")
	if sig == "" {
		http.Error(w, "missing signature", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		http.Error(w, "notification too large", http.StatusRequestEntityTooLarge)
		return
	case err != nil:
		http.Error(w, "could not read the notification", http.StatusBadRequest)
		return
	}
	if !validSignature(sig, body, []byte(b.cfg.AppSecret)) {
		b.d.Log.Warn("whatsapp: webhook refused: wrong signature")
		http.Error(w, "wrong signature", http.StatusUnauthorized)
		return
	}
	evs, sts, err := parse(body, b.cfg.PhoneNumberID)
	if err != nil {
		http.Error(w, "not a WhatsApp notification", http.StatusBadRequest)
		return
	}
	p := b.runCtx.Load()
	if p == nil {
		http.Error(w, "starting", http.StatusServiceUnavailable)
		return
	}
	b.statuses(sts)
	if !b.dispatch(*p, r.Context(), evs) {
		return // the request was cancelled: Meta delivers it again
	}
	w.WriteHeader(http.StatusOK)
}

// dispatch hands each message to its chat's queue and waits until all are
// committed (not sent). It reports false when the request went away first.
func (b *Bot) dispatch(ctx, req context.Context, evs []event) bool {
	var wg sync.WaitGroup
	for _, ev := range evs {
		wg.Add(1)
		key := b.key(ev.from)
		b.queues.Submit(ctx, key.Chat, func(ctx context.Context) {
			after := b.handle(ctx, ev)
			wg.Done()
			if after != nil {
				after()
			}
			b.core.Flush(ctx, key, sender{b}, false)
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-req.Done():
		return false
	}
}

// statuses logs what went wrong with the bot's own messages: the status
// and Meta's error code, never the recipient.
func (b *Bot) statuses(sts []status) {
	for _, s := range sts {
		if s.Status != "failed" {
			continue
		}
		code := 0
		if len(s.Errors) > 0 {
			code = s.Errors[0].Code
		}
		b.d.Log.Warn("whatsapp: a message was not delivered", "code", code)
	}
}
