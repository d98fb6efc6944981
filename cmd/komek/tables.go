package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/tableops"
)

// lockTimeout is how long the table commands wait for a database another
// process holds: well inside the two seconds they promise.
const lockTimeout = time.Second

// tableStore is where the table commands read and change the table: the
// database file, or the running bot's admin endpoint while it holds the
// file.
type tableStore interface {
	Table() ([]referral.Organization, error)
	Apply(orgs []referral.Organization, opts tableops.Options) (tableops.Result, error)
	// DayCounts returns the anonymous daily counters of the days from and
	// to (komek stats).
	DayCounts(from, to time.Time) ([]store.DayCount, error)
	// Where names it for messages.
	Where() string
	Close()
}

type localStore struct{ db *store.DB }

func (l localStore) Table() ([]referral.Organization, error) { return l.db.Table() }
func (l localStore) Apply(orgs []referral.Organization, opts tableops.Options) (tableops.Result, error) {
	return tableops.Apply(l.db, orgs, opts)
}
func (l localStore) DayCounts(from, to time.Time) ([]store.DayCount, error) {
	return l.db.DayCounts(from, to)
}
func (l localStore) Where() string { return l.db.Path() }
func (l localStore) Close()        { l.db.Close() }

type remoteStore struct{ c *adminClient }

func (r remoteStore) Table() ([]referral.Organization, error) { return r.c.table() }
func (r remoteStore) Apply(orgs []referral.Organization, opts tableops.Options) (tableops.Result, error) {
	return r.c.apply(orgs, opts)
}
func (r remoteStore) DayCounts(from, to time.Time) ([]store.DayCount, error) {
	return r.c.dayCounts(from, to)
}
func (r remoteStore) Where() string { return "the running bot (" + r.c.cfg.URL + ")" }
func (r remoteStore) Close()        {}

// openStore opens the database; when another process holds it, it goes
// through the admin endpoint if a token is configured, else fails at once
// with what to do. A command that only reads (write false) never creates a
// database: with none at dbPath it goes to the running bot if it has the
// admin token, and otherwise says what to do. A command that writes
// creates one from the built-in table, and says so.
func openStore(dbPath string, ac adminConfig, stderr io.Writer, write bool) (tableStore, error) {
	if _, err := os.Stat(dbPath); errors.Is(err, fs.ErrNotExist) && !write {
		if ac.Token == "" {
			return nil, errNoDatabase(dbPath)
		}
		fmt.Fprintf(stderr, "There is no database at %s; asking the running bot at %s.\n", dbPath, ac.URL)
		return remoteStore{newAdminClient(ac)}, nil
	}
	db, err := openOrCreate(dbPath, store.Options{Seed: embeddedTable, LockTimeout: lockTimeout}, stderr)
	switch {
	case err == nil:
		return localStore{db}, nil
	case !errors.Is(err, store.ErrLocked):
		return nil, err
	case ac.Token == "":
		return nil, lockedAdvice(dbPath)
	}
	fmt.Fprintf(stderr, "The database is in use by the running bot; going through its admin endpoint at %s.\n", ac.URL)
	return remoteStore{newAdminClient(ac)}, nil
}

// tableFlags are the flags of every command that reads or changes the
// table: the database, and the running bot's admin endpoint for when the
// bot holds the database.
type tableFlags struct {
	dbFlag         `embed:""`
	AdminURL       string `name:"admin-url" env:"KOMEK_ADMIN_URL" default:"${admin_url}" placeholder:"URL" help:"The running bot's admin endpoint. Default: ${default}."`
	AdminToken     string `name:"admin-token" env:"KOMEK_ADMIN_TOKEN" placeholder:"TOKEN" help:"The bot's admin token (the file is safer: a command line can be seen by other users)."`
	AdminTokenFile string `name:"admin-token-file" env:"KOMEK_ADMIN_TOKEN_FILE" placeholder:"FILE" help:"A file holding the bot's admin token."`
}

// open resolves the admin endpoint's flags and opens the table: the
// database, or the running bot (see openStore).
func (f tableFlags) open(stderr io.Writer, write bool) (tableStore, error) {
	ac, err := f.admin()
	if err != nil {
		return nil, err
	}
	return openStore(f.DB, ac, stderr, write)
}

// langFlag is the language of names and descriptions in HSDS files.
type langFlag struct {
	Lang string `name:"lang" env:"KOMEK_HSDS_LANG" default:"en" enum:"kk,ru,en" help:"The language of names and descriptions in HSDS files: kk, ru or en. Default: ${default}."`
}

func (f langFlag) lang() referral.Lang { return referral.Lang(f.Lang) }
