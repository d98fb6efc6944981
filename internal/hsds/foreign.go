package hsds

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/komek-kz/komek/internal/phone"
	"github.com/komek-kz/komek/internal/referral"
)

// foreignService maps a service written by another HSDS publisher: its
// name and description in Options.Lang, its hours from weekly schedules,
// and its phones, url, email, contact e-mails and addresses as contacts.
// Every such contact is a lead (unconfirmed, never shown to a person)
// dated with the service's assured_date: a coordinator confirms it and adds
// the page it was read on.
func (im *importer) foreignService(orgID string, r *record) referral.Service {
	s := referral.Service{ID: im.newID(orgID+".", r.fields["name"], r.id()),
		Name: im.foreignText(r.fields["name"]), Description: im.foreignText(r.fields["description"])}
	s.Hours = im.foreignHours(r)
	checked, _ := time.Parse("2006-01-02", r.fields["assured_date"])
	lead := func(k referral.ContactKind, v string) {
		// Stray quotes and spaces around a value (the HSDS example writes
		// "\"+44 1234 234567\"") are not part of it.
		v = strings.Trim(v, " \t\"'«»“”")
		if v != "" {
			s.Contacts = append(s.Contacts, referral.Contact{Kind: k, Value: v, Checked: checked, Unconfirmed: true})
		}
	}
	for _, p := range im.phonesOf(r) {
		lead(referral.Phone, p.fields["number"])
	}
	lead(referral.Website, r.fields["url"])
	lead(referral.Email, r.fields["email"])
	for _, c := range im.children("contact", "service_id", r.id()) {
		lead(referral.Email, c.fields["email"])
	}
	for _, a := range im.addresses(r) {
		var parts []string
		for _, f := range []string{"address_1", "address_2", "city", "region", "state_province", "postal_code", "country"} {
			if v := a.fields[f]; v != "" {
				parts = append(parts, v)
			}
		}
		lead(referral.Address, strings.Join(parts, ", "))
	}
	if st := r.fields["status"]; st != "" && st != "active" {
		im.ds.notice(r, "status", "the status %q is not kept: Komek keeps only services people can use now; remove the service if it is not active", st)
	}
	return s
}

