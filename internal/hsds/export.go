package hsds

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/komek-kz/komek/internal/referral"
)

// Options configure the writers and readers.
type Options struct {
	// Lang is the language of HSDS's own name and description fields:
	// the writers fill them in Lang, and the readers read them as Lang
	// when a data set has no Komek extension. Empty means English.
	Lang referral.Lang
	// Label names a need, region or other code for people, in Lang, given
	// its message ID ("need.legal", "region.almaty"): the names of taxonomy
	// terms and service areas. Nil writes the codes.
	Label func(id string) string
}

func (o Options) lang() referral.Lang {
	if o.Lang.Valid() {
		return o.Lang
	}
	return referral.English
}

func (o Options) label(kind, code string) string {
	if o.Label != nil {
		if s := o.Label(kind + "." + code); s != "" && s != kind+"."+code {
			return s
		}
	}
	return code
}

// exporter builds the data set of a table.
type exporter struct {
	opts Options
	ds   *dataset
}

// build returns the data set of orgs: organisations and services in table
// order, each followed by the records that hang from it.
func build(orgs []referral.Organization, opts Options) (*dataset, error) {
	e := &exporter{opts: opts, ds: newDataset()}
	e.taxonomies()
	for i := range orgs {
		if err := e.org(&orgs[i]); err != nil {
			return nil, err
		}
	}
	return e.ds, nil
}

func (e *exporter) put(table string, fields map[string]string) string {
	for k, v := range fields {
		if v == "" && !isRequired(table, k) {
			delete(fields, k)
		}
	}
	e.ds.add(&record{table: table, fields: fields})
	return fields["id"]
}

func isRequired(table, f string) bool {
	for _, r := range required[table] {
		if r == f {
			return true
		}
	}
	return false
}

func termID(tax, code string) string { return uuid("term:" + tax + ":" + code) }

func (e *exporter) taxonomies() {
	for _, tax := range taxonomies {
		e.put("taxonomy", map[string]string{"id": uuid("taxonomy:" + tax), "name": tax,
			"description": taxonomyDescription[tax], "version": "1"})
		for _, code := range terms(tax) {
			name := code
			switch tax {
			case taxNeeds:
				name = e.opts.label("need", code)
			case taxRegions:
				name = e.opts.label("region", code)
			}
			e.put("taxonomy_term", map[string]string{"id": termID(tax, code), "code": code, "name": name,
				"description": "", "taxonomy": tax, "taxonomy_id": uuid("taxonomy:" + tax)})
		}
	}
}

// attr links the record linkID of table entity to term code of tax.
func (e *exporter) attr(entity, linkID, tax, code, value string) {
	n := len(e.ds.tables["attribute"])
	e.put("attribute", map[string]string{"id": uuid(fmt.Sprintf("attribute:%s#%d", linkID, n)), "link_id": linkID,
		"taxonomy_term_id": termID(tax, code), "link_type": linkType[tax], "link_entity": entity, "value": value})
}

// text writes each language of t that is there as a taxKomek attribute
// prefix + language.
func (e *exporter) text(entity, id, prefix string, t referral.Text) {
	for _, kv := range [][2]string{{"kk", t.KK}, {"ru", t.RU}, {"en", t.EN}} {
		if kv[1] != "" {
			e.attr(entity, id, taxKomek, prefix+kv[0], kv[1])
		}
	}
}

