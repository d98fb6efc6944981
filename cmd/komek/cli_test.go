package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
)

// commandPaths lists every command of the command line ("referrals
// import", …), read from the parser itself so that a new command is tested
// without editing this file.
func commandPaths(t *testing.T) [][]string {
	t.Helper()
	k, err := newParser(env(), &bytes.Buffer{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	var paths [][]string
	var walk func(n *kong.Node, path []string)
	walk = func(n *kong.Node, path []string) {
		for _, c := range n.Children {
			p := append(append([]string{}, path...), c.Name)
			paths = append(paths, p)
			walk(c, p)
		}
	}
	walk(k.Model.Node, nil)
	return paths
}

// --help on every command (and "komek help COMMAND") prints that command's
// usage and succeeds.
func TestHelpOnEveryCommandSucceeds(t *testing.T) {
	paths := commandPaths(t)
	if len(paths) < 12 {
		t.Fatalf("only %d commands found: %v", len(paths), paths)
	}
	for _, p := range append(paths, []string{}) {
		for _, args := range [][]string{append(p, "--help"), append(p, "-h"), append([]string{"help"}, p...)} {
			var out bytes.Buffer
			err := run(context.Background(), args, env(), strings.NewReader(""), &out, &bytes.Buffer{})
			if err != nil {
				t.Errorf("komek %v: %v", args, err)
			}
			if want := strings.TrimSpace("Usage: komek " + strings.Join(p, " ")); !strings.Contains(out.String(), want) {
				t.Errorf("komek %v: no %q in\n%s", args, want, out.String())
			}
		}
	}
}

// The exit status a shell sees: 0 for --help, 2 for a mistake in the
// command line, 1 for a failure.
func TestExitStatus(t *testing.T) {
	for _, c := range []struct {
		args string
		want int
	}{
		{"serve --help", 0},
		{"referrals import --help", 0},
		{"help", 0},
		{"version", 0},
		{"--version", 0},
		{"", 2},
		{"nonsense", 2},
		{"chat --no-such-flag", 2},
		{"serve --rate fast", 2},
		{"health --url http://127.0.0.1:1/readyz --timeout 1s", 1},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "KOMEK_TEST_MAIN=1", "KOMEK_TEST_ARGS="+c.args)
		err := cmd.Run()
		got := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			got = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("komek %s: exit status %d, want %d", c.args, got, c.want)
		}
	}
}

// Boolean flags work bare, negated, or with a value; numbers and durations
// are typed; a value from the environment is named in the error.
func TestFlagsAreTyped(t *testing.T) {
	parse := func(getenv func(string) string, args ...string) (*serveCmd, error) {
		k, err := newParser(getenv, &bytes.Buffer{}, &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		ctx, err := k.Parse(append([]string{"serve"}, args...))
		if err != nil {
			return nil, errors.New(parseMessage(k, err))
		}
		return &ctx.Model.Target.Addr().Interface().(*cli).Serve, nil
	}
	s, err := parse(env(), "--no-silent", "--protect-content", "--call-timeout", "2s", "--workers", "3")
	if err != nil || s.Silent || !s.ProtectContent || s.CallTimeout.Seconds() != 2 || s.Workers != 3 {
		t.Errorf("bare and negated booleans: %+v, %v", s, err)
	}
	s, err = parse(env("KOMEK_SILENT", "false", "KOMEK_RATE", "2.5", "KOMEK_SESSION_TTL", "90m"))
	if err != nil || s.Silent || s.Rate != 2.5 || s.SessionTTL.Minutes() != 90 {
		t.Errorf("from the environment: %+v, %v", s, err)
	}
	s, err = parse(env("KOMEK_SILENT", "false"), "--silent")
	if err != nil || !s.Silent {
		t.Errorf("a flag wins over its variable: %+v, %v", s, err)
	}
	for _, kv := range [][]string{{"KOMEK_RATE", "fast"}, {"KOMEK_CALL_TIMEOUT", "soon"}, {"KOMEK_SILENT", "maybe"}, {"KOMEK_WORKERS", "1.5"}} {
		if _, err := parse(env(kv...)); err == nil || !strings.Contains(err.Error(), kv[0]) {
			t.Errorf("%s=%s: err = %v, want one naming the variable", kv[0], kv[1], err)
		}
	}
}

// Every setting of the long-running commands can be given by an
// environment variable, and the help shows it.
func TestEverySettingHasAVariableInTheHelp(t *testing.T) {
	k, err := newParser(env(), &bytes.Buffer{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"chat", "serve", "health"} {
		var out bytes.Buffer
		if err := run(context.Background(), []string{cmd, "--help"}, env(), nil, &out, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		help := strings.Join(strings.Fields(out.String()), " ")
		for _, n := range k.Model.Children {
			if n.Name != cmd {
				continue
			}
			for _, f := range n.Flags {
				if f.Name == "url" || f.Name == "timeout" {
					continue // health's per-call options
				}
				if len(f.Envs) == 0 {
					t.Errorf("komek %s --%s has no environment variable", cmd, f.Name)
				}
				for _, e := range f.Envs {
					if !strings.Contains(help, "$"+e) {
						t.Errorf("komek %s --help does not show $%s", cmd, e)
					}
				}
			}
		}
	}
}

// A token that Telegram refuses stops "komek serve" with one line and the
// status of a setting to fix (2), so that systemd does not restart it in a
// loop.
func TestARefusedTokenIsASettingToFix(t *testing.T) {
	tg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
	}))
	defer tg.Close()
	err := run(context.Background(), []string{"serve", "--listen", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "k.db")},
		env("TELEGRAM_TOKEN", "123:revoked_token_value_here", "TELEGRAM_API_URL", tg.URL), nil, io.Discard, io.Discard)
	var s settingError
	if !errors.As(err, &s) || !strings.Contains(err.Error(), "@BotFather") || strings.Contains(err.Error(), "revoked_token_value") {
		t.Errorf("err = %v (%T), want a setting error naming @BotFather", err, err)
	}
}
