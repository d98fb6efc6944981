package tablecsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referralfile"
)

// Problem is one thing wrong with a spreadsheet: File, Line (the row as
// the spreadsheet numbers it, the header being row 1; 0 for the whole
// file), Field (the column) and Message (what is wrong and what to do).
type Problem = referralfile.Problem

// maxEncodingProblems bounds the reports of cells that are not UTF-8: one
// wrongly saved file has them on every row.
const maxEncodingProblems = 3

// Read reads a spreadsheet CSV. file names it in problems. It returns the
// organisations as far as they could be read, and every problem found:
// with the file (encoding, separator, header), with a cell (a value the
// format cannot read), and everything referral.Validate finds wrong with
// the table, each placed on its row and column. The organisations are
// valid only when there are no problems.
func Read(file string, data []byte) ([]referral.Organization, []Problem) {
	r := &reader{file: file, orgAt: make(map[string]int), serviceRow: make(map[string]int),
		contactGroup: make(map[string][]int), bad: make(map[string]bool)}
	records, ok := r.records(data)
	if !ok || !r.header(records) {
		return nil, r.ps
	}
	for i, rec := range records[1:] {
		r.row(i+2, rec)
	}
	r.validate()
	sortProblems(r.ps)
	return r.orgs, r.ps
}

type reader struct {
	file    string
	ps      []Problem
	col     map[string]int // column name → index
	groups  int            // highest contact group number in the header
	orgs    []referral.Organization
	orgAt   map[string]int // org ID → index in orgs
	orgCols []map[string]cell
	// serviceRow is the row of each service ID; orgRow that of the first row of
	// each organisation.
	serviceRow map[string]int
	orgRow     []int
	// contactGroup lists, for each service ID, the column group of each of
	// its contacts, in order.
	contactGroup map[string][]int
	// bad holds the cells ("row/column") already reported as unreadable.
	bad map[string]bool
}

// cell is an organisation column's value and the row it was read on.
type cell struct {
	value string
	row   int
}

func (r *reader) add(row int, column, format string, args ...any) {
	r.bad[fmt.Sprint(row, "/", column)] = true
	r.ps = append(r.ps, Problem{File: r.file, Line: row, Field: column, Message: fmt.Sprintf(format, args...)})
}

// records splits the file into rows of cells.
func (r *reader) records(data []byte) ([][]string, bool) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 {
		r.add(0, "", "the file is empty: it needs a header row naming the columns and one row per service (see referrals/template.csv)")
		return nil, false
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniff(data)
	cr.FieldsPerRecord = -1
	var records [][]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			r.parseError(len(records)+1, err, bytes.Count(data, []byte(`"`))%2 == 1)
			return nil, false
		}
		records = append(records, rec)
	}
	return records, r.checkEncoding(records)
}

// sniff tells the separator from the first line: the more frequent of
// comma and semicolon.
func sniff(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
		return ';'
	}
	return ','
}

// parseError reports a CSV syntax error on row; unclosed tells that the
// file has an odd number of quotes, so a quoted cell is never closed.
func (r *reader) parseError(row int, err error, unclosed bool) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		r.add(row, "", "cannot read the file: %v", err)
		return
	}
	switch {
	case errors.Is(pe.Err, csv.ErrQuote) && unclosed:
		r.add(row, "", `a cell that starts with a double quote (") on line %d of the file is never closed: the file may be cut off, or a quote is missing; open the file in a spreadsheet, check the row, and save it again`, pe.StartLine)
	case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
		r.add(row, "", `a double quote (") stands inside a cell on line %d of the file, column %d: a cell with quotes must be written whole in quotes, with each quote doubled (""); saving the file from a spreadsheet does this`, pe.Line, pe.Column)
	default:
		r.add(row, "", "cannot read line %d of the file: %v", pe.Line, pe.Err)
	}
}

// checkEncoding reports cells that are not UTF-8, at most
// maxEncodingProblems of them.
func (r *reader) checkEncoding(records [][]string) bool {
	n := 0
	for i, rec := range records {
		for j, v := range rec {
			if utf8.ValidString(v) {
				continue
			}
			if n++; n <= maxEncodingProblems {
				col := ""
				if i > 0 && j < len(records[0]) {
					col = records[0][j]
				}
				r.add(i+1, col, "the text is not UTF-8: the file was saved in another encoding (often Windows-1251). Save it again as \"CSV UTF-8\": in Excel, File › Save As › \"CSV UTF-8 (Comma delimited)\"; in LibreOffice, Save As › Text CSV, tick \"Edit filter settings\" and choose \"Unicode (UTF-8)\"")
			}
		}
	}
	if n > maxEncodingProblems {
		r.add(0, "", "%d more cells are not UTF-8", n-maxEncodingProblems)
	}
	return n == 0
}

// header reads the column names of the first row.
func (r *reader) header(records [][]string) bool {
	head := records[0]
	if len(head) == 1 {
		hint := ""
		if strings.Contains(head[0], "\t") {
			hint = " (the cells are separated by tabs)"
		}
		r.add(1, "", "the header row has only one column%s: cells must be separated by commas or semicolons. Save the file as CSV (\"Text CSV\", \"CSV UTF-8\"), with a comma or semicolon as the separator", hint)
		return false
	}
	r.col = make(map[string]int, len(head))
	ok := true
	for i, name := range head {
		name = strings.ToLower(strings.TrimSpace(name))
		group, known := known(name)
		switch _, dup := r.col[name]; {
		case !known:
			r.add(1, name, "unknown column %q: check its spelling; the columns are %s", head[i], columnList())
			ok = false
		case dup:
			r.add(1, name, "the column %q appears twice; delete one of them", name)
			ok = false
		}
		r.col[name] = i
		r.groups = max(r.groups, group)
	}
	for _, name := range requiredColumns {
		if _, there := r.col[name]; !there {
			r.add(1, name, "the column %q is missing: add it to the header row (the template referrals/template.csv has every column)", name)
			ok = false
		}
	}
	return ok
}

// get returns the cell of column name in rec, trimmed; "" when the column
// is not in the file.
func (r *reader) get(rec []string, name string) string {
	i, ok := r.col[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// raw returns the cell of column name in rec as it is: free text keeps its
// spaces and line breaks.
func (r *reader) raw(rec []string, name string) string {
	i, ok := r.col[name]
	if !ok {
		return ""
	}
	return rec[i]
}

// text returns a kk, ru, en text from the columns prefix_kk, prefix_ru and
// prefix_en.
func (r *reader) text(rec []string, prefix string) referral.Text {
	return referral.Text{KK: r.raw(rec, prefix+"_kk"), RU: r.raw(rec, prefix+"_ru"), EN: r.raw(rec, prefix+"_en")}
}
