package main

import (
	"io"
	"log/slog"
	"os"

	"github.com/komek-kz/komek/internal/terminal"
)

// chatCmd is "komek chat": the conversation in this terminal, on the same
// engine and data as the Telegram bot.
type chatCmd struct {
	conversationFlags `embed:""`
	LogLevel          slog.Level `name:"log-level" env:"KOMEK_LOG_LEVEL" default:"warn" placeholder:"LEVEL" help:"Log level: debug, info, warn or error. Default: ${default}."`
}

func (c *chatCmd) Run(d *deps) error {
	cfg, err := c.config(c.LogLevel)
	if err != nil {
		return err
	}
	a, err := openApp(cfg, slog.New(slog.NewTextHandler(d.stderr, &slog.HandlerOptions{Level: cfg.LogLevel})), d.stderr)
	if err != nil {
		return err
	}
	defer a.db.Close()
	tty := isTerminal(d.stdin)
	t := &terminal.Chat{Engine: a.engine, Catalog: a.catalog, Echo: !tty, Prompt: tty}
	return t.Run(d.ctx, d.stdin, d.stdout)
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
