package main

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/komek-kz/komek/internal/crisis"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/gazetteer"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referralfile"
	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/locales"
	"github.com/komek-kz/komek/referrals"
)

// app is what every channel needs: the database, the catalogs and the
// engine over the referral table.
type app struct {
	db      *store.DB
	catalog *locale.Catalog
	engine  *engine.Engine
	log     *slog.Logger
}

// openApp opens the database (loading the embedded referral table on first
// start), the catalogs and the engine. The caller closes app.db.
func openApp(cfg config, log *slog.Logger) (*app, error) {
	cat, err := locale.Load(locales.FS)
	if err != nil {
		return nil, err
	}
	alarm, err := crisis.Load(locales.Crisis)
	if err != nil {
		return nil, err
	}
	places, err := gazetteer.Default()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(cfg.DB, store.Options{Seed: embeddedTable})
	if err != nil {
		return nil, err
	}
	orgs, err := db.Table()
	if err == nil {
		var table *referral.Table
		if table, err = referral.NewTable(orgs); err == nil {
			e := engine.New(engine.Config{DB: db, Lexicon: dialog.Lexicon(cat.Lexicon()), Dialog: engine.WithGazetteer(dialog.Options{ShowUnconfirmed: cfg.ShowUnconfirmed, Crisis: alarm}, places), Now: time.Now, SessionTTL: cfg.SessionTTL, Log: log}, table)
			log.Info("ready", "db", db.Path(), "services", table.Len())
			return &app{db: db, catalog: cat, engine: e, log: log}, nil
		}
	}
	db.Close()
	return nil, fmt.Errorf("load the referral table from %s: %w", cfg.DB, err)
}

// embeddedTable reads the referral table shipped in the binary; it seeds a
// new database.
func embeddedTable() ([]referral.Organization, error) {
	orgs, problems, err := referralfile.LoadFS(referrals.FS)
	if err != nil {
		return nil, fmt.Errorf("read the embedded referral table: %w", err)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("the embedded referral table has %d problems, the first: %s", len(problems), problems[0])
	}
	return orgs, nil
}
