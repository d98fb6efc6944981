package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/komek-kz/komek/internal/hsds"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/phone"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referralfile"
	"github.com/komek-kz/komek/internal/tablecsv"
	"github.com/komek-kz/komek/locales"
)

func runExport(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, common := newFlagSet("export", getenv, stderr)
	format := fs.String("format", "", "text, csv, hsds-json or hsds-csv")
	out := fs.String("o", "", "where to write: a folder for text and hsds-csv, a file (default: standard output) for csv and hsds-json")
	semicolon := fs.Bool("semicolon", false, "csv: separate cells with ; as spreadsheets in Russian or Kazakh expect")
	bom := fs.Bool("bom", false, "csv: start with a byte order mark, for older Excel")
	lang := langFlag(fs)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	l, err := parseLang(*lang)
	if err != nil {
		return err
	}
	ac, err := common.admin()
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usageError{fmt.Sprintf("export: unexpected argument %q (write the destination with -o)", rest[0])}
	case !slices.Contains(formats, *format):
		return usageError{"export: --format: use " + strings.Join(formats, ", ")}
	case (*format == formatText || *format == formatHSDSCSV) && *out == "":
		return usageError{"export: --format " + *format + " writes a folder of files: name it with -o FOLDER"}
	}
	ts, err := openStore(common.db, ac, stderr)
	if err != nil {
		return err
	}
	defer ts.Close()
	orgs, err := ts.Table()
	if err != nil {
		return err
	}
	opts := hsds.Options{Lang: l, Label: labeller(l)}
	switch *format {
	case formatText:
		err = exportText(*out, orgs)
	case formatHSDSCSV:
		if err = emptyFolder(*out); err == nil {
			err = hsds.WriteTabular(*out, orgs, opts)
		}
	case formatCSV:
		err = writeOut(*out, stdout, func(w io.Writer) error {
			return tablecsv.Write(w, orgs, tablecsv.WriteOptions{Semicolon: *semicolon, BOM: *bom})
		})
	case formatHSDSJSON:
		err = writeOut(*out, stdout, func(w io.Writer) error { return hsds.WriteJSON(w, orgs, opts) })
	}
	if err != nil {
		return err
	}
	if *out != "" {
		fmt.Fprintf(stderr, "Wrote %s and %s to %s.\n", count(len(orgs), "organisation"), count(services(orgs), "service"), *out)
	}
	return nil
}

// labeller names needs and regions in l from the message catalogs.
func labeller(l referral.Lang) func(string) string {
	cat, err := locale.Load(locales.FS)
	if err != nil {
		return nil
	}
	return func(id string) string { return cat.Text(l, id, nil) }
}

