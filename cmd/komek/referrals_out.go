package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/komek-kz/komek/internal/hsds"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/phone"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referralfile"
	"github.com/komek-kz/komek/internal/tablecsv"
	"github.com/komek-kz/komek/locales"
)

// exportCmd is "komek referrals export".
type exportCmd struct {
	tableFlags `embed:""`
	langFlag   `embed:""`
	Format     string `name:"format" required:"" enum:"text,csv,hsds-json,hsds-csv" placeholder:"FORMAT" help:"text, csv, hsds-json or hsds-csv."`
	Out        string `name:"out" short:"o" placeholder:"PATH" help:"Where to write: a folder for text and hsds-csv; a file for csv and hsds-json (default: standard output)."`
	Semicolon  bool   `name:"semicolon" help:"csv: separate cells with ; as spreadsheets in Russian or Kazakh expect."`
	BOM        bool   `name:"bom" help:"csv: start with a byte order mark, for older Excel."`
}

func (c *exportCmd) Run(d *deps) error {
	stdout, stderr := d.stdout, d.stderr
	format, out, l := c.Format, c.Out, c.lang()
	ac, err := c.admin()
	if err != nil {
		return err
	}
	if (format == formatText || format == formatHSDSCSV) && out == "" {
		return usageError{"export: --format " + format + " writes a folder of files: name it with -o FOLDER"}
	}
	ts, err := openStore(c.DB, ac, stderr, false)
	if err != nil {
		return err
	}
	defer ts.Close()
	orgs, err := ts.Table()
	if err != nil {
		return err
	}
	opts := hsds.Options{Lang: l, Label: labeller(l)}
	switch format {
	case formatText:
		err = exportText(out, orgs)
	case formatHSDSCSV:
		if err = emptyFolder(out); err == nil {
			err = hsds.WriteTabular(out, orgs, opts)
		}
	case formatCSV:
		err = writeOut(out, stdout, func(w io.Writer) error {
			return tablecsv.Write(w, orgs, tablecsv.WriteOptions{Semicolon: c.Semicolon, BOM: c.BOM})
		})
	case formatHSDSJSON:
		err = writeOut(out, stdout, func(w io.Writer) error { return hsds.WriteJSON(w, orgs, opts) })
	}
	if err != nil {
		return err
	}
	if out != "" {
		fmt.Fprintf(stderr, "Wrote %s and %s to %s.\n", count(len(orgs), "organisation"), count(services(orgs), "service"), out)
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

// listCmd is "komek referrals list".
type listCmd struct {
	tableFlags `embed:""`
	langFlag   `embed:""`
}

func (c *listCmd) Run(d *deps) error {
	orgs, err := readTable(c.tableFlags, d)
	if err == nil {
		list(d.stdout, orgs, c.lang())
	}
	return err
}

// showCmd is "komek referrals show ID".
type showCmd struct {
	tableFlags `embed:""`
	ID         string `arg:"" name:"id" help:"An organisation or service ID, as in contact-centre-111."`
}

func (c *showCmd) Run(d *deps) error {
	orgs, err := readTable(c.tableFlags, d)
	if err != nil {
		return err
	}
	return show(d.stdout, orgs, c.ID)
}

// staleCmd is "komek referrals stale".
type staleCmd struct {
	tableFlags    `embed:""`
	feedbackFlags `embed:""`
	OlderThan     string `name:"older-than" default:"180d" placeholder:"AGE" help:"List contacts not checked for this long: 180d, 26w, 6m (months) or 1y. Default: ${default}."`
}

func (c *staleCmd) Run(d *deps) error {
	age, err := parseAge(c.OlderThan)
	if err != nil {
		return err
	}
	ts, err := c.open(d.stderr, false)
	if err != nil {
		return err
	}
	defer ts.Close()
	orgs, err := ts.Table()
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	broken, err := brokenReports(ts, now.Truncate(24*time.Hour), c.BrokenThreshold)
	if err != nil {
		return err
	}
	stale(d.stdout, orgs, now.AddDate(age[0], age[1], -age[2]), c.OlderThan, broken)
	return nil
}

// readTable reads the table for a command that only reads: it never
// creates a database.
func readTable(f tableFlags, d *deps) ([]referral.Organization, error) {
	ts, err := f.open(d.stderr, false)
	if err != nil {
		return nil, err
	}
	defer ts.Close()
	return ts.Table()
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
func stale(w io.Writer, orgs []referral.Organization, cutoff time.Time, older string, broken map[string]uint64) {
	type item struct {
		svc string
		n   int
		c   referral.Contact
	}
	var items []item
	for _, o := range orgs {
		for _, s := range o.Services {
			for i, c := range s.Contacts {
				if _, reported := broken[s.ID]; c.Unconfirmed || c.Checked.Before(cutoff) || (reported && c.Kind != referral.Address) {
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
		if k, ok := it.c.LastCheck(); ok {
			why += fmt.Sprintf(", last check %s: %s by %s (%s)", k.On.Format("2006-01-02"), k.Outcome, k.By, k.How)
		}
		if n, ok := broken[it.svc]; ok {
			why += fmt.Sprintf(", people reported %d times that it didn't work", n)
		}
		value := it.c.Value
		if it.c.Kind == referral.Phone || it.c.Kind == referral.WhatsApp {
			value = phone.Show(value)
		}
		fmt.Fprintf(w, "%s contact %d: %s %s (%s)\n", it.svc, it.n, it.c.Kind, value, why)
	}
	fmt.Fprintf(w, "%s to check: not checked for %s, unconfirmed, or reported as not working.\n", count(len(items), "contact"), older)
}
