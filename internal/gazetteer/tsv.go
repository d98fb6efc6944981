package gazetteer

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// row is one data line of a tab-separated file: its 1-based line number
// and its fields, trimmed. Missing trailing optional fields are "".
type row struct {
	line   int
	fields []string
}

// ParseError names the file line and column a value was rejected at.
type ParseError struct {
	Line   int    // 1-based line in the file
	Column int    // 1-based column; 0 when the whole line is wrong
	Name   string // the column's header name, "" when Column is 0
	Err    error
}

func (e *ParseError) Error() string {
	if e.Column == 0 {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("line %d, column %d (%s): %v", e.Line, e.Column, e.Name, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// readTSV reads a tab-separated file whose first non-comment line is a
// header naming exactly the columns want (the last optional of them may be
// left out, in the header and in rows). Blank lines and lines starting
// with '#' are skipped. Rows with more fields than columns are an error.
func readTSV(r io.Reader, want []string, optional int) ([]row, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	var rows []row
	n, header := 0, false
	for sc.Scan() {
		n++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(strings.TrimSpace(text), "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if !header {
			if err := checkHeader(fields, want, optional); err != nil {
				return nil, &ParseError{Line: n, Err: err}
			}
			header = true
			continue
		}
		if len(fields) > len(want) || len(fields) < len(want)-optional {
			return nil, &ParseError{Line: n, Err: fmt.Errorf("%d fields, want %d to %d separated by tabs", len(fields), len(want)-optional, len(want))}
		}
		for len(fields) < len(want) {
			fields = append(fields, "")
		}
		rows = append(rows, row{line: n, fields: fields})
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{Line: n + 1, Err: err}
	}
	if !header {
		return nil, &ParseError{Line: n, Err: fmt.Errorf("no header line (want %q)", strings.Join(want, "\t"))}
	}
	return rows, nil
}

func checkHeader(got, want []string, optional int) error {
	if len(got) > len(want) || len(got) < len(want)-optional {
		return fmt.Errorf("header has %d columns, want %q", len(got), strings.Join(want, "\t"))
	}
	for i, g := range got {
		if g != want[i] {
			return fmt.Errorf("header column %d is %q, want %q", i+1, g, want[i])
		}
	}
	return nil
}

// fieldErr builds the error for column i (0-based) of r.
func fieldErr(r row, want []string, i int, err error) error {
	return &ParseError{Line: r.line, Column: i + 1, Name: want[i], Err: err}
}

// list splits a ';'-separated list, dropping empty entries around
// separators; an entry that is only spaces between two separators is an
// error (it is almost always a typing slip).
func list(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var out []string
	for _, p := range strings.Split(s, ";") {
		p = strings.TrimSpace(p)
		if p == "" {
			return nil, fmt.Errorf("empty entry in %q (two ';' in a row, or ';' at an end)", s)
		}
		out = append(out, p)
	}
	return out, nil
}

// appendNew appends the names not yet in names (exact comparison).
func appendNew(names []string, more ...string) []string {
	for _, m := range more {
		if m != "" && !contains(names, m) {
			names = append(names, m)
		}
	}
	return names
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
