package hsds

import (
	"crypto/sha1"
	"fmt"
	"strconv"

	"github.com/komek-kz/komek/internal/referralfile"
)

// Problem is one thing wrong with (or, for a notice, left out of) an HSDS
// data set: File, Line (the row of a CSV file, the header being row 1; 0 in
// JSON), Field (the column, or the JSON path of the value, as in
// "[2].phones[0].number") and Message.
type Problem = referralfile.Problem

// record is one row of an HSDS table, however it was written: a CSV row or
// a JSON object, nested or not. Nested objects become records of their own,
// linked by their IDs as in the tabular form.
type record struct {
	table  string
	fields map[string]string // non-empty values, numbers as written
	file   string
	line   int    // CSV row; 0 in JSON
	path   string // JSON path of the object ("[0].phones[1]"), "" in CSV
}

func (r *record) id() string { return r.fields["id"] }

// at is the place of field f of r, for a problem.
func (r *record) at(f string) (file string, line int, field string) {
	switch {
	case r.path != "" && f != "":
		return r.file, r.line, r.path + "." + f
	case r.path != "":
		return r.file, r.line, r.path
	}
	return r.file, r.line, f
}

// dataset is a whole HSDS data set as records, table by table, in the order
// they were read.
type dataset struct {
	tables   map[string][]*record
	byID     map[string]map[string]*record
	problems []Problem
	notices  []Problem
}

func newDataset() *dataset {
	return &dataset{tables: make(map[string][]*record), byID: make(map[string]map[string]*record)}
}

// add stores r, or merges it into the record of the same table and ID read
// earlier (nested JSON repeats objects); it returns the stored record.
// Values that differ between the two are a problem.
func (d *dataset) add(r *record) *record {
	ids := d.byID[r.table]
	if ids == nil {
		ids = make(map[string]*record)
		d.byID[r.table] = ids
	}
	prev, ok := ids[r.id()]
	if !ok || r.id() == "" {
		if r.id() != "" {
			ids[r.id()] = r
		}
		d.tables[r.table] = append(d.tables[r.table], r)
		return r
	}
	for k, v := range r.fields {
		old, set := prev.fields[k]
		switch {
		case !set:
			prev.fields[k] = v
		case old != v && k != "link_entity":
			d.problem(r, k, "%s %s is written twice with different values (%q here, %q at %s): keep one", r.table, r.id(), v, old, where(prev, k))
		}
	}
	return prev
}

// get returns the record of table with id, or nil.
func (d *dataset) get(table, id string) *record { return d.byID[table][id] }

func (d *dataset) problem(r *record, f, format string, args ...any) {
	file, line, field := r.at(f)
	d.problems = append(d.problems, Problem{File: file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (d *dataset) notice(r *record, f, format string, args ...any) {
	file, line, field := r.at(f)
	d.notices = append(d.notices, Problem{File: file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// where formats the place of field f of r for a message.
func where(r *record, f string) string {
	file, line, field := r.at(f)
	s := file
	if line > 0 {
		s += ":" + strconv.Itoa(line)
	}
	if field != "" {
		s += ": " + field
	}
	return s
}

// namespace is the UUID namespace of the IDs Komek writes (a version 5
// UUID of "https://komek.kz/hsds" in the URL namespace, written out).
var namespace = [16]byte{0x5b, 0x8e, 0x0c, 0x3e, 0x41, 0x7a, 0x5f, 0x2d, 0x9a, 0x51, 0x6c, 0x3f, 0x0e, 0x72, 0x1d, 0x44}

// uuid returns the version 5 UUID of name in Komek's namespace: the same
// name always gives the same ID, so exports of one table are diffable.
func uuid(name string) string {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
