package hsds

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/komek-kz/komek/internal/referral"
)

// ReadJSON reads an HSDS JSON data set: an array of services (as WriteJSON
// writes it and as the HSDS API's /services/{id} returns each), one such
// service, a page of the API ({"contents": […]}), an organisation with its
// services nested under "services", or the tabular form as JSON (an object
// whose keys are the CSV file names, "organizations.csv": […]).
//
// It returns the table as far as it could be read, the problems (the
// table is usable only without them) and the notices: every value the data
// set holds that Komek does not keep, with its place. A data set written by
// WriteJSON gives back the table it was written from, with no notices.
func ReadJSON(file string, data []byte, opts Options) ([]referral.Organization, []Problem, []Problem) {
	ds := newDataset()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, []Problem{{File: file, Line: jsonLine(data, err), Message: "cannot read the file as JSON: " + err.Error()}}, nil
	}
	f := &flattener{ds: ds, file: file}
	switch v := v.(type) {
	case []any:
		f.array(v, "service", "", nil)
	case map[string]any:
		f.top(v)
	default:
		return nil, []Problem{{File: file, Message: "the file holds no HSDS data: expected a list of services or an object"}}, nil
	}
	return toTable(ds, opts)
}

func jsonLine(data []byte, err error) int {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n")) + 1
	}
	return 0
}

// flattener turns nested JSON objects into records.
type flattener struct {
	ds   *dataset
	file string
}

func (f *flattener) top(m map[string]any) {
	switch {
	case slices.ContainsFunc(keys(m), func(k string) bool { return strings.HasSuffix(k, ".csv") }):
		for _, k := range keys(m) {
			r := resourceByPath[k]
			rows, ok := m[k].([]any)
			if r == nil || !ok {
				f.ds.notices = append(f.ds.notices, Problem{File: f.file, Field: k, Message: "not an HSDS table; left out"})
				continue
			}
			f.array(rows, r.name, k, nil)
		}
	case m["contents"] != nil:
		list, _ := m["contents"].([]any)
		f.array(list, "service", "contents", nil)
	case m["services"] != nil && m["organization_id"] == nil:
		f.object(m, "organization", "", nil)
	default:
		f.object(m, "service", "", nil)
	}
}

func keys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// many maps a property holding a list of objects to its table; one maps a
// property holding one object to its table.
var (
	many = map[string]string{"phones": "phone", "schedules": "schedule", "service_areas": "service_area",
		"service_at_locations": "service_at_location", "languages": "language", "funding": "funding",
		"cost_options": "cost_option", "required_documents": "required_document", "contacts": "contact",
		"attributes": "attribute", "metadata": "metadata", "addresses": "address", "accessibility": "accessibility",
		"locations": "location", "programs": "program", "organization_identifiers": "organization_identifier",
		"services": "service"}
	one = map[string]string{"organization": "organization", "program": "program", "location": "location",
		"taxonomy_term": "taxonomy_term", "taxonomy_detail": "taxonomy"}
)

func (f *flattener) array(list []any, table, path string, parent *record) {
	for i, e := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		m, ok := e.(map[string]any)
		if !ok {
			f.ds.problems = append(f.ds.problems, Problem{File: f.file, Field: p, Message: "expected an object here"})
			continue
		}
		f.object(m, table, p, parent)
	}
}

