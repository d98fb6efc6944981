package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// hangBound is how long a refused Open may take at most: LockTimeout's
// default plus a wide margin. It bounds hanging; it is not a benchmark.
const hangBound = 2 * time.Second

// wantLockedAdvice checks that a lock error names the file and says what to do.
func wantLockedAdvice(t *testing.T, msg, path string) {
	t.Helper()
	for _, want := range []string{path, "in use by another komek process", `"komek serve"`, "--db", "KOMEK_DB"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
}

func TestSecondOpenInTheSameProcessFailsFastWithErrLocked(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})

	start := time.Now()
	second, err := Open(db.Path(), Options{})
	elapsed := time.Since(start)

	if err == nil {
		second.Close()
		t.Fatal("second Open succeeded while the first holds the database")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	if elapsed >= hangBound {
		t.Errorf("second Open took %v, want under %v", elapsed, hangBound)
	}
	wantLockedAdvice(t, err.Error(), db.Path())
	if err := db.Update(func(tx *Tx) error { return tx.PutSession(SessionKey{"terminal", "local"}, state(start)) }); err != nil {
		t.Errorf("the first DB broke after a refused second Open: %v", err)
	}
}

func TestOpenSucceedsOnceTheHolderCloses(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	if _, err := Open(db.Path(), Options{LockTimeout: -1}); !errors.Is(err, ErrLocked) {
		t.Fatalf("Open while held: %v, want ErrLocked", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	openChecked(t, db.Path(), Options{LockTimeout: -1})
}

// childDBEnv, when set, makes TestOpenFailsFastWhenAnotherProcessHoldsTheDatabase
// act as the child process: open the database it names and report.
const childDBEnv = "KOMEK_STORE_TEST_CHILD_DB"

// Exit codes of the child process.
const (
	childLockedFast = 3 // Open failed with ErrLocked within hangBound: what we want
	childOtherError = 4
	childTooSlow    = 5
	childOpened     = 6
)

func TestOpenFailsFastWhenAnotherProcessHoldsTheDatabase(t *testing.T) {
	if path := os.Getenv(childDBEnv); path != "" {
		os.Exit(openAsChild(path))
	}
	t.Parallel()
	db := openTemp(t, Options{})

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), childDBEnv+"="+db.Path())
	out, err := cmd.CombinedOutput()

	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != childLockedFast {
		t.Fatalf("child process: %v, want exit code %d; it said:\n%s", err, childLockedFast, out)
	}
	t.Logf("child process said: %s", out)
	wantLockedAdvice(t, string(out), db.Path())
}

// openAsChild opens the database at path as the child process does, prints
// the outcome and returns the exit code.
func openAsChild(path string) int {
	start := time.Now()
	db, err := Open(path, Options{})
	elapsed := time.Since(start)
	if err == nil {
		db.Close()
		fmt.Println("child: opened a database another process holds")
		return childOpened
	}
	fmt.Printf("child: Open failed after %v: %v\n", elapsed, err)
	switch {
	case !errors.Is(err, ErrLocked):
		return childOtherError
	case elapsed >= hangBound:
		return childTooSlow
	}
	return childLockedFast
}
