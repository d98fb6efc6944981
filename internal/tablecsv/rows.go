package tablecsv

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/komek-kz/komek/internal/referral"
)

// row reads one service row (n is its number in the spreadsheet).
func (r *reader) row(n int, rec []string) {
	if len(rec) != len(r.col) {
		if !slices.ContainsFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" }) {
			return // an empty line
		}
		r.add(n, "", "this row has %d cells but the header has %d: the row may use another separator than the header, or a cell holding a comma or semicolon is not in quotes. Open the file in a spreadsheet and save it again as CSV", len(rec), len(r.col))
		return
	}
	if !slices.ContainsFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" }) {
		return // an empty row, as spreadsheets sometimes leave at the end
	}
	orgID, svcID := r.get(rec, "org_id"), r.get(rec, "service_id")
	switch {
	case orgID == "":
		r.add(n, "org_id", "the organisation ID is empty: every row needs the org_id of the organisation the service belongs to")
		return
	case svcID == "":
		r.add(n, "service_id", "the service ID is empty: write the org_id, a dot and a short name, as in %q", orgID+".hotline")
		return
	}
	if prev, dup := r.serviceRow[svcID]; dup {
		r.add(n, "service_id", "the service ID %q is already used on row %d: give every service its own ID", svcID, prev)
		return
	}
	r.serviceRow[svcID] = n
	o := r.org(n, orgID, rec)
	o.Services = append(o.Services, r.service(n, rec))
}

// org returns the organisation orgID, adding it at its first row, and
// checks its columns on this row agree with earlier rows.
func (r *reader) org(n int, id string, rec []string) *referral.Organization {
	i, ok := r.orgAt[id]
	if !ok {
		i = len(r.orgs)
		r.orgAt[id] = i
		r.orgs = append(r.orgs, referral.Organization{ID: id})
		r.orgCols = append(r.orgCols, make(map[string]cell))
		r.orgRow = append(r.orgRow, n)
	}
	cols := r.orgCols[i]
	for _, name := range orgColumns[1:] {
		v := r.raw(rec, name)
		if strings.TrimSpace(v) == "" {
			continue
		}
		if prev, set := cols[name]; set && prev.value != v {
			r.add(n, name, "this organisation's %s differs from row %d; the organisation columns must be the same on every row of %q (or left empty)", name, prev.row, id)
			continue
		}
		cols[name] = cell{v, n}
	}
	o := &r.orgs[i]
	o.Kind = referral.OrgKind(strings.TrimSpace(cols["org_kind"].value))
	o.Name = referral.Text{KK: cols["org_name_kk"].value, RU: cols["org_name_ru"].value, EN: cols["org_name_en"].value}
	o.AltNames = splitList(cols["org_alt_names"].value)
	o.Notes = cols["org_notes"].value
	return o
}

func (r *reader) service(n int, rec []string) referral.Service {
	s := referral.Service{
		ID:          r.get(rec, "service_id"),
		Name:        r.text(rec, "name"),
		Description: r.text(rec, "description"),
		Emergency:   r.flag(n, rec, "emergency"),
		General:     r.flag(n, rec, "general"),
		Area:        area(splitList(r.get(rec, "area"))),
		Languages:   splitList(r.get(rec, "languages")),
		Hours:       r.hours(n, rec, "hours"),
		Cost:        referral.Cost(r.get(rec, "cost")),
		Notes:       r.raw(rec, "notes"),
	}
	for _, c := range splitList(r.get(rec, "needs")) {
		s.Needs = append(s.Needs, referral.Need(c))
	}
	s.Eligibility = referral.Eligibility{
		MinAge:      r.age(n, rec, "min_age"),
		MaxAge:      r.age(n, rec, "max_age"),
		Women:       r.flag(n, rec, "women"),
		Citizenship: referral.Citizenship(r.get(rec, "citizenship")),
	}
	for g := 1; g <= r.groups; g++ {
		if c, ok := r.contact(n, rec, g); ok {
			s.Contacts = append(s.Contacts, c)
			r.contactGroup[s.ID] = append(r.contactGroup[s.ID], g)
		}
	}
	return s
}

// contact reads contact group g; ok is false when all its cells are empty.
func (r *reader) contact(n int, rec []string, g int) (referral.Contact, bool) {
	empty := true
	for _, f := range contactFields {
		if strings.TrimSpace(r.raw(rec, contactCol(g, f))) != "" {
			empty = false
		}
	}
	if empty {
		return referral.Contact{}, false
	}
	col := func(f string) string { return contactCol(g, f) }
	c := referral.Contact{
		Kind:        referral.ContactKind(strings.ToLower(r.get(rec, col("kind")))),
		Value:       r.get(rec, col("value")),
		Purpose:     referral.Purpose(r.get(rec, col("for"))),
		Hours:       r.hours(n, rec, col("hours")),
		Cost:        referral.Cost(r.get(rec, col("cost"))),
		Sources:     splitList(r.get(rec, col("sources"))),
		Checked:     r.date(n, rec, col("checked")),
		Unconfirmed: r.flag(n, rec, col("unconfirmed")),
		Note:        r.text(rec, col("note")),
	}
	return c, true
}

func area(codes []string) referral.Area {
	var a referral.Area
	for _, c := range codes {
		switch c {
		case areaNationwide:
			a.Nationwide = true
		case areaAbroad:
			a.Abroad = true
		default:
			a.Regions = append(a.Regions, referral.Region(c))
		}
	}
	return a
}

func (r *reader) flag(n int, rec []string, name string) bool {
	switch v := strings.ToLower(r.get(rec, name)); v {
	case "", "no", "false", "0":
		return false
	case "yes", "true", "1":
		return true
	default:
		r.add(n, name, "%q is not yes or no: write yes, or leave the cell empty for no", v)
		return false
	}
}

func (r *reader) hours(n int, rec []string, name string) referral.Hours {
	v := r.get(rec, name)
	h, err := referral.ParseHours(v)
	if err != nil {
		r.add(n, name, `cannot read the hours %q (%v): write 24/7, unknown, or days and times as in "Mo-Fr 09:00-18:00; Sa 10:00-14:00". If the spreadsheet turned 24/7 into a date, format the column as Text and type it again`, v, err)
	}
	return h
}

func (r *reader) age(n int, rec []string, name string) int {
	v := r.get(rec, name)
	if v == "" {
		return 0
	}
	a, err := strconv.Atoi(v)
	if err != nil || a < 0 || a > 120 {
		r.add(n, name, "%q is not an age: write a whole number of years from 0 to 120, or leave the cell empty for no limit", v)
		return 0
	}
	return a
}

// date reads 2025-11-06, or 06.11.2025 as spreadsheets in Russian and
// Kazakh write dates, as UTC midnight.
func (r *reader) date(n int, rec []string, name string) time.Time {
	v := r.get(rec, name)
	if v == "" {
		return time.Time{}
	}
	for _, layout := range []string{dateLayout, "02.01.2006", "2.1.2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	r.add(n, name, "%q is not a date: write the day it was checked as 2025-11-06 (year-month-day); 06.11.2025 is read too, but not 11/06/2025, which is ambiguous", v)
	return time.Time{}
}
