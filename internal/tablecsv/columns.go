package tablecsv

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The organisation and service columns, in the order Write writes them.
var (
	orgColumns = []string{"org_id", "org_kind", "org_name_kk", "org_name_ru", "org_name_en", "org_alt_names", "org_notes"}

	serviceColumns = []string{"service_id", "name_kk", "name_ru", "name_en",
		"description_kk", "description_ru", "description_en", "needs", "emergency", "general",
		"area", "languages", "hours", "cost", "min_age", "max_age", "women", "citizenship", "notes"}

	// contactFields are the columns of one contact, after "contactN_".
	contactFields = []string{"kind", "value", "for", "hours", "cost", "sources", "checked",
		"unconfirmed", "note_kk", "note_ru", "note_en"}

	// requiredColumns must be in every file.
	requiredColumns = []string{"org_id", "org_kind", "org_name_kk", "org_name_ru", "org_name_en",
		"service_id", "name_kk", "name_ru", "name_en", "description_kk", "description_ru",
		"description_en", "needs", "area", "contact1_kind", "contact1_value",
		"contact1_sources", "contact1_checked"}
)

var contactColumn = regexp.MustCompile(`^contact([1-9][0-9]?)_([a-z_]+)$`)

// contactCol names field of the n-th contact (from 1).
func contactCol(n int, field string) string { return "contact" + strconv.Itoa(n) + "_" + field }

// header returns the columns Write writes for contacts groups.
func header(contacts int) []string {
	h := append(append([]string{}, orgColumns...), serviceColumns...)
	for n := 1; n <= contacts; n++ {
		for _, f := range contactFields {
			h = append(h, contactCol(n, f))
		}
	}
	return h
}

// known reports whether name is a column of the format and, for a contact
// column, its group number.
func known(name string) (group int, ok bool) {
	for _, c := range orgColumns {
		if c == name {
			return 0, true
		}
	}
	for _, c := range serviceColumns {
		if c == name {
			return 0, true
		}
	}
	m := contactColumn.FindStringSubmatch(name)
	if m == nil {
		return 0, false
	}
	for _, f := range contactFields {
		if f == m[2] {
			n, _ := strconv.Atoi(m[1])
			return n, true
		}
	}
	return 0, false
}

// columnList formats the column names for a message.
func columnList() string {
	var cs []string
	for _, f := range contactFields {
		cs = append(cs, "contactN_"+f)
	}
	return strings.Join(orgColumns, ", ") + ", " + strings.Join(serviceColumns, ", ") +
		", and for each contact N = 1, 2, …: " + strings.Join(cs, ", ")
}

// splitList splits a ;-separated cell into its elements, trimmed; empty
// elements are dropped and an empty cell is nil.
func splitList(cell string) []string {
	var out []string
	for _, e := range strings.Split(cell, ";") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// joinList writes elements as one cell, or fails if splitList would not
// give them back.
func joinList(column string, elems []string) (string, error) {
	for _, e := range elems {
		if e == "" || strings.Contains(e, ";") || strings.TrimSpace(e) != e {
			return "", fmt.Errorf("tablecsv: %s: %q cannot be written in a ;-separated cell (it is empty, holds a ; or starts or ends with a space)", column, e)
		}
	}
	return strings.Join(elems, "; "), nil
}
