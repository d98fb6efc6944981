package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// config is the configuration every command shares, parsed once from flags
// and environment variables.
type config struct {
	DB         string
	LogLevel   slog.Level
	SessionTTL time.Duration
	// ShowUnconfirmed names services whose contacts are not confirmed yet
	// below the results (never with contacts).
	ShowUnconfirmed bool
}

// defaultDB is the database file used when neither --db nor KOMEK_DB says
// otherwise: komek.db in the current folder. The container image sets
// KOMEK_DB=/data/komek.db.
const defaultDB = "komek.db"

// parseConfig reads the shared flags from args, with environment variables
// as defaults; defaultLevel is the log level when none is given.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer, defaultLevel slog.Level) (config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	shared := bindShared(fs, getenv, strings.ToLower(defaultLevel.String()))
	if err := fs.Parse(args); err != nil {
		return config{}, usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return config{}, usageError{fmt.Sprintf("%s: unexpected argument %q", name, fs.Arg(0))}
	}
	return shared()
}

// bindShared adds the shared flags to fs and returns a function that, after
// fs.Parse, checks them and returns the config.
func bindShared(fs *flag.FlagSet, getenv func(string) string, defaultLevel string) func() (config, error) {
	cfg := config{DB: envOr(getenv, "KOMEK_DB", defaultDB)}
	level := envOr(getenv, "KOMEK_LOG_LEVEL", defaultLevel)
	ttl := envOr(getenv, "KOMEK_SESSION_TTL", "24h")
	showUnconfirmed := envOr(getenv, "KOMEK_SHOW_UNCONFIRMED", "true")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "database `file` (KOMEK_DB)")
	fs.StringVar(&level, "log-level", level, "log `level`: debug, info, warn or error (KOMEK_LOG_LEVEL)")
	fs.StringVar(&ttl, "session-ttl", ttl, "forget a conversation this long after the last message (KOMEK_SESSION_TTL)")
	fs.StringVar(&showUnconfirmed, "show-unconfirmed", showUnconfirmed, "name services whose contacts are not confirmed yet below the results: true or false (KOMEK_SHOW_UNCONFIRMED)")
	return func() (config, error) {
		d, err := time.ParseDuration(ttl)
		if err != nil || d <= 0 {
			return config{}, usageError{fmt.Sprintf("KOMEK_SESSION_TTL / --session-ttl: %q is not a positive duration such as 24h or 90m", ttl)}
		}
		cfg.SessionTTL = d
		if cfg.ShowUnconfirmed, err = strconv.ParseBool(showUnconfirmed); err != nil {
			return config{}, usageError{fmt.Sprintf("KOMEK_SHOW_UNCONFIRMED / --show-unconfirmed: %q is not true or false", showUnconfirmed)}
		}
		if err := cfg.LogLevel.UnmarshalText([]byte(level)); err != nil {
			return config{}, usageError{fmt.Sprintf("KOMEK_LOG_LEVEL / --log-level: %q is not one of debug, info, warn, error", level)}
		}
		return cfg, cfg.Validate()
	}
}

// Validate reports the first invalid setting, naming its variable.
func (c config) Validate() error {
	if strings.TrimSpace(c.DB) == "" {
		return usageError{"KOMEK_DB / --db: the database file name is empty"}
	}
	return nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}
