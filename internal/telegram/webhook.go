package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxWebhookBody is the largest update body the webhook accepts.
const maxWebhookBody = 1 << 20

// serveWebhook registers the webhook with Telegram, then waits for ctx;
// updates arrive through webhookHandler on the listener.
func (b *Bot) serveWebhook(ctx context.Context) error {
	err := b.callRetrying(ctx, "setWebhook", tgbotapi.Params{
		"url":             b.cfg.WebhookURL,
		"secret_token":    b.cfg.WebhookSecret,
		"allowed_updates": allowedUpdates,
	})
	if err != nil {
		return ctxOr(ctx, err)
	}
	b.ready.Store(true)
	b.serveCtx.Store(&ctx)
	<-ctx.Done()
	return nil
}

// webhookHandler receives updates from Telegram: POST only, the secret
// header checked in constant time (401), bodies up to 1 MiB (413), JSON
// only (400). It answers 200 once the update is committed, which takes a
// few milliseconds; the replies are sent after that.
func (b *Bot) webhookHandler() http.Handler {
	secret := []byte(b.cfg.WebhookSecret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		if subtle.ConstantTimeCompare(got, secret) != 1 {
			http.Error(w, "wrong or missing secret token", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			http.Error(w, "update too large", http.StatusRequestEntityTooLarge)
			return
		case err != nil:
			http.Error(w, "could not read the update", http.StatusBadRequest)
			return
		}
		var u tgbotapi.Update
		if err := json.Unmarshal(body, &u); err != nil {
			http.Error(w, "not a Telegram update", http.StatusBadRequest)
			return
		}
		ctx, ok := b.runContext()
		if !ok {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		ev := normalize(&u)
		done := make(chan struct{})
		b.disp.Submit(ctx, ev.chatID, func(ctx context.Context) {
			after := b.handle(ctx, ev)
			close(done)
			if after != nil {
				after()
			}
		})
		select {
		case <-done:
			w.WriteHeader(http.StatusOK)
		case <-r.Context().Done():
		}
	})
}

// runContext returns Run's context once the webhook is registered.
func (b *Bot) runContext() (context.Context, bool) {
	p, _ := b.serveCtx.Load().(*context.Context)
	if p == nil {
		return nil, false
	}
	return *p, true
}
