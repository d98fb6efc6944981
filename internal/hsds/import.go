package hsds

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/komek-kz/komek/internal/referral"
)

// importer turns a data set into Komek's table.
type importer struct {
	ds    *dataset
	opts  Options
	attrs map[string][]*record // link_id → attributes, in order
	// ours is set when the data set carries Komek's extension (it was
	// written by Komek): the fields Komek derives from the extension are
	// then not reported as left out.
	ours     bool
	ids      map[string]bool    // organisation and service IDs given to foreign records
	svcAt    map[string]*record // service ID → its record
	orgAt    map[string]*record // organisation ID → its record
	services map[string][]*record
}

func toTable(ds *dataset, opts Options) ([]referral.Organization, []Problem, []Problem) {
	im := &importer{ds: ds, opts: opts, attrs: make(map[string][]*record), ids: make(map[string]bool),
		svcAt: make(map[string]*record), orgAt: make(map[string]*record), services: make(map[string][]*record)}
	for _, a := range ds.tables["attribute"] {
		im.attrs[a.fields["link_id"]] = append(im.attrs[a.fields["link_id"]], a)
		if tax, code := im.term(a); tax == taxKomek && code == extID {
			im.ours = true
		}
	}
	for _, s := range ds.tables["service"] {
		oid := s.fields["organization_id"]
		if ds.get("organization", oid) == nil {
			ds.problem(s, "organization_id", "the service %q has no organisation in the data set (organization_id %q): every service belongs to one", s.fields["name"], oid)
			continue
		}
		im.services[oid] = append(im.services[oid], s)
	}
	var orgs []referral.Organization
	for _, o := range ds.tables["organization"] {
		if len(im.services[o.id()]) == 0 {
			ds.notice(o, "", "the organisation %q has no services; Komek keeps organisations only with their services, so it is left out", o.fields["name"])
			continue
		}
		orgs = append(orgs, im.org(o))
	}
	im.leftOut()
	if len(ds.problems) == 0 {
		im.validate(orgs)
	}
	return orgs, ds.problems, ds.notices
}

// term returns the taxonomy name and code of an attribute's term.
func (im *importer) term(a *record) (tax, code string) {
	t := im.ds.get("taxonomy_term", a.fields["taxonomy_term_id"])
	if t == nil {
		return "", ""
	}
	tax = t.fields["taxonomy"]
	if x := im.ds.get("taxonomy", t.fields["taxonomy_id"]); x != nil && x.fields["name"] != "" {
		tax = x.fields["name"]
	}
	return tax, t.fields["code"]
}

// ext is a record's Komek attributes: for each taxonomy and code, the
// values in order.
type ext map[string][]string

