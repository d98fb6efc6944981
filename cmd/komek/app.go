package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
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
// start, and saying so on notices), the catalogs and the engine. The caller
// closes app.db.
func openApp(cfg config, log *slog.Logger, notices io.Writer) (*app, error) {
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
	db, err := openOrCreate(cfg.DB, store.Options{Seed: embeddedTable, IndexKey: cfg.IndexKey}, notices)
	if err != nil {
		return nil, err
	}
	orgs, err := db.Table()
	if err == nil {
		var table *referral.Table
		if table, err = referral.NewTable(orgs); err == nil {
			e := engine.New(engine.Config{DB: db, Lexicon: dialog.Lexicon(cat.Lexicon()), Dialog: engine.WithGazetteer(dialog.Options{ShowUnconfirmed: cfg.ShowUnconfirmed, Crisis: alarm}, places), Now: time.Now, SessionTTL: cfg.SessionTTL, Log: log, BrokenThreshold: cfg.BrokenThreshold}, table)
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

// openOrCreate opens the database at path, creating it from the built-in
// table when there is none, and then says so on notices: a command that
// writes never creates a database silently.
func openOrCreate(path string, opts store.Options, notices io.Writer) (*store.DB, error) {
	_, statErr := os.Stat(path)
	db, err := store.Open(path, opts)
	if err != nil {
		return nil, err
	}
	if errors.Is(statErr, fs.ErrNotExist) {
		services := 0
		if orgs, err := db.Table(); err == nil {
			for _, o := range orgs {
				services += len(o.Services)
			}
		}
		fmt.Fprintf(notices, "Created a new database at %s with the built-in referral table (%d services).\n", db.Path(), services)
	}
	return db, nil
}

// errNoDatabase says that a command that only reads found no database.
func errNoDatabase(path string) error {
	return fmt.Errorf("there is no database at %s: nothing was created. Give the bot's database with --db or KOMEK_DB "+
		"(in Docker: /data/komek.db), or create one with \"komek referrals import\" or by starting \"komek chat\" or \"komek serve\"", path)
}