// exportText writes one <id>.toml file per organisation into dir, which
// must be empty or new.
func exportText(dir string, orgs []referral.Organization) error {
	if err := emptyFolder(dir); err != nil {
		return err
	}
	for _, o := range orgs {
		if err := os.WriteFile(filepath.Join(dir, o.ID+".toml"), referralfile.Format(o), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// emptyFolder creates dir, or checks it is empty, so that an export never
// mixes with older files.
func emptyFolder(dir string) error {
	entries, err := os.ReadDir(dir)
	if err == nil && len(entries) > 0 {
		return fmt.Errorf("the folder %s is not empty: export into a new or empty folder, so that no old file mixes with the export", dir)
	}
	return os.MkdirAll(dir, 0o755)
}

// writeOut writes to the file path, through a temporary file renamed into
// place, or to stdout when path is empty.
func writeOut(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func runRead(cmd string, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, common := newFlagSet(cmd, getenv, stderr)
	lang := langFlag(fs)
	older := "180d"
	if cmd == "stale" {
		fs.StringVar(&older, "older-than", older, "list contacts not checked for this long: 180d, 26w, 6m (months) or 1y")
	}
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	l, err := parseLang(*lang)
	if err != nil {
		return err
	}
	age, err := parseAge(older)
	if err != nil {
		return err
	}
	ac, err := common.admin()
	if err != nil {
		return err
	}
	want := map[string]int{"list": 0, "stale": 0, "show": 1}[cmd]
	if len(rest) != want {
		if cmd == "show" {
			return usageError{"show: give one organisation or service ID, as in komek referrals show contact-centre-111"}
		}
		return usageError{fmt.Sprintf("%s: unexpected argument %q", cmd, rest[0])}
	}
	ts, err := openStore(common.db, ac, stderr)
	if err != nil {
		return err
	}
	defer ts.Close()
	orgs, err := ts.Table()
	if err != nil {
		return err
	}
	switch cmd {
	case "list":
		list(stdout, orgs, l)
	case "show":
		return show(stdout, orgs, rest[0])
	case "stale":
		stale(stdout, orgs, time.Now().UTC().AddDate(age[0], age[1], -age[2]), older)
	}
	return nil
}

// parseAge reads 180d, 26w, 6m or 1y as years, months and days.
func parseAge(s string) ([3]int, error) {
	if len(s) >= 2 {
		n, err := strconv.Atoi(s[:len(s)-1])
		if err == nil && n > 0 {
			switch s[len(s)-1] {
			case 'd':
				return [3]int{0, 0, n}, nil
			case 'w':
				return [3]int{0, 0, 7 * n}, nil
			case 'm':
				return [3]int{0, -n, 0}, nil
			case 'y':
				return [3]int{-n, 0, 0}, nil
			}
		}
	}
	return [3]int{}, usageError{fmt.Sprintf("--older-than: %q is not an age such as 180d, 26w, 6m or 1y", s)}
}

func list(w io.Writer, orgs []referral.Organization, l referral.Lang) {
	for _, o := range orgs {
		fmt.Fprintf(w, "%s — %s (%s)\n", o.ID, o.Name.In(l), o.Kind)
		for i := range o.Services {
			s := &o.Services[i]
			state := "checked " + lastChecked(s)
			if !s.Confirmed() {
				state += ", NOT SHOWN: no confirmed contact"
			}
			fmt.Fprintf(w, "  %s — %s (%s)\n", s.ID, s.Name.In(l), state)
		}
	}
	fmt.Fprintf(w, "%s, %s.\n", count(len(orgs), "organisation"), count(services(orgs), "service"))
}

// lastChecked is the latest date a confirmed contact of s was checked.
func lastChecked(s *referral.Service) string {
	var last time.Time
	for _, c := range s.Contacts {
		if !c.Unconfirmed && c.Checked.After(last) {
			last = c.Checked
		}
	}
	if last.IsZero() {
		return "never"
	}
	return last.Format("2006-01-02")
}

func show(w io.Writer, orgs []referral.Organization, id string) error {
	for _, o := range orgs {
		if o.ID == id {
			_, err := w.Write(referralfile.Format(o))
			return err
		}
		for _, s := range o.Services {
			if s.ID == id {
				one := o
				one.Services = []referral.Service{s}
				_, err := w.Write(referralfile.Format(one))
				return err
			}
		}
	}
	return fmt.Errorf("no organisation or service has the ID %q: see komek referrals list", id)
}

// stale lists, oldest first, the contacts checked before cutoff and the
// unconfirmed ones: the coordinators' to-do list.
func stale(w io.Writer, orgs []referral.Organization, cutoff time.Time, older string) {
	type item struct {
		svc string
		n   int
		c   referral.Contact
	}
	var items []item
	for _, o := range orgs {
		for _, s := range o.Services {
			for i, c := range s.Contacts {
				if c.Unconfirmed || c.Checked.Before(cutoff) {
					items = append(items, item{s.ID, i + 1, c})
				}
			}
		}
	}
	slices.SortStableFunc(items, func(a, b item) int { return a.c.Checked.Compare(b.c.Checked) })
	for _, it := range items {
		why := "checked " + it.c.Checked.Format("2006-01-02")
		if it.c.Unconfirmed {
			why += ", UNCONFIRMED lead: call or check it, then confirm or delete it"
		}
		value := it.c.Value
		if it.c.Kind == referral.Phone || it.c.Kind == referral.WhatsApp {
			value = phone.Show(value)
		}
		fmt.Fprintf(w, "%s contact %d: %s %s (%s)\n", it.svc, it.n, it.c.Kind, value, why)
	}
	fmt.Fprintf(w, "%s to check: not checked for %s, or unconfirmed.\n", count(len(items), "contact"), older)
}
