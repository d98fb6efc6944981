package tablecsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/komek-kz/komek/internal/referral"
)

// WriteOptions configure Write. The zero value writes commas and no byte
// order mark.
type WriteOptions struct {
	// Semicolon writes ";" between cells, as spreadsheets set to Russian or
	// Kazakh expect.
	Semicolon bool
	// BOM starts the file with a UTF-8 byte order mark, which older Excel
	// versions need to recognise UTF-8.
	BOM bool
	// MinContacts is the least number of contact column groups to write;
	// Write writes as many as the service with most contacts needs.
	MinContacts int
}

// Write writes orgs as a spreadsheet CSV, one row per service, with as many
// contact column groups as the service with most contacts needs. For every
// table of valid organisations whose list elements (other names, sources,
// needs, …) hold no ";" and no spaces at their ends, Read gives back orgs
// unchanged. An organisation without services has no row and is lost: Write
// refuses it, as it refuses a value the format cannot hold, naming it.
func Write(w io.Writer, orgs []referral.Organization, opts WriteOptions) error {
	n := opts.MinContacts
	for _, o := range orgs {
		if len(o.Services) == 0 {
			return fmt.Errorf("tablecsv: organisation %q has no services; a spreadsheet row is a service", o.ID)
		}
		for _, s := range o.Services {
			n = max(n, len(s.Contacts))
		}
	}
	n = max(n, 1)
	if opts.BOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return fmt.Errorf("tablecsv: write: %w", err)
		}
	}
	cw := csv.NewWriter(w)
	if opts.Semicolon {
		cw.Comma = ';'
	}
	if err := cw.Write(header(n)); err != nil {
		return fmt.Errorf("tablecsv: write: %w", err)
	}
	for i := range orgs {
		for j := range orgs[i].Services {
			row, err := serviceRow(&orgs[i], &orgs[i].Services[j], n)
			if err != nil {
				return err
			}
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("tablecsv: write: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("tablecsv: write: %w", err)
	}
	return nil
}

// serviceRow is the row of service s of organisation o, with n contact
// groups.
func serviceRow(o *referral.Organization, s *referral.Service, n int) ([]string, error) {
	var errs []error
	list := func(col string, elems []string) string {
		v, err := joinList(col, elems)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.ID, err))
		}
		return v
	}
	row := []string{o.ID, string(o.Kind), o.Name.KK, o.Name.RU, o.Name.EN, list("org_alt_names", o.AltNames), o.Notes,
		s.ID, s.Name.KK, s.Name.RU, s.Name.EN, s.Description.KK, s.Description.RU, s.Description.EN,
		list("needs", strs(s.Needs)), yes(s.Emergency), yes(s.General), list("area", areaCodes(s.Area)),
		list("languages", s.Languages), s.Hours.String(), string(s.Cost), age(s.Eligibility.MinAge),
		age(s.Eligibility.MaxAge), yes(s.Eligibility.Women), string(s.Eligibility.Citizenship), s.Notes}
	for k := 0; k < n; k++ {
		if k >= len(s.Contacts) {
			row = append(row, make([]string, len(contactFields))...)
			continue
		}
		c := &s.Contacts[k]
		if strings.TrimSpace(c.Value) != c.Value {
			errs = append(errs, fmt.Errorf("tablecsv: %s: %s: %q starts or ends with a space, which Read would drop", s.ID, contactCol(k+1, "value"), c.Value))
		}
		hours := ""
		if c.Hours.Known() {
			hours = c.Hours.String()
		}
		checked := ""
		if !c.Checked.IsZero() {
			checked = c.Checked.Format(dateLayout)
		}
		row = append(row, string(c.Kind), c.Value, string(c.Purpose), hours, string(c.Cost),
			list(contactCol(k+1, "sources"), c.Sources), checked, yes(c.Unconfirmed), c.Note.KK, c.Note.RU, c.Note.EN)
	}
	return row, errors.Join(errs...)
}

const dateLayout = "2006-01-02"

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func age(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func strs[T ~string](cs []T) []string {
	var out []string
	for _, c := range cs {
		out = append(out, string(c))
	}
	return out
}

// Area codes that are not regions.
const (
	areaNationwide = "nationwide"
	areaAbroad     = "abroad"
)

func areaCodes(a referral.Area) []string {
	var out []string
	if a.Nationwide {
		out = append(out, areaNationwide)
	}
	out = append(out, strs(a.Regions)...)
	if a.Abroad {
		out = append(out, areaAbroad)
	}
	return out
}
