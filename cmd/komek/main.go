// Command komek is the Komek referral bot: it asks a person a few questions
// about their situation, in Kazakh, Russian or English, and answers with the
// hotlines and organisations that fit.
//
// Usage:
//
//	komek chat       talk to the bot in this terminal (no token needed)
//	komek version    print the version
//
// Run "komek help" for the configuration.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "komek:", err)
		var u usageError
		if errors.As(err, &u) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError is a mistake in the command line; main exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg + " (see \"komek help\")" }

// run is the whole program: main only adds the process's signals, arguments,
// environment and standard streams, so tests call run directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		printUsage(stdout)
		return usageError{"no command given"}
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "chat":
		return runChat(ctx, rest, getenv, stdin, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, getenv, stdout, stderr)
	case "referrals":
		return runReferrals(ctx, rest, getenv, stdin, stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, getenv, stdout, stderr)
	case "restore":
		return runRestore(ctx, rest, getenv, stdin, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, versionString())
		return nil
	case "help", "-h", "--help":
		printUsage(stdout)
		return nil
	default:
		return usageError{fmt.Sprintf("unknown command %q", cmd)}
	}
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `Komek helps people in Kazakhstan find the right hotline or organisation.

Usage:
  komek chat                 talk to the bot in this terminal (no token needed)
  komek version              print the version

Configuration (a flag wins over its environment variable):
  --db FILE         KOMEK_DB          database file (default: komek.db in the current folder)
  --log-level LVL   KOMEK_LOG_LEVEL   debug, info, warn or error (default: warn for chat)
  --session-ttl D   KOMEK_SESSION_TTL forget a conversation this long after its last message (default: 24h)
  --show-unconfirmed B  KOMEK_SHOW_UNCONFIRMED  name services whose contacts are not confirmed yet (default: true)
`)
}