// object reads one object of table as a record, links it to its parent
// and reads the objects nested in it.
func (f *flattener) object(m map[string]any, table, path string, parent *record) *record {
	r := &record{table: table, fields: make(map[string]string), file: f.file, path: path}
	for k, v := range m {
		if s, ok := scalar(v); ok && s != "" {
			r.fields[k] = s
		}
	}
	if r.id() == "" {
		r.fields["id"] = "_" + f.file + path // a record without ID is still read
	}
	if parent != nil {
		link(r, parent)
	}
	r = f.ds.add(r)
	for _, k := range keys(m) {
		at := strings.TrimPrefix(path+"."+k, ".")
		switch v := m[k].(type) {
		case []any:
			if t, ok := many[k]; ok {
				f.array(v, t, at, r)
				continue
			}
			f.ds.notice(r, k, "a list that is not part of HSDS; left out")
		case map[string]any:
			t, ok := one[k]
			if !ok {
				f.ds.notice(r, k, "an object that is not part of HSDS; left out")
				continue
			}
			child := f.object(v, t, at, nil)
			if k == "taxonomy_detail" {
				r.fields["taxonomy_id"] = child.id()
			} else {
				r.fields[k+"_id"] = child.id()
			}
		}
	}
	return r
}

// link sets the fields of child that name its parent: link_id and
// link_entity for an attribute, resource_id for metadata, else
// "<parent table>_id" where child's table has such a field.
func link(child, parent *record) {
	set := func(k, v string) {
		if child.fields[k] == "" {
			child.fields[k] = v
		}
	}
	switch {
	case child.table == "attribute":
		set("link_id", parent.id())
		set("link_entity", parent.table)
	case child.table == "metadata":
		set("resource_id", parent.id())
		set("resource_type", parent.table)
	case resourceByName[child.table].has(parent.table + "_id"):
		set(parent.table+"_id", parent.id())
	}
}

func scalar(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		return fmt.Sprint(v), true
	}
	return "", false
}

// ReadTabular reads an HSDS tabular data package: the CSV files of fsys
// named as the HSDS descriptor names them (organizations.csv,
// services.csv, …), each with a header row. datapackage.json, when there,
// is not needed; other files are reported as notices. Results as for
// ReadJSON.
func ReadTabular(fsys fs.FS, opts Options) ([]referral.Organization, []Problem, []Problem) {
	ds := newDataset()
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, []Problem{{Message: "cannot read the folder: " + err.Error()}}, nil
	}
	for _, e := range entries {
		name := e.Name()
		r := resourceByPath[name]
		switch {
		case r != nil:
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				ds.problems = append(ds.problems, Problem{File: name, Message: "cannot read the file: " + err.Error()})
				continue
			}
			readCSV(ds, name, r, data)
		case name != "datapackage.json" && !strings.HasPrefix(name, "."):
			ds.notices = append(ds.notices, Problem{File: name, Message: "not a file of an HSDS data package; left out"})
		}
	}
	if len(ds.tables["service"]) == 0 && len(ds.problems) == 0 {
		ds.problems = append(ds.problems, Problem{File: "services.csv", Message: "there is no services.csv with services in the folder: an HSDS data package has one"})
	}
	return toTable(ds, opts)
}

func readCSV(ds *dataset, file string, r *resource, data []byte) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	var head []string
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			ds.problems = append(ds.problems, Problem{File: file, Line: row, Message: "cannot read the CSV: " + err.Error()})
			return
		}
		if head == nil {
			head = rec
			for _, h := range head {
				if !r.has(h) {
					ds.notices = append(ds.notices, Problem{File: file, Line: 1, Field: h, Message: "not a column of HSDS " + r.path + "; left out"})
				}
			}
			continue
		}
		if len(rec) != len(head) {
			ds.problems = append(ds.problems, Problem{File: file, Line: row, Message: fmt.Sprintf("this row has %d cells but the header has %d", len(rec), len(head))})
			continue
		}
		rc := &record{table: r.name, fields: make(map[string]string), file: file, line: row}
		for i, v := range rec {
			if !utf8.ValidString(v) {
				ds.problems = append(ds.problems, Problem{File: file, Line: row, Field: head[i], Message: "the text is not UTF-8: save the file as CSV UTF-8"})
				continue
			}
			if v != "" && r.has(head[i]) {
				rc.fields[head[i]] = v
			}
		}
		if rc.id() == "" {
			rc.fields["id"] = fmt.Sprintf("_%s:%d", file, row)
		}
		ds.add(rc)
	}
}
