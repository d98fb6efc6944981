package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/komek-kz/komek/internal/store"
)

// backupCmd is "komek backup FILE": a consistent copy of the live
// database, from one read transaction, safe while the bot runs (through its
// admin endpoint when it holds the database). The copy is verified before
// it is put in place.
type backupCmd struct {
	tableFlags `embed:""`
	File       string `arg:"" name:"file" help:"The file to write the copy to, as in komek-2026-01-15.db."`
}

func (c *backupCmd) Run(d *deps) error {
	stdout, stderr, target := d.stdout, d.stderr, c.File
	ac, err := c.admin()
	if err != nil {
		return err
	}
	if _, err := os.Stat(c.DB); err != nil {
		return errNoDatabase(c.DB)
	}
	if same, _ := samePath(target, c.DB); same {
		return usageError{"backup: the copy must go to another file than the database itself"}
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), ".komek-backup-*")
	if err != nil {
		return fmt.Errorf("cannot write the backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	err = copyDatabase(c.DB, ac, tmp, stderr)
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
	fmt.Fprintf(stdout, "Backed up %s to %s: %s, %s, %s.\n", c.DB, target,
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

// restoreCmd is "komek restore FILE": replace the database with a backup,
// after checking the backup and asking. The bot must be stopped: restore
// replaces the file it holds.
type restoreCmd struct {
	dbFlag `embed:""`
	File   string `arg:"" name:"file" help:"The backup to put in place, as in komek-2026-01-15.db."`
	Yes    bool   `name:"yes" help:"Restore without asking."`
}

func (c *restoreCmd) Run(d *deps) error {
	stdout, src := d.stdout, c.File
	info, err := store.Verify(src, lockTimeout)
	if err != nil {
		return fmt.Errorf("%s cannot be restored: %w", src, err)
	}
	fmt.Fprintf(stdout, "%s is a good backup: %s, %s, %s.\n", src,
		count(info.Organizations, "organisation"), count(info.Services, "service"), count(info.Sessions, "open conversation"))
	fmt.Fprintf(stdout, "Restoring replaces the database %s with it; what changed since the backup is lost.\n", c.DB)
	if err := confirm(d.stdin, stdout, c.Yes, "Restore?"); err != nil {
		return err
	}
	if _, err := store.Restore(src, c.DB, lockTimeout); err != nil {
		if errors.Is(err, store.ErrLocked) {
			return fmt.Errorf("the database %s is in use (is \"komek serve\" running?): stop the bot, run komek restore again, then start the bot; nothing was changed", c.DB)
		}
		return err
	}
	fmt.Fprintf(stdout, "Restored %s from %s. Start the bot again.\n", c.DB, src)
	return nil
}
