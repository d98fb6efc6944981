package referralfile

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// decoder reads the generic tree the TOML library decodes a file into,
// checking every key and every value's type as it goes. Each problem is
// placed with the file's line index.
type decoder struct {
	file string
	idx  *lineIndex
	ps   []Problem
	// bad holds the paths whose value had the wrong type, so that the
	// domain validation does not report them a second time as missing.
	bad map[string]bool
}

func (d *decoder) add(path, format string, args ...any) {
	d.ps = append(d.ps, Problem{File: d.file, Line: d.idx.line(path), Field: path, Message: fmt.Sprintf(format, args...)})
}

func (d *decoder) wrongType(path, want string, v any) {
	d.bad[path] = true
	d.add(path, "%s; found %s", want, describe(v))
}

// isBad reports whether path or a table enclosing it had the wrong type.
func (d *decoder) isBad(path string) bool {
	for p := path; p != ""; p = parentPath(p) {
		if d.bad[p] {
			return true
		}
	}
	return false
}

func (d *decoder) syntaxError(err error) {
	pe, ok := err.(toml.ParseError)
	if !ok {
		d.ps = append(d.ps, Problem{File: d.file, Message: "cannot read the file as TOML: " + err.Error()})
		return
	}
	msg := "TOML syntax error: " + strings.TrimRight(pe.Message, ".")
	if strings.Contains(pe.Message, "already") {
		msg += ": every key and table may be written only once; remove or merge the second one"
	} else {
		msg += `. Check this line: text goes in double quotes ("…"), lists in square brackets ([…]), one key = value per line`
	}
	d.ps = append(d.ps, Problem{File: d.file, Line: pe.Position.Line, Message: msg})
}

// table is one TOML table of the file and its path.
type table struct {
	d    *decoder
	m    map[string]any
	path string
}

func (t table) at(key string) string { return joinPath(t.path, key) }

// known reports every key of t that is not in keys.
func (t table) known(keys ...string) {
	var unknown []string
	for k := range t.m {
		if !slices.Contains(keys, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		if i := slices.IndexFunc(keys, func(s string) bool { return strings.EqualFold(s, k) }); i >= 0 {
			t.d.add(t.at(k), "keys are written in lower case: write %q instead of %q", keys[i], k)
			continue
		}
		t.d.add(t.at(k), "unknown key %q; the keys allowed here are: %s", k, strings.Join(keys, ", "))
	}
}

func (t table) str(key string) string {
	v, ok := t.m[key]
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		t.d.wrongType(t.at(key), fmt.Sprintf(`%s must be text in double quotes, as in %s = "…"`, key, key), v)
	}
	return s
}

func (t table) flag(key string) bool {
	v, ok := t.m[key]
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		t.d.wrongType(t.at(key), fmt.Sprintf("%s must be true or false, without quotes", key), v)
	}
	return b
}

// strs reads a list of strings; an empty list is nil.
func (t table) strs(key string) []string {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	want := fmt.Sprintf(`%s must be a list of texts in square brackets, as in %s = ["…", "…"]`, key, key)
	list, ok := v.([]any)
	if !ok {
		t.d.wrongType(t.at(key), want, v)
		return nil
	}
	var out []string
	for _, e := range list {
		s, ok := e.(string)
		if !ok {
			t.d.wrongType(t.at(key), want, e)
			return nil
		}
		out = append(out, s)
	}
	return out
}

// text reads a [name]-style table of kk, ru and en texts.
func (t table) text(key string) (kk, ru, en string) {
	v, ok := t.m[key]
	if !ok {
		return "", "", ""
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.d.wrongType(t.at(key), fmt.Sprintf(`%s must be a table with kk, ru and en texts, as in [%s] followed by kk = "…", ru = "…" and en = "…" lines`, key, strings.TrimPrefix(t.genericPath()+"."+key, ".")), v)
		return "", "", ""
	}
	sub := table{t.d, m, t.at(key)}
	sub.known("kk", "ru", "en")
	return sub.str("kk"), sub.str("ru"), sub.str("en")
}

// tables reads an array of tables ([[service]]); elements are numbered
// from 1 in their paths.
func (t table) tables(key string) []table {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	header := "[[" + strings.TrimPrefix(t.genericPath()+"."+key, ".") + "]]"
	var elems []any
	switch v := v.(type) {
	case []map[string]any:
		for _, m := range v {
			elems = append(elems, m)
		}
	case []any:
		elems = v
	default:
		t.d.wrongType(t.at(key), fmt.Sprintf("write each %s as its own block under a %s header, with double brackets", key, header), v)
		return nil
	}
	var out []table
	for i, e := range elems {
		m, ok := e.(map[string]any)
		if !ok {
			t.d.wrongType(t.at(key), fmt.Sprintf("write each %s as its own block under a %s header", key, header), e)
			return nil
		}
		out = append(out, table{t.d, m, fmt.Sprintf("%s[%d]", t.at(key), i+1)})
	}
	return out
}

// date reads a TOML local date (2025-11-06, no quotes) as UTC midnight.
func (t table) date(key string) time.Time {
	v, ok := t.m[key]
	if !ok {
		return time.Time{}
	}
	want := fmt.Sprintf("%s must be a date without quotes and without a time, as in %s = 2025-11-06", key, key)
	tm, ok := v.(time.Time)
	if !ok || tm.Location().String() != "date-local" {
		t.d.wrongType(t.at(key), want, v)
		return time.Time{}
	}
	return time.Date(tm.Year(), tm.Month(), tm.Day(), 0, 0, 0, 0, time.UTC)
}

// genericPath is the table's path without element numbers, as TOML headers
// write it: "service.contact".
func (t table) genericPath() string {
	var b strings.Builder
	inIndex := false
	for _, r := range t.path {
		switch {
		case r == '[':
			inIndex = true
		case r == ']':
			inIndex = false
		case !inIndex:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// describe names the TOML type of a decoded value for a problem message.
func describe(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("the text %q", v)
	case bool:
		return fmt.Sprintf("%t", v)
	case int64:
		return fmt.Sprintf("the number %d", v)
	case float64:
		return fmt.Sprintf("the number %g", v)
	case time.Time:
		switch v.Location().String() {
		case "date-local":
			return "a date"
		case "time-local":
			return "a time of day"
		}
		return "a date with a time"
	case []any:
		return "a list"
	case []map[string]any:
		return "a list of tables"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("a value of type %T", v)
}