func (e *exporter) org(o *referral.Organization) error {
	id := uuid("organization:" + o.ID)
	alt := ""
	if len(o.AltNames) > 0 {
		alt = o.AltNames[0]
	}
	e.put("organization", map[string]string{"id": id, "name": o.Name.In(e.opts.lang()), "alternate_name": alt, "description": ""})
	e.attr("organization", id, taxKomek, extID, o.ID)
	e.attr("organization", id, taxKomek, extKind, string(o.Kind))
	for _, a := range o.AltNames {
		e.attr("organization", id, taxKomek, extAltName, a)
	}
	if o.Notes != "" {
		e.attr("organization", id, taxKomek, extNotes, o.Notes)
	}
	e.text("organization", id, extName, o.Name)
	for i := range o.Services {
		if err := e.service(id, &o.Services[i]); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) service(orgID string, s *referral.Service) error {
	id := uuid("service:" + s.ID)
	lang := e.opts.lang()
	f := map[string]string{"id": id, "organization_id": orgID, "name": s.Name.In(lang),
		"description": s.Description.In(lang), "status": "active",
		"url": firstOf(s, referral.Website), "email": firstOf(s, referral.Email)}
	if s.Eligibility.MinAge > 0 {
		f["minimum_age"] = strconv.Itoa(s.Eligibility.MinAge)
	}
	if s.Eligibility.MaxAge > 0 {
		f["maximum_age"] = strconv.Itoa(s.Eligibility.MaxAge)
	}
	e.put("service", f)
	e.serviceAttrs(id, s)
	for _, l := range s.Languages {
		e.put("language", map[string]string{"id": uuid("language:" + s.ID + "#" + l), "service_id": id, "name": l, "code": l})
	}
	e.schedules(id, s)
	e.areas(id, s)
	return e.contacts(id, s)
}

func (e *exporter) serviceAttrs(id string, s *referral.Service) {
	e.attr("service", id, taxKomek, extID, s.ID)
	e.text("service", id, extName, s.Name)
	e.text("service", id, extDescription, s.Description)
	for _, n := range s.Needs {
		e.attr("service", id, taxNeeds, string(n), "")
	}
	if s.Eligibility.Women {
		e.attr("service", id, taxEligibility, termWomen, "")
	}
	switch s.Eligibility.Citizenship {
	case referral.CitizenKZ:
		e.attr("service", id, taxEligibility, termCitizenKZ, "")
	case referral.Foreigner:
		e.attr("service", id, taxEligibility, termForeigner, "")
	}
	flags := []struct {
		on   bool
		term string
	}{{s.Emergency, extEmergency}, {s.General, extGeneral}}
	for _, fl := range flags {
		if fl.on {
			e.attr("service", id, taxKomek, fl.term, "true")
		}
	}
	e.attr("service", id, taxKomek, extHours, s.Hours.String())
	for _, kv := range [][2]string{{extCost, string(s.Cost)}, {extNotes, s.Notes}} {
		if kv[1] != "" {
			e.attr("service", id, taxKomek, kv[0], kv[1])
		}
	}
	for i := range s.Contacts {
		e.attr("service", id, taxKomek, extContact, encodeContact(&s.Contacts[i]))
	}
}

var byday = []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// schedules writes the service's hours as weekly schedules: one per span,
// or every day from 00:00 to 24:00 when it is always open.
func (e *exporter) schedules(id string, s *referral.Service) {
	spans := s.Hours.Weekly
	if s.Hours.Always {
		spans = []referral.Span{{First: 0, Last: 6, From: 0, To: 24 * 60}}
	}
	for i, sp := range spans {
		e.put("schedule", map[string]string{"id": uuid(fmt.Sprintf("schedule:%s#%d", s.ID, i)), "service_id": id,
			"freq": "WEEKLY", "interval": "1", "byday": strings.Join(byday[sp.First:sp.Last+1], ","),
			"opens_at": clock(sp.From), "closes_at": clock(sp.To), "description": s.Hours.String()})
	}
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d:00", m/60, m%60) }

// areas writes one service area per area code, each linked to its term.
func (e *exporter) areas(id string, s *referral.Service) {
	var codes []string
	if s.Area.Nationwide {
		codes = append(codes, areaNation)
	}
	codes = append(codes, strs(s.Area.Regions)...)
	if s.Area.Abroad {
		codes = append(codes, areaAbroad)
	}
	for _, c := range codes {
		aid := e.put("service_area", map[string]string{"id": uuid("service_area:" + s.ID + "#" + c), "service_id": id,
			"name": e.opts.label("region", c)})
		e.attr("service_area", aid, taxRegions, c, "")
	}
}

// contacts writes the contacts HSDS has a place for: phone numbers as
// phones, addresses as locations (with an address, linked to the service).
// The service's url and email are its first website and e-mail. The
// contact attributes hold every contact in full.
func (e *exporter) contacts(id string, s *referral.Service) error {
	for i := range s.Contacts {
		c := &s.Contacts[i]
		key := fmt.Sprintf("%s#%d", s.ID, i)
		switch {
		case c.Kind == referral.Phone || c.Kind == referral.WhatsApp && strings.HasPrefix(c.Value, "+"):
			typ := "voice"
			if c.Kind == referral.WhatsApp {
				typ = "text"
			}
			e.put("phone", map[string]string{"id": uuid("phone:" + key), "service_id": id, "number": c.Value, "type": typ,
				"description": c.Note.In(e.opts.lang())})
		case c.Kind == referral.Address:
			lid := e.put("location", map[string]string{"id": uuid("location:" + key), "location_type": "physical", "name": c.Value})
			e.put("address", map[string]string{"id": uuid("address:" + key), "location_id": lid, "address_1": c.Value,
				"city": "", "state_province": "", "postal_code": "", "country": "", "address_type": "physical"})
			e.put("service_at_location", map[string]string{"id": uuid("service_at_location:" + key), "service_id": id, "location_id": lid})
		}
	}
	return nil
}

func firstOf(s *referral.Service, k referral.ContactKind) string {
	for _, c := range s.Contacts {
		if c.Kind == k {
			return c.Value
		}
	}
	return ""
}

// contactJSON is a contact in the value of a "contact" attribute, with the
// keys of the text format.
type contactJSON struct {
	Kind        string            `json:"kind"`
	Value       string            `json:"value"`
	For         string            `json:"for,omitempty"`
	Hours       string            `json:"hours,omitempty"`
	Cost        string            `json:"cost,omitempty"`
	Note        map[string]string `json:"note,omitempty"`
	Source      []string          `json:"source"`
	Checked     string            `json:"checked,omitempty"`
	Unconfirmed bool              `json:"unconfirmed,omitempty"`
}

func encodeContact(c *referral.Contact) string {
	j := contactJSON{Kind: string(c.Kind), Value: c.Value, For: string(c.Purpose), Cost: string(c.Cost),
		Source: c.Sources, Unconfirmed: c.Unconfirmed}
	if c.Hours.Known() {
		j.Hours = c.Hours.String()
	}
	if !c.Checked.IsZero() {
		j.Checked = c.Checked.Format("2006-01-02")
	}
	if !c.Note.IsZero() {
		j.Note = map[string]string{}
		for _, kv := range [][2]string{{"kk", c.Note.KK}, {"ru", c.Note.RU}, {"en", c.Note.EN}} {
			if kv[1] != "" {
				j.Note[kv[0]] = kv[1]
			}
		}
	}
	data, err := json.Marshal(j)
	if err != nil { // impossible: strings only
		panic("hsds: encode contact: " + err.Error())
	}
	return string(data)
}
