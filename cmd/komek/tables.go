package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
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
	// Where names it for messages.
	Where() string
	Close()
}

type localStore struct{ db *store.DB }

func (l localStore) Table() ([]referral.Organization, error) { return l.db.Table() }
func (l localStore) Apply(orgs []referral.Organization, opts tableops.Options) (tableops.Result, error) {
	return tableops.Apply(l.db, orgs, opts)
}
func (l localStore) Where() string { return l.db.Path() }
func (l localStore) Close()        { l.db.Close() }

type remoteStore struct{ c *adminClient }

func (r remoteStore) Table() ([]referral.Organization, error) { return r.c.table() }
func (r remoteStore) Apply(orgs []referral.Organization, opts tableops.Options) (tableops.Result, error) {
	return r.c.apply(orgs, opts)
}
func (r remoteStore) Where() string { return "the running bot (" + r.c.cfg.URL + ")" }
func (r remoteStore) Close()        {}

// openStore opens the database; when another process holds it, it goes
// through the admin endpoint if a token is configured, else fails at once
// with what to do.
func openStore(dbPath string, ac adminConfig, stderr io.Writer) (tableStore, error) {
	db, err := store.Open(dbPath, store.Options{Seed: embeddedTable, LockTimeout: lockTimeout})
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

// commonFlags are the flags of every table command: the database and the
// admin endpoint.
type commonFlags struct {
	db    string
	admin func() (adminConfig, error)
}

func newFlagSet(name string, getenv func(string) string, stderr io.Writer) (*flag.FlagSet, *commonFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &commonFlags{db: envOr(getenv, "KOMEK_DB", defaultDB)}
	fs.StringVar(&c.db, "db", c.db, "database `file` (KOMEK_DB)")
	c.admin = adminFlags(fs, getenv)
	return fs, c
}

// parseArgs parses flags that may stand before, between or after the
// positional arguments, and returns the positional ones.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{fs.Name() + ": " + err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}
