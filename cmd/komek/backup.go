package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/komek-kz/komek/internal/store"
)

// runBackup is "komek backup FILE": a consistent copy of the live
// database, from one read transaction, safe while the bot runs (through its
// admin endpoint when it holds the database). The copy is verified before
// it is put in place.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, common := newFlagSet("backup", getenv, stderr)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	ac, err := common.admin()
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"backup: give the file to write the copy to, as in komek backup komek-2026-01-15.db"}
	}
	target := rest[0]
	if _, err := os.Stat(common.db); err != nil {
		return fmt.Errorf("there is no database at %s to back up (set KOMEK_DB or --db)", common.db)
	}
	if same, _ := samePath(target, common.db); same {
		return usageError{"backup: the copy must go to another file than the database itself"}
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), ".komek-backup-*")
	if err != nil {
		return fmt.Errorf("cannot write the backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	err = copyDatabase(common.db, ac, tmp, stderr)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup failed, nothing was written to %s: %w", target, err)
	}
	info, err := store.Verify(tmp.Name(), lockTimeout)
	if err != nil {
		return fmt.Errorf("the copy did not verify, nothing was written to %s: %w", target, err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("cannot write the backup: %w", err)
	}
	fmt.Fprintf(stdout, "Backed up %s to %s: %s, %s, %s.\n", common.db, target,
		count(info.Organizations, "organisation"), count(info.Services, "service"), count(info.Sessions, "open conversation"))
	return nil
}

// copyDatabase writes a consistent copy of the database to w: directly, or
// through the running bot while it holds the file.
func copyDatabase(path string, ac adminConfig, w io.Writer, stderr io.Writer) error {
	db, err := store.Open(path, store.Options{LockTimeout: lockTimeout})
	switch {
	case err == nil:
		defer db.Close()
		_, err = db.WriteTo(w)
		return err
	case !errors.Is(err, store.ErrLocked):
		return err
	case ac.Token == "":
		return lockedAdvice(path)
	}
	fmt.Fprintf(stderr, "The database is in use by the running bot; copying it through its admin endpoint at %s.\n", ac.URL)
	return newAdminClient(ac).backup(w)
}

func samePath(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

// runRestore is "komek restore FILE": replace the database with a backup,
// after checking the backup and asking. The bot must be stopped: restore
// replaces the file it holds.
func runRestore(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, common := newFlagSet("restore", getenv, stderr)
	yes := fs.Bool("yes", false, "restore without asking")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"restore: give the backup file, as in komek restore komek-2026-01-15.db"}
	}
	src := rest[0]
	info, err := store.Verify(src, lockTimeout)
	if err != nil {
		return fmt.Errorf("%s cannot be restored: %w", src, err)
	}
	fmt.Fprintf(stdout, "%s is a good backup: %s, %s, %s.\n", src,
		count(info.Organizations, "organisation"), count(info.Services, "service"), count(info.Sessions, "open conversation"))
	fmt.Fprintf(stdout, "Restoring replaces the database %s with it; what changed since the backup is lost.\n", common.db)
	if err := confirm(stdin, stdout, *yes, "Restore?"); err != nil {
		return err
	}
	if _, err := store.Restore(src, common.db, lockTimeout); err != nil {
		if errors.Is(err, store.ErrLocked) {
			return fmt.Errorf("the database %s is in use (is \"komek serve\" running?): stop the bot, run komek restore again, then start the bot; nothing was changed", common.db)
		}
		return err
	}
	fmt.Fprintf(stdout, "Restored %s from %s. Start the bot again.\n", common.db, src)
	return nil
}
