package referralfile

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"

	"github.com/BurntSushi/toml"
	"github.com/komek-kz/komek/internal/phone"
	"github.com/komek-kz/komek/internal/referral"
)

// The keys of each table of the format, in the order Format writes them.
var (
	orgKeys     = []string{"id", "kind", "alt_names", "notes", "name", "service"}
	serviceKeys = []string{"id", "needs", "partial", "emergency", "general", "area", "languages", "hours", "cost",
		"ages", "women", "citizenship", "notes", "name", "description", "description_for", "contact"}
	contactKeys = []string{"kind", "value", "for", "hours", "cost", "source", "checked", "unconfirmed", "note", "check"}
	checkKeys   = []string{"outcome", "by", "on", "how"}
)

// Area codes that are not regions.
const (
	areaNationwide = "nationwide"
	areaAbroad     = "abroad"
)

// Parse reads one organisation from the text of a referral file. file is
// the file's name, used only in problems.
//
// Parse decodes strictly: a TOML syntax error, an unknown key, a value of
// the wrong type, unreadable hours or ages, and everything referral.Validate
// finds wrong with the organisation are all problems, each placed on the
// line of the offending key where it can be found. The organisation is
// returned as far as it could be read even when there are problems; it is
// valid only when there are none. On a syntax error it is the zero value.
func Parse(file string, data []byte) (referral.Organization, []Problem) {
	o, ps, _, _ := parse(file, data)
	return o, ps
}

// parse is Parse that also returns the line index and whether the text was
// TOML at all.
func parse(file string, data []byte) (referral.Organization, []Problem, *lineIndex, bool) {
	d := &decoder{file: file, idx: indexLines(data), bad: make(map[string]bool)}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		d.syntaxError(err)
		return referral.Organization{}, d.ps, d.idx, false
	}
	o := d.org(table{d: d, m: raw})
	d.duplicateServices(o)
	d.validate(o)
	sortProblems(d.ps)
	return o, d.ps, d.idx, true
}

func (d *decoder) org(t table) referral.Organization {
	t.known(orgKeys...)
	o := referral.Organization{
		ID:       t.str("id"),
		Kind:     referral.OrgKind(t.str("kind")),
		AltNames: t.strs("alt_names"),
		Notes:    t.str("notes"),
	}
	o.Name.KK, o.Name.RU, o.Name.EN = t.text("name")
	for _, st := range t.tables("service") {
		o.Services = append(o.Services, d.service(st))
	}
	return o
}

func (d *decoder) service(t table) referral.Service {
	t.known(serviceKeys...)
	s := referral.Service{
		ID:        t.str("id"),
		Emergency: t.flag("emergency"),
		General:   t.flag("general"),
		Area:      d.area(t),
		Languages: t.strs("languages"),
		Hours:     d.hours(t),
		Cost:      referral.Cost(t.str("cost")),
		Notes:     t.str("notes"),
	}
	for _, n := range t.strs("needs") {
		s.Needs = append(s.Needs, referral.Need(n))
	}
	for _, n := range t.strs("partial") {
		s.Partial = append(s.Partial, referral.Need(n))
	}
	s.NeedDescriptions = d.needTexts(t, "description_for")
	s.Eligibility.MinAge, s.Eligibility.MaxAge = d.ages(t)
	s.Eligibility.Women = t.flag("women")
	s.Eligibility.Citizenship = referral.Citizenship(t.str("citizenship"))
	s.Name.KK, s.Name.RU, s.Name.EN = t.text("name")
	s.Description.KK, s.Description.RU, s.Description.EN = t.text("description")
	for _, ct := range t.tables("contact") {
		s.Contacts = append(s.Contacts, d.contact(ct))
	}
	return s
}

func (d *decoder) contact(t table) referral.Contact {
	t.known(contactKeys...)
	c := referral.Contact{
		Kind:        referral.ContactKind(t.str("kind")),
		Value:       t.str("value"),
		Purpose:     referral.Purpose(t.str("for")),
		Hours:       d.hours(t),
		Cost:        referral.Cost(t.str("cost")),
		Sources:     t.strs("source"),
		Checked:     t.date("checked"),
		Unconfirmed: t.flag("unconfirmed"),
	}
	c.Note.KK, c.Note.RU, c.Note.EN = t.text("note")
	for _, kt := range t.tables("check") {
		kt.known(checkKeys...)
		c.Checks = append(c.Checks, referral.Check{Outcome: referral.Outcome(kt.str("outcome")),
			By: kt.str("by"), On: kt.date("on"), How: kt.str("how")})
	}
	return c
}

// needTexts reads a table of kk/ru/en texts keyed by need code
// ([service.description_for.child_rehab]).
func (d *decoder) needTexts(t table, key string) map[referral.Need]referral.Text {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.d.wrongType(t.at(key), fmt.Sprintf("%s must hold one table per need, as in [service.%s.child_rehab] followed by kk, ru and en lines", key, key), v)
		return nil
	}
	out := make(map[referral.Need]referral.Text, len(m))
	sub := table{d, m, t.at(key)}
	for n := range m {
		var txt referral.Text
		txt.KK, txt.RU, txt.EN = sub.text(n)
		out[referral.Need(n)] = txt
	}
	return out
}

