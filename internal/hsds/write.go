package hsds

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/komek-kz/komek/internal/referral"
)

// WriteJSON writes orgs as an HSDS 3.0 JSON data set: a JSON array of
// fully nested services, each as the HSDS API's /services/{id} returns it
// (schema service.json), with its organisation, phones, schedules, service
// areas, languages, locations and attributes nested in it; attributes carry
// their taxonomy term and its taxonomy. ReadJSON reads it back to orgs.
func WriteJSON(w io.Writer, orgs []referral.Organization, opts Options) error {
	ds, err := build(orgs, opts)
	if err != nil {
		return err
	}
	n := newNester(ds)
	out := make([]object, 0, len(ds.tables["service"]))
	for _, s := range ds.tables["service"] {
		out = append(out, n.service(s))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("hsds: write JSON: %w", err)
	}
	return nil
}

// tabularTables are the tables WriteTabular writes, always, in this order.
var tabularTables = []string{"organization", "service", "phone", "schedule", "service_area", "language",
	"location", "address", "service_at_location", "attribute", "taxonomy", "taxonomy_term"}

// WriteTabular writes orgs as an HSDS 3.0 tabular data package into the
// folder dir, creating it: datapackage.json and one CSV file per table
// (organizations.csv, services.csv, phones.csv, …), each with every column
// of the HSDS descriptor, in its order. ReadTabular reads it back to orgs.
func WriteTabular(dir string, orgs []referral.Organization, opts Options) error {
	ds, err := build(orgs, opts)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("hsds: write data package: %w", err)
	}
	var res []object
	for _, table := range tabularTables {
		r := resourceByName[table]
		if err := writeCSV(filepath.Join(dir, r.path), r, ds.tables[table]); err != nil {
			return err
		}
		res = append(res, descriptor(r))
	}
	pkg := object{{"name", "komek_referrals"}, {"title", "Komek referral table"},
		{"profile", "tabular-data-package"}, {"version", "3.0.0"}, {"resources", res}}
	data, err := json.MarshalIndent(pkg, "", "  ")
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "datapackage.json"), append(data, '\n'), 0o644)
	}
	if err != nil {
		return fmt.Errorf("hsds: write data package: %w", err)
	}
	return nil
}

func writeCSV(path string, r *resource, recs []*record) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := make([]string, len(r.fields))
	for i, f := range r.fields {
		head[i] = f.name
	}
	_ = w.Write(head)
	for _, rec := range recs {
		row := make([]string, len(r.fields))
		for i, f := range r.fields {
			row[i] = rec.fields[f.name]
		}
		_ = w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("hsds: write %s: %w", r.path, err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("hsds: write %s: %w", r.path, err)
	}
	return nil
}

// descriptor is the data package resource of r.
func descriptor(r *resource) object {
	fields := make([]object, len(r.fields))
	for i, f := range r.fields {
		fields[i] = object{{"name", f.name}, {"type", f.typ}}
	}
	return object{{"name", r.name}, {"path", r.path}, {"profile", "tabular-data-resource"}, {"format", "csv"},
		{"mediatype", "text/csv"}, {"encoding", "utf-8"},
		{"schema", object{{"fields", fields}, {"primaryKey", "id"}}}}
}

// object is a JSON object that keeps its members' order.
type object []member

type member struct {
	key   string
	value any
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		v, err := marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// nester builds nested JSON objects from the records of a data set.
type nester struct {
	ds       *dataset
	children map[string]map[string][]*record // table → foreign key value → records
}

func newNester(ds *dataset) *nester {
	n := &nester{ds: ds, children: make(map[string]map[string][]*record)}
	fk := map[string]string{"phone": "service_id", "schedule": "service_id", "service_area": "service_id",
		"language": "service_id", "service_at_location": "service_id", "address": "location_id", "attribute": "link_id"}
	for table, key := range fk {
		m := make(map[string][]*record)
		for _, r := range ds.tables[table] {
			m[r.fields[key]] = append(m[r.fields[key]], r)
		}
		n.children[table] = m
	}
	return n
}

// fields returns r's fields in the resource's order, typed.
func (n *nester) fields(r *record) object {
	res := resourceByName[r.table]
	var o object
	for _, f := range res.fields {
		v, ok := r.fields[f.name]
		switch {
		case !ok && isRequired(r.table, f.name):
			o = append(o, member{f.name, ""})
		case !ok:
		case f.typ == "number":
			o = append(o, member{f.name, json.Number(v)})
		default:
			o = append(o, member{f.name, v})
		}
	}
	return o
}

func (n *nester) list(table, parentID string, each func(*record) object) []object {
	var out []object
	for _, r := range n.children[table][parentID] {
		out = append(out, each(r))
	}
	return out
}

func (n *nester) with(o object, key string, list []object) object {
	if len(list) > 0 {
		o = append(o, member{key, list})
	}
	return o
}

func (n *nester) plain(r *record) object { return n.fields(r) }

func (n *nester) withAttrs(r *record) object {
	return n.with(n.fields(r), "attributes", n.list("attribute", r.id(), n.attribute))
}

func (n *nester) service(s *record) object {
	o := n.fields(s)
	o = n.with(o, "phones", n.list("phone", s.id(), n.plain))
	o = n.with(o, "schedules", n.list("schedule", s.id(), n.plain))
	o = n.with(o, "service_areas", n.list("service_area", s.id(), n.withAttrs))
	o = n.with(o, "service_at_locations", n.list("service_at_location", s.id(), n.serviceAtLocation))
	o = n.with(o, "languages", n.list("language", s.id(), n.plain))
	if org := n.ds.get("organization", s.fields["organization_id"]); org != nil {
		o = append(o, member{"organization", n.withAttrs(org)})
	}
	return n.with(o, "attributes", n.list("attribute", s.id(), n.attribute))
}

func (n *nester) serviceAtLocation(r *record) object {
	o := n.fields(r)
	if loc := n.ds.get("location", r.fields["location_id"]); loc != nil {
		o = append(o, member{"location", n.with(n.fields(loc), "addresses", n.list("address", loc.id(), n.plain))})
	}
	return o
}

func (n *nester) attribute(r *record) object {
	o := n.fields(r)
	if term := n.ds.get("taxonomy_term", r.fields["taxonomy_term_id"]); term != nil {
		t := n.fields(term)
		if tax := n.ds.get("taxonomy", term.fields["taxonomy_id"]); tax != nil {
			t = append(t, member{"taxonomy_detail", n.fields(tax)})
		}
		o = append(o, member{"taxonomy_term", t})
	}
	return o
}
