package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/komek-kz/komek/internal/telegram"
	"github.com/komek-kz/komek/internal/whatsapp"
)

// cli is komek's whole command line: every command, its flags, their
// environment variables, defaults and help, declared once. kong parses it
// (typed values: durations, numbers, bare booleans), prints --help with
// every flag and its variable, and exits 0 for --help on any command.
//
// Why kong rather than cobra or ff: one struct is the documentation and the
// parser, environment variables are part of each flag's declaration and
// shown in its help, and it needs nothing beyond the standard library.
type cli struct {
	Chat      chatCmd      `cmd:"" help:"Talk to the bot in this terminal, on the same engine and data as the Telegram bot (no token needed)."`
	Serve     serveCmd     `cmd:"" help:"Run the Telegram bot, by long polling or a webhook."`
	Referrals referralsCmd `cmd:"" help:"Check, import, export and read the referral table."`
	Stats     statsCmd     `cmd:"" help:"Anonymous counts per day or week (conversations, needs, regions, unmet needs, feedback), as text or CSV; safe while the bot runs."`
	Backup    backupCmd    `cmd:"" help:"Write a consistent copy of the database; safe while the bot runs."`
	Restore   restoreCmd   `cmd:"" help:"Replace the database with a backup (stop the bot first)."`
	Health    healthCmd    `cmd:"" help:"Ask a running bot whether it is ready: exit status 0 if it is, 1 with the reason if not (for Docker, systemd and monitoring)."`
	Version   versionCmd   `cmd:"" help:"Print the version."`

	VersionFlag kong.VersionFlag `name:"version" help:"Print the version and exit."`
}

// deps are what every command's Run gets: the process's context, its
// environment and its standard streams (tests pass their own).
type deps struct {
	ctx            context.Context
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

// usageError is a mistake in the command line; main exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg + " (see \"komek help\")" }

// settingError is a setting that the world refused (Telegram refusing the
// token): main exits with status 2 as for a usage error, so that systemd
// does not restart the bot in a loop (RestartPreventExitStatus=2).
type settingError struct{ err error }

func (e settingError) Error() string { return e.err.Error() }
func (e settingError) Unwrap() error { return e.err }

// exitRequest is how kong's exit (after --help or --version) leaves Parse
// without ending the process: run recovers it.
type exitRequest struct{ code int }

// run is the whole program: main only adds the process's signals,
// arguments, environment and standard streams, so tests call run directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	if len(args) > 0 && args[0] == "help" {
		args = append(args[1:len(args):len(args)], "--help")
	}
	parser, err := newParser(getenv, stdout, stderr)
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(exitRequest)
			if !ok {
				panic(r)
			}
			switch {
			case len(args) == 0:
				err = usageError{"say which command to run"}
			case e.code != 0:
				err = usageError{"see the help above"}
			default:
				err = nil
			}
		}
	}()
	if len(args) == 0 {
		_, _ = parser.Parse([]string{"--help"})
	}
	kctx, err := parser.Parse(args)
	if err != nil {
		return usageError{parseMessage(parser, err)}
	}
	return kctx.Run(&deps{ctx: ctx, getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr})
}

// newParser builds the command line's parser. Environment variables are
// read through getenv (a resolver), so that tests need not touch the
// process's environment; a flag wins over its variable.
func newParser(getenv func(string) string, stdout, stderr io.Writer) (*kong.Kong, error) {
	var c cli
	return kong.New(&c,
		kong.Name("komek"),
		kong.Description("Komek helps people in Kazakhstan find the right hotline or organisation.\n\n"+
			"Every flag can also be set by the environment variable shown beside it; a flag wins over its variable. "+
			"Secrets (TELEGRAM_TOKEN, KOMEK_WEBHOOK_SECRET, KOMEK_HASH_KEY, KOMEK_ADMIN_TOKEN, WHATSAPP_ACCESS_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN) are read from the variable, "+
			"or from the file named by the variable with _FILE added (for Docker and systemd secrets)."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { panic(exitRequest{code}) }),
		kong.Resolvers(envResolver(getenv)),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, NoExpandSubcommands: false, WrapUpperBound: 100}),
		kong.Vars{
			"version":      versionString(),
			"db":           defaultDB,
			"listen":       telegram.DefaultListen,
			"api_url":      telegram.DefaultAPIURL,
			"wa_api_url":   whatsapp.DefaultAPIURL,
			"wa_rate":      fmt.Sprint(whatsapp.DefaultRate),
			"admin_listen": defaultAdminListen,
			"admin_url":    defaultAdminURL,
			"rate":         fmt.Sprint(telegram.DefaultGlobalRate),
			"chat_rate":    fmt.Sprint(telegram.DefaultChatRate),
			"chat_burst":   fmt.Sprint(telegram.DefaultChatBurst),
			"workers":      fmt.Sprint(telegram.DefaultWorkers),
			"formats":      strings.Join(formats, ", "),
		},
	)
}

// envResolver gives each flag the value of the first of its environment
// variables that getenv has, unless the flag was given.
func envResolver(getenv func(string) string) kong.ResolverFunc {
	return func(_ *kong.Context, _ *kong.Path, f *kong.Flag) (any, error) {
		for _, name := range f.Envs {
			if v := getenv(name); v != "" {
				return v, nil
			}
		}
		return nil, nil
	}
}

// parseMessage turns kong's parse error into one plain sentence that names
// the flag's environment variable too: the value may have come from it.
func parseMessage(k *kong.Kong, err error) string {
	msg := err.Error()
	name, rest, ok := strings.Cut(msg, ": ")
	if !ok || !strings.HasPrefix(name, "--") {
		return msg
	}
	var envs []string
	_ = kong.Visit(k.Model, func(n kong.Visitable, next kong.Next) error {
		if f, ok := n.(*kong.Flag); ok && "--"+f.Name == name {
			envs = f.Envs
		}
		return next(nil)
	})
	if len(envs) == 0 {
		return msg
	}
	return name + " / " + strings.Join(envs, ", ") + ": " + rest
}

type versionCmd struct{}

func (versionCmd) Run(d *deps) error {
	fmt.Fprintln(d.stdout, versionString())
	return nil
}
