package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/store"
)

// TestMain lets a test start this program as a real second process: the
// test binary re-executes itself with KOMEK_TEST_MAIN=1 and runs main.
func TestMain(m *testing.M) {
	if os.Getenv("KOMEK_TEST_MAIN") == "1" {
		os.Args = append([]string{"komek"}, strings.Fields(os.Getenv("KOMEK_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// chat runs "komek chat" on db with the given input lines and returns what
// the person saw.
func chat(t *testing.T, db string, lines ...string) string {
	t.Helper()
	var out, errs bytes.Buffer
	in := strings.NewReader(strings.Join(lines, "\n") + "\n")
	if err := run(context.Background(), []string{"chat", "--db", db}, env(), in, &out, &errs); err != nil {
		t.Fatalf("komek chat: %v\nstderr: %s", err, errs.String())
	}
	if _, created, _ := strings.Cut(errs.String(), "Created a new database at "+db); strings.TrimSpace(strings.Replace(errs.String(), "Created a new database at "+db+created, "", 1)) != "" {
		t.Errorf("unexpected log output: %s", errs.String())
	}
	return out.String()
}

func TestChatWithPipedInputReachesReferralsAndResumesOnTheSameDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "komek.db")

	// A person in Almaty looks for help for a migrant, by numbers and words.
	out := chat(t, db, "3", "no", "4", "1", "Almaty", "2")
	for _, want := range []string{"Choose a language", "> Almaty", "What next?"} {
		if !strings.Contains(out, want) {
			t.Errorf("first run: no %q in\n%s", want, out)
		}
	}
	if !strings.Contains(out, "checked on") {
		t.Errorf("first run: no referral card (\"checked on\") in\n%s", out)
	}

	// They close the terminal and come back: the conversation resumes at
	// the results, in English, without asking anything again.
	out = chat(t, db)
	if !strings.HasPrefix(strings.TrimSpace(out), "Welcome back") || !strings.Contains(out, "What next?") {
		t.Errorf("second run did not resume at the results:\n%s", out)
	}
	if strings.Contains(out, "Choose a language") {
		t.Errorf("second run asked for the language again:\n%s", out)
	}

	// /exit forgets the conversation: the next run starts afresh.
	chat(t, db, "/exit")
	if out = chat(t, db); !strings.Contains(out, "Choose a language") {
		t.Errorf("after /exit the next run should start afresh:\n%s", out)
	}
}

func TestChatKazakhUserGetsKazakh(t *testing.T) {
	db := filepath.Join(t.TempDir(), "komek.db")
	out := chat(t, db, "1")
	if !strings.Contains(out, "Сіз") && !strings.Contains(out, "сіз") {
		t.Errorf("no Kazakh after choosing Қазақша:\n%s", out)
	}
}

func TestSecondProcessOnTheSameDatabaseFailsFastWithAClearMessage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "komek.db")
	holder, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KOMEK_TEST_MAIN=1", "KOMEK_TEST_ARGS=chat", "KOMEK_DB="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	took := time.Since(start)

	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("second process: %v, want exit status 1; stderr: %s", err, stderr.String())
	}
	msg := stderr.String()
	for _, want := range []string{path, "in use by another komek process", "--db"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not mention %q", msg, want)
		}
	}
	if strings.Count(strings.TrimSpace(msg), "\n") > 0 {
		t.Errorf("want a one-line message, got %q", msg)
	}
	if took > 2*time.Second {
		t.Errorf("second process took %v to give up; want under 2s", took)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nonsense"}, {"chat", "--no-such-flag"}, {"chat", "extra"}, {"chat", "--log-level", "loud"}} {
		var out, errs bytes.Buffer
		err := run(context.Background(), args, env(), strings.NewReader(""), &out, &errs)
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("komek %v: err %v, want a usage error", args, err)
		}
	}
}

func TestEmptyDatabaseNameIsRejected(t *testing.T) {
	err := run(context.Background(), []string{"chat", "--db", " "}, env(), strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "KOMEK_DB") {
		t.Errorf("err = %v, want one naming KOMEK_DB", err)
	}
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, env(), nil, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "komek ") {
		t.Errorf("version: %q", out.String())
	}
}
