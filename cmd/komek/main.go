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
  komek chat                  talk to the bot in this terminal (no token needed)
  komek serve                 run the Telegram bot (long polling, or a webhook)
  komek referrals COMMAND     validate, import, export, list, show, stale: see "komek referrals help"
  komek backup FILE           a consistent copy of the database, safe while the bot runs
  komek restore FILE          put a backup in place (stop the bot first)
  komek version               print the version

Configuration (a flag wins over its environment variable; secrets also from NAME_FILE):
  --db FILE                KOMEK_DB                database file (default: komek.db in the current folder)
  --log-level LVL          KOMEK_LOG_LEVEL         debug, info, warn or error (default: warn for chat, info for serve)
  --session-ttl D          KOMEK_SESSION_TTL       forget a conversation this long after its last message (default: 24h)
  --show-unconfirmed B     KOMEK_SHOW_UNCONFIRMED  name services whose contacts are not confirmed yet (default: true)

komek serve:
  --telegram-token-file F  TELEGRAM_TOKEN          the bot token from @BotFather (required)
  --telegram-api-url URL   TELEGRAM_API_URL        Bot API base URL (default: https://api.telegram.org)
  --webhook-url URL        KOMEK_WEBHOOK_URL       public HTTPS address: webhook mode (default: long polling)
  --webhook-secret-file F  KOMEK_WEBHOOK_SECRET    the webhook's secret token (required with a webhook)
  --listen ADDR            KOMEK_LISTEN            webhook, /healthz and /readyz (default: 127.0.0.1:8080)
  --hash-key-file F        KOMEK_HASH_KEY          key for hashing chat IDs (default: a random key kept in the database)
  --admin-token-file F     KOMEK_ADMIN_TOKEN       enables the admin endpoint (table imports and backups while running)
  --admin-listen ADDR      KOMEK_ADMIN_LISTEN      the admin endpoint, loopback only (default: 127.0.0.1:8081)
  --rate N, --chat-rate N, --chat-burst N, --workers N   KOMEK_RATE, KOMEK_CHAT_RATE, KOMEK_CHAT_BURST, KOMEK_WORKERS
  --call-timeout D         KOMEK_CALL_TIMEOUT      give up on a Bot API call after D and retry it (default: 15s)

komek referrals and komek backup, while the bot runs:
  --admin-url URL          KOMEK_ADMIN_URL         the bot's admin endpoint (default: http://127.0.0.1:8081)
  --admin-token-file F     KOMEK_ADMIN_TOKEN       the same token as the bot's
`)
}