func (e ext) one(tax, code string) string {
	if v := e[tax+"/"+code]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (e ext) has(tax, code string) bool { return len(e[tax+"/"+code]) > 0 }

func (im *importer) ext(r *record) (ext, []*record) {
	e := make(ext)
	var contacts []*record
	for _, a := range im.attrs[r.id()] {
		tax, code := im.term(a)
		if !isOurs(tax) {
			continue
		}
		if !isTerm(tax, code) {
			im.ds.problem(a, "taxonomy_term_id", "%q is not a term of Komek's taxonomy %s; the terms are: %s", code, tax, strings.Join(terms(tax), ", "))
			continue
		}
		e[tax+"/"+code] = append(e[tax+"/"+code], a.fields["value"])
		if tax == taxKomek && code == extContact {
			contacts = append(contacts, a)
		}
	}
	return e, contacts
}

func isTerm(tax, code string) bool {
	for _, t := range terms(tax) {
		if t == code {
			return true
		}
	}
	return false
}

func (im *importer) org(r *record) referral.Organization {
	e, _ := im.ext(r)
	var o referral.Organization
	if e.has(taxKomek, extID) {
		o = referral.Organization{ID: e.one(taxKomek, extID), Kind: referral.OrgKind(e.one(taxKomek, extKind)),
			AltNames: e[taxKomek+"/"+extAltName], Notes: e.one(taxKomek, extNotes), Name: e.text(extName)}
	} else {
		o = referral.Organization{ID: im.newID("", r.fields["name"], r.id()), Name: im.foreignText(r.fields["name"])}
		if alt := r.fields["alternate_name"]; alt != "" {
			o.AltNames = []string{alt}
		}
	}
	im.orgAt[o.ID] = r
	for _, s := range im.services[r.id()] {
		o.Services = append(o.Services, im.service(o.ID, s))
	}
	return o
}

func (e ext) text(prefix string) referral.Text {
	return referral.Text{KK: e.one(taxKomek, prefix+"kk"), RU: e.one(taxKomek, prefix+"ru"), EN: e.one(taxKomek, prefix+"en")}
}

func (im *importer) foreignText(s string) referral.Text {
	var t referral.Text
	switch im.opts.lang() {
	case referral.Kazakh:
		t.KK = s
	case referral.Russian:
		t.RU = s
	default:
		t.EN = s
	}
	return t
}

var slugJunk = regexp.MustCompile(`[^a-z0-9]+`)

// newID makes an ID for a foreign record: prefix and a slug of its name,
// else of its HSDS ID, made unique.
func (im *importer) newID(prefix, name, hsdsID string) string {
	base := strings.Trim(slugJunk.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if base == "" {
		base = strings.Trim(slugJunk.ReplaceAllString(strings.ToLower(hsdsID), "-"), "-")
	}
	if base == "" {
		base = "entry"
	}
	id := prefix + base
	for n := 2; im.ids[id]; n++ {
		id = fmt.Sprintf("%s%s-%d", prefix, base, n)
	}
	im.ids[id] = true
	return id
}

func (im *importer) service(orgID string, r *record) referral.Service {
	e, contacts := im.ext(r)
	var s referral.Service
	if e.has(taxKomek, extID) {
		s = im.ourService(r, e, contacts)
	} else {
		s = im.foreignService(orgID, r)
	}
	im.svcAt[s.ID] = r
	s.Eligibility.MinAge = im.number(r, "minimum_age")
	s.Eligibility.MaxAge = im.number(r, "maximum_age")
	for _, l := range im.children("language", "service_id", r.id()) {
		if c := l.fields["code"]; len(c) == 2 {
			s.Languages = append(s.Languages, c)
		} else {
			im.ds.notice(l, "code", "the language %q has no two-letter ISO 639-1 code; left out", l.fields["name"]+c)
		}
	}
	return s
}

func (im *importer) ourService(r *record, e ext, contacts []*record) referral.Service {
	s := referral.Service{ID: e.one(taxKomek, extID), Name: e.text(extName), Description: e.text(extDescription),
		Emergency: e.has(taxKomek, extEmergency), General: e.has(taxKomek, extGeneral),
		Cost: referral.Cost(e.one(taxKomek, extCost)), Notes: e.one(taxKomek, extNotes)}
	for _, a := range im.attrs[r.id()] {
		if tax, code := im.term(a); tax == taxNeeds && isTerm(tax, code) {
			s.Needs = append(s.Needs, referral.Need(code))
		}
	}
	s.Eligibility.Women = e.has(taxEligibility, termWomen)
	switch {
	case e.has(taxEligibility, termCitizenKZ):
		s.Eligibility.Citizenship = referral.CitizenKZ
	case e.has(taxEligibility, termForeigner):
		s.Eligibility.Citizenship = referral.Foreigner
	}
	h, err := referral.ParseHours(e.one(taxKomek, extHours))
	if err != nil {
		im.ds.problem(r, "attributes", "the Komek attribute hours: %v", err)
	}
	s.Hours = h
	s.Area = im.area(r)
	for _, a := range contacts {
		c, err := decodeContact(a.fields["value"])
		if err != nil {
			im.ds.problem(a, "value", "cannot read this Komek contact: %v; the value is JSON with the keys kind, value, for, hours, cost, note, source, checked and unconfirmed", err)
			continue
		}
		s.Contacts = append(s.Contacts, c)
	}
	im.checkProjection(r, &s)
	return s
}

// area reads the service areas of service r, each linked to a region term.
func (im *importer) area(r *record) referral.Area {
	var a referral.Area
	for _, sa := range im.children("service_area", "service_id", r.id()) {
		for _, at := range im.attrs[sa.id()] {
			tax, code := im.term(at)
			switch {
			case tax != taxRegions:
			case code == areaNation:
				a.Nationwide = true
			case code == areaAbroad:
				a.Abroad = true
			default:
				a.Regions = append(a.Regions, referral.Region(code))
			}
		}
	}
	return a
}

// checkProjection reports phones, url, email and addresses of a Komek
// service that are not among its contacts: someone edited the HSDS fields
// and not the contact attributes Komek reads.
func (im *importer) checkProjection(r *record, s *referral.Service) {
	has := func(v string, kinds ...referral.ContactKind) bool {
		for _, c := range s.Contacts {
			for _, k := range kinds {
				if c.Kind == k && c.Value == v {
					return true
				}
			}
		}
		return false
	}
	const hint = "Komek reads contacts from the service's \"contact\" attributes (taxonomy komek): change the value there too, or export the table again"
	for _, p := range im.children("phone", "service_id", r.id()) {
		if !has(p.fields["number"], referral.Phone, referral.WhatsApp) {
			im.ds.problem(p, "number", "the phone %q is not among the service's contacts; %s", p.fields["number"], hint)
		}
	}
	for _, kv := range []struct {
		f string
		k referral.ContactKind
	}{{"url", referral.Website}, {"email", referral.Email}} {
		if v := r.fields[kv.f]; v != "" && !has(v, kv.k) {
			im.ds.problem(r, kv.f, "%q is not among the service's contacts; %s", v, hint)
		}
	}
	for _, a := range im.addresses(r) {
		if v := a.fields["address_1"]; !has(v, referral.Address) {
			im.ds.problem(a, "address_1", "the address %q is not among the service's contacts; %s", v, hint)
		}
	}
}

// children returns the records of table whose field key is id, in order.
func (im *importer) children(table, key, id string) []*record {
	var out []*record
	for _, r := range im.ds.tables[table] {
		if r.fields[key] == id {
			out = append(out, r)
		}
	}
	return out
}

// addresses returns the addresses of the locations of service r.
func (im *importer) addresses(r *record) []*record {
	var out []*record
	for _, sal := range im.children("service_at_location", "service_id", r.id()) {
		out = append(out, im.children("address", "location_id", sal.fields["location_id"])...)
	}
	return out
}

func (im *importer) number(r *record, f string) int {
	v := r.fields[f]
	if v == "" {
		return 0
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || n != float64(int(n)) {
		im.ds.problem(r, f, "%q is not a whole number of years", v)
		return 0
	}
	return int(n)
}

func decodeContact(v string) (referral.Contact, error) {
	var j contactJSON
	if err := jsonUnmarshalStrict(v, &j); err != nil {
		return referral.Contact{}, err
	}
	c := referral.Contact{Kind: referral.ContactKind(j.Kind), Value: j.Value, Purpose: referral.Purpose(j.For),
		Cost: referral.Cost(j.Cost), Sources: j.Source, Unconfirmed: j.Unconfirmed}
	h, err := referral.ParseHours(j.Hours)
	if err != nil {
		return c, err
	}
	c.Hours = h
	if j.Checked != "" {
		if c.Checked, err = time.Parse("2006-01-02", j.Checked); err != nil {
			return c, fmt.Errorf("checked %q is not a date as 2025-11-06", j.Checked)
		}
	}
	c.Note = referral.Text{KK: j.Note["kk"], RU: j.Note["ru"], EN: j.Note["en"]}
	if len(c.Sources) == 0 {
		c.Sources = nil
	}
	return c, nil
}