// phonesOf returns the phones of service r: linked to it directly or
// through one of its contacts.
func (im *importer) phonesOf(r *record) []*record {
	out := im.children("phone", "service_id", r.id())
	for _, c := range im.children("contact", "service_id", r.id()) {
		for _, p := range im.children("phone", "contact_id", c.id()) {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

var dayCode = map[string]int{"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}

// foreignHours reads weekly schedules of service r; a schedule it cannot
// read is a notice and leaves the hours unknown.
func (im *importer) foreignHours(r *record) referral.Hours {
	var h referral.Hours
	for _, sc := range im.children("schedule", "service_id", r.id()) {
		spans, err := weekly(sc)
		if err != nil {
			im.ds.notice(sc, "", "this schedule is not kept (%v): Komek reads weekly schedules with byday, opens_at and closes_at", err)
			return referral.Hours{}
		}
		h.Weekly = append(h.Weekly, spans...)
	}
	if len(h.Weekly) == 1 && h.Weekly[0] == (referral.Span{First: 0, Last: 6, From: 0, To: 24 * 60}) {
		return referral.Hours{Always: true}
	}
	return h
}

func weekly(sc *record) ([]referral.Span, error) {
	if f := sc.fields["freq"]; f != "" && f != "WEEKLY" {
		return nil, fmt.Errorf("freq %s", f)
	}
	from, err1 := clockMinutes(sc.fields["opens_at"])
	to, err2 := clockMinutes(sc.fields["closes_at"])
	if err1 != nil || err2 != nil || to <= from {
		return nil, fmt.Errorf("opening times %q-%q", sc.fields["opens_at"], sc.fields["closes_at"])
	}
	var days []int
	for _, d := range strings.Split(sc.fields["byday"], ",") {
		n, ok := dayCode[strings.ToUpper(strings.TrimSpace(d))]
		if !ok {
			return nil, fmt.Errorf("byday %q", sc.fields["byday"])
		}
		days = append(days, n)
	}
	slices.Sort(days)
	var spans []referral.Span
	for _, d := range slices.Compact(days) {
		if k := len(spans) - 1; k >= 0 && spans[k].Last == d-1 {
			spans[k].Last = d
			continue
		}
		spans = append(spans, referral.Span{First: d, Last: d, From: from, To: to})
	}
	return spans, nil
}

// clockMinutes reads HH:MM or HH:MM:SS; 23:59 and 23:59:59 mean the end of
// the day.
func clockMinutes(s string) (int, error) {
	var h, m, sec int
	n, _ := fmt.Sscanf(s, "%d:%d:%d", &h, &m, &sec)
	if n < 2 || h < 0 || h > 24 || m < 0 || m > 59 || h == 24 && m > 0 {
		return 0, fmt.Errorf("time %q", s)
	}
	if h == 23 && m == 59 {
		return 24 * 60, nil
	}
	return h*60 + m, nil
}

// modelled lists, per table, the fields Komek reads (or that only link
// records); generated lists those Komek writes from its extension and
// does not read back. Other non-empty fields are reported as left out.
var (
	modelled = map[string][]string{
		"organization":        {"id", "name", "alternate_name"},
		"service":             {"id", "organization_id", "name", "description", "url", "email", "minimum_age", "maximum_age", "assured_date", "status"},
		"phone":               {"id", "service_id", "number", "type", "location_id", "organization_id", "contact_id", "service_at_location_id"},
		"schedule":            {"id", "service_id", "freq", "interval", "byday", "opens_at", "closes_at"},
		"service_area":        {"id", "service_id"},
		"language":            {"id", "service_id", "code", "name", "location_id", "phone_id"},
		"contact":             {"id", "service_id", "organization_id", "location_id", "service_at_location_id", "email"},
		"location":            {"id", "location_type", "organization_id"},
		"address":             {"id", "location_id", "address_1", "address_2", "city", "region", "state_province", "postal_code", "country", "address_type"},
		"service_at_location": {"id", "service_id", "location_id"},
	}
	generated = map[string][]string{
		"organization": {"description"}, "service_area": {"name"}, "location": {"name"},
		"schedule": {"description"}, "phone": {"description"},
	}
)

// leftOut reports every value of the data set Komek does not keep.
func (im *importer) leftOut() {
	for _, res := range resources {
		for _, r := range im.ds.tables[res.name] {
			im.leftOutOf(r)
		}
	}
}

func (im *importer) leftOutOf(r *record) {
	switch r.table {
	case "taxonomy", "taxonomy_term":
		return // definitions; their use in attributes is reported
	case "attribute":
		if tax, code := im.term(r); !isOurs(tax) {
			im.ds.notice(r, "", "the attribute %q of taxonomy %q (value %q) is not one of Komek's; left out", code, tax, short(r.fields["value"]))
		}
		return
	}
	keep, known := modelled[r.table]
	var fields []string
	for f := range r.fields {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for _, f := range fields {
		switch {
		case strings.HasPrefix(r.fields["id"], "_") && f == "id":
		case known && slices.Contains(keep, f):
		case !known && (f == "id" || strings.HasSuffix(f, "_id") || f == "resource_type" || f == "link_entity"):
		case im.ours && slices.Contains(generated[r.table], f):
		default:
			im.ds.notice(r, f, "%s.%s (%q) is not kept: Komek's table has no such field; left out", r.table, f, short(r.fields[f]))
		}
	}
}

func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// validate runs the domain validation and places each problem on the
// record of its organisation or service.
func (im *importer) validate(orgs []referral.Organization) {
	referral.CanonicalPhones(orgs, phone.Canonical)
	t, err := referral.NewTable(orgs)
	if err != nil {
		im.ds.problems = append(im.ds.problems, Problem{Message: err.Error() + ": give every organisation and service its own Komek ID"})
		return
	}
	for _, p := range referral.ValidateWith(t, phone.Canonical) {
		r := im.orgAt[p.Org]
		if p.Service != "" {
			r = im.svcAt[p.Service]
		}
		file, line, field := r.at("")
		where := p.Org
		if p.Service != "" {
			where = p.Service
		}
		f := where + ": " + p.Field
		if field != "" {
			f = field + ": " + f
		}
		im.ds.problems = append(im.ds.problems, Problem{File: file, Line: line, Field: f, Message: p.Message, ToDo: p.ToDo})
	}
}

func jsonUnmarshalStrict(s string, v any) error {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