// area reads the area list: "nationwide", region codes, and "abroad".
func (d *decoder) area(t table) referral.Area {
	var a referral.Area
	for _, code := range t.strs("area") {
		switch code {
		case areaNationwide:
			a.Nationwide = true
		case areaAbroad:
			a.Abroad = true
		default:
			a.Regions = append(a.Regions, referral.Region(code))
		}
	}
	return a
}

func (d *decoder) hours(t table) referral.Hours {
	s := t.str("hours")
	h, err := referral.ParseHours(s)
	if err != nil {
		d.add(t.at("hours"), `cannot read the hours %q (%v); write "24/7", "unknown", or days and times as in "Mo-Fr 09:00-18:00; Sa 10:00-14:00"`, s, err)
	}
	return h
}

var agesPattern = regexp.MustCompile(`^([0-9]{1,3})-([0-9]{0,3})$`)

// ages reads "0-17" (0 to 17), "18-" (18 and older) or "3-15".
func (d *decoder) ages(t table) (minAge, maxAge int) {
	s := t.str("ages")
	if s == "" {
		return 0, 0
	}
	m := agesPattern.FindStringSubmatch(s)
	if m == nil {
		d.add(t.at("ages"), `cannot read the ages %q; write the youngest and oldest age as "0-17" or "3-15", or "18-" for 18 and older`, s)
		return 0, 0
	}
	minAge, _ = strconv.Atoi(m[1])
	if m[2] != "" {
		maxAge, _ = strconv.Atoi(m[2])
		if maxAge == 0 {
			d.add(t.at("ages"), `the oldest age in %q is 0; for no upper limit write %q`, s, m[1]+"-")
		}
	}
	return minAge, maxAge
}

// duplicateServices reports service IDs used twice in one file.
func (d *decoder) duplicateServices(o referral.Organization) {
	first := make(map[string]int)
	for i, s := range o.Services {
		if s.ID == "" {
			continue
		}
		path := fmt.Sprintf("service[%d].id", i+1)
		if j, dup := first[s.ID]; dup {
			d.add(path, "the service ID %q is already used by the service on line %d; give every service its own ID",
				s.ID, d.idx.line(fmt.Sprintf("service[%d].id", j+1)))
			continue
		}
		first[s.ID] = i
	}
}

// validate runs the domain validation and places its problems in the file.
//
// referral.Validate works on a table, and a table cannot hold two services
// with one ID, so each service is validated in an organisation of its own;
// the organisation's own problems are those of the organisation without
// services, and are subtracted from each service's run.
func (d *decoder) validate(o referral.Organization) {
	referral.CanonicalPhones([]referral.Organization{o}, phone.Canonical)
	bare := o
	bare.Services = nil
	orgPs := validateOne(bare)
	// Without its services the organisation looks like a draft; its gaps
	// are to-dos only if it really is one (no service has a confirmed
	// contact).
	draft := !slices.ContainsFunc(o.Services, func(s referral.Service) bool { return s.Confirmed() })
	for i := range orgPs {
		orgPs[i].ToDo = orgPs[i].ToDo && draft
	}
	for _, p := range orgPs {
		if p.Field == "service" && len(o.Services) > 0 {
			continue
		}
		d.domain("", false, p)
	}
	for i, s := range o.Services {
		one := bare
		one.Services = []referral.Service{s}
		for _, p := range subtract(validateOne(one), orgPs) {
			d.domain(fmt.Sprintf("service[%d]", i+1), true, p)
		}
	}
}

func (d *decoder) domain(prefix string, inService bool, p referral.Problem) {
	path := joinPath(prefix, p.Field)
	if d.isBad(path) {
		return
	}
	d.add(path, "%s", explain(p.Field, inService, p.Message))
	d.ps[len(d.ps)-1].ToDo = p.ToDo
}

func validateOne(o referral.Organization) []referral.Problem {
	t, err := referral.NewTable([]referral.Organization{o})
	if err != nil { // impossible: one organisation with at most one service
		panic("referralfile: " + err.Error())
	}
	return referral.ValidateWith(t, phone.Canonical)
}

// subtract removes from ps one copy of each problem in minus, whether or
// not it is marked as a to-do.
func subtract(ps, minus []referral.Problem) []referral.Problem {
	key := func(p referral.Problem) referral.Problem { p.ToDo = false; return p }
	left := make(map[referral.Problem]int)
	for _, p := range minus {
		left[key(p)]++
	}
	var out []referral.Problem
	for _, p := range ps {
		if left[key(p)] > 0 {
			left[key(p)]--
			continue
		}
		out = append(out, p)
	}
	return out
}
