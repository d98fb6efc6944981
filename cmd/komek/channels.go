package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/komek-kz/komek/internal/gazetteer"
	"github.com/komek-kz/komek/internal/telegram"
	"github.com/komek-kz/komek/internal/whatsapp"
)

// bots are the channels "komek serve" runs: Telegram, WhatsApp, or both
// on one listener (Telegram's, which then also serves WhatsApp's webhook).
type bots struct {
	tg *telegram.Bot
	wa *whatsapp.Bot
}

func newBots(cfg serveConfig, a *app, log *slog.Logger) (bots, error) {
	var bs bots
	var handlers map[string]http.Handler
	if cfg.WhatsApp.Enabled() {
		wc := cfg.WhatsApp
		if cfg.Telegram.Token == "" {
			wc.Listen = cfg.Telegram.Listen // WhatsApp alone: its own listener
		}
		wa, err := whatsapp.New(wc, whatsapp.Deps{DB: a.db, Engine: a.engine, Catalog: a.catalog,
			HashKey: cfg.HashKey, Log: log, Locate: locator(a)})
		if err != nil {
			return bs, usageError{err.Error()}
		}
		bs.wa = wa
		handlers = map[string]http.Handler{wa.Path(): wa.Handler()}
	}
	if cfg.Telegram.Token != "" {
		tg, err := telegram.New(cfg.Telegram, telegram.Deps{
			DB: a.db, Engine: a.engine, Catalog: a.catalog, HashKey: cfg.HashKey, Log: log, Handlers: handlers,
		})
		if err != nil {
			return bs, usageError{err.Error()}
		}
		bs.tg = tg
	}
	return bs, nil
}

// locator names the region a shared location is in, in a form the
// dialog reads as a typed answer.
func locator(a *app) func(lat, lon float64) (string, bool) {
	g, err := gazetteer.Default()
	if err != nil {
		return nil
	}
	return func(lat, lon float64) (string, bool) {
		r, ok := g.NearestRegion(lat, lon)
		if !ok {
			return "", false
		}
		return a.catalog.Text("en", "region."+string(r), nil), true
	}
}

// run runs the channels until ctx is done or one of them stops; a token
// Telegram refuses is a setting to fix, so the process ends with status 2
// and a supervisor does not restart it in a loop.
func (bs bots) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 2)
	n := 0
	if bs.wa != nil {
		n++
		go func() { errs <- bs.wa.Run(ctx) }()
	}
	if bs.tg != nil {
		n++
		go func() { errs <- bs.tg.Run(ctx) }()
	}
	var first error
	for range n {
		err := <-errs
		cancel() // one channel stopping stops the other
		if first == nil {
			first = err
		}
	}
	if errors.Is(first, telegram.ErrTokenRefused) {
		return settingError{first}
	}
	return first
}
