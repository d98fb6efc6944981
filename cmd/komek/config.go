package main

import (
	"log/slog"
	"strings"
	"time"
)

// config is the configuration every conversation command (chat, serve)
// shares.
type config struct {
	DB         string
	LogLevel   slog.Level
	SessionTTL time.Duration
	// ShowUnconfirmed names services whose contacts are not confirmed yet
	// below the results (never with contacts).
	ShowUnconfirmed bool
	// BrokenThreshold is how many "didn't work" reports put a service on
	// the coordinators' to-do list.
	BrokenThreshold int
	// IndexKey hashes conversation IDs into the store's record keys; nil
	// keeps a random one in the database (see store.Options.IndexKey).
	IndexKey []byte
}

// defaultDB is the database file used when neither --db nor KOMEK_DB says
// otherwise: komek.db in the current folder. The container image sets
// KOMEK_DB=/data/komek.db.
const defaultDB = "komek.db"

// dbFlag is the database flag of every command that opens it.
type dbFlag struct {
	DB string `name:"db" env:"KOMEK_DB" default:"${db}" placeholder:"FILE" help:"The database file. Default: ${default}."`
}

// conversationFlags are the flags of the commands that hold conversations.
type conversationFlags struct {
	dbFlag          `embed:""`
	SessionTTL      time.Duration `name:"session-ttl" env:"KOMEK_SESSION_TTL" default:"24h" placeholder:"DURATION" help:"Forget a conversation this long after its last message (24h, 90m). Default: ${default}."`
	ShowUnconfirmed bool          `name:"show-unconfirmed" env:"KOMEK_SHOW_UNCONFIRMED" default:"true" negatable:"" help:"Name services whose contacts are not confirmed yet below the results, never with their contacts. On by default."`
	feedbackFlags   `embed:""`
}

// config checks the flags and returns the shared configuration.
func (f conversationFlags) config(level slog.Level) (config, error) {
	c := config{DB: f.DB, LogLevel: level, SessionTTL: f.SessionTTL, ShowUnconfirmed: f.ShowUnconfirmed, BrokenThreshold: f.BrokenThreshold}
	return c, c.Validate()
}

// Validate reports the first invalid setting, naming its variable.
func (c config) Validate() error {
	if strings.TrimSpace(c.DB) == "" {
		return usageError{"KOMEK_DB / --db: the database file name is empty"}
	}
	if c.BrokenThreshold < 1 {
		return usageError{"KOMEK_BROKEN_THRESHOLD / --broken-threshold: give a number of reports, 1 or more"}
	}
	if c.SessionTTL <= 0 {
		return usageError{"KOMEK_SESSION_TTL / --session-ttl: give a positive duration such as 24h or 90m"}
	}
	return nil
}
