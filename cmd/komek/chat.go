package main

import (
	"context"
	"io"
	"log/slog"
	"os"

	"github.com/komek-kz/komek/internal/terminal"
)

// runChat is "komek chat": the conversation in this terminal, on the same
// engine and data as the Telegram bot.
func runChat(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, err := parseConfig("chat", args, getenv, stderr, slog.LevelWarn)
	if err != nil {
		return err
	}
	a, err := openApp(cfg, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel})))
	if err != nil {
		return err
	}
	defer a.db.Close()
	tty := isTerminal(stdin)
	c := &terminal.Chat{Engine: a.engine, Catalog: a.catalog, Echo: !tty, Prompt: tty}
	return c.Run(ctx, stdin, stdout)
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
