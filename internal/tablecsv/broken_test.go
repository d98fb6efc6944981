package tablecsv

import (
	"slices"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
)

// validCSV is the every-field organisation as Write writes it; its header
// is row 1 and its two services rows 2 and 3.
func validCSV(t *testing.T) string {
	return string(write(t, []referral.Organization{everyField()}, WriteOptions{}))
}

// replaceCell sets the cell of column col on row (1-based, the header
// being 1) of a comma-separated file.
func replaceCell(t *testing.T, data string, row int, col, value string) string {
	t.Helper()
	recs := mustRecords(t, []byte(data))
	i := slices.Index(recs[0], col)
	if i < 0 {
		t.Fatalf("no column %q", col)
	}
	recs[row-1][i] = value
	return recordsCSV(t, recs)
}

func TestBrokenFiles(t *testing.T) {
	good := validCSV(t)
	tests := []struct {
		name string
		data string
		// want are problems as strings, each a prefix of the real one; the
		// file has exactly these.
		want []string
	}{
		{"bad encoding (Windows-1251)",
			strings.Replace(good, "Example NGO (kk)", "Example NGO \xcf\xf0\xe8\xec\xe5\xf0", 1),
			[]string{`bad.csv:2: org_name_kk: the text is not UTF-8: the file was saved in another encoding (often Windows-1251). Save it again as "CSV UTF-8"`}},
		{"tabs instead of commas",
			strings.Join(header(1), "\t") + "\n",
			[]string{`bad.csv:1: the header row has only one column (the cells are separated by tabs): cells must be separated by commas or semicolons`}},
		{"a row with another separator than the header",
			strings.Join(header(5), ",") + "\n" + strings.Join(make([]string, len(header(5))), ";") + "x\n",
			[]string{`bad.csv:2: this row has 1 cells but the header has 81: the row may use another separator than the header`}},
		{"missing language (empty cell)",
			replaceCell(t, good, 3, "name_kk", ""),
			[]string{`bad.csv:3: name_kk: the Kazakh (kk) text is missing: fill in the name_kk cell`}},
		{"missing language (no column)",
			dropColumn(t, good, "description_ru"),
			[]string{`bad.csv:1: description_ru: the column "description_ru" is missing`}},
		{"unknown need code",
			replaceCell(t, good, 2, "needs", "legal; housing"),
			[]string{`bad.csv:2: needs: unknown need "housing"; use these codes, separated by ;: domestic_violence, child_abuse`}},
		{"bad phone",
			replaceCell(t, good, 3, "contact1_value", "8 (727) 258-45-98 ext 3"),
			[]string{`bad.csv:3: contact1_value: "8 (727) 258-45-98 ext 3": not a valid phone number: write it as +7 727 258 45 98`}},
		{"made-up phone of the right shape",
			replaceCell(t, good, 2, "contact1_value", "+7 000 000 00 00"),
			[]string{`bad.csv:2: contact1_value: "+7 000 000 00 00": not a valid phone number in any numbering plan`}},
		{"unknown short number",
			replaceCell(t, good, 2, "contact1_value", "11617"),
			[]string{`bad.csv:2: contact1_value: "11617": not a valid phone number: not a known short national number`}},
		{"duplicate service ID",
			good + strings.SplitAfterN(good, "\n", 2)[1],
			[]string{
				`bad.csv:4: service_id: the service ID "sample-ngo.legal" is already used on row 2`,
				`bad.csv:5: service_id: the service ID "sample-ngo.emergency" is already used on row 3`,
			}},
		{"truncated file",
			good[:strings.Index(good, "second line")],
			[]string{`bad.csv:2: a cell that starts with a double quote (") on line 2 of the file is never closed: the file may be cut off`}},
		{"organisation columns disagree",
			replaceCell(t, good, 3, "org_kind", "state"),
			[]string{`bad.csv:3: org_kind: this organisation's org_kind differs from row 2`}},
		{"unknown column",
			strings.Replace(good, "needs,", "neds,", 1),
			[]string{`bad.csv:1: neds: unknown column "neds": check its spelling`, `bad.csv:1: needs: the column "needs" is missing`}},
		{"unreadable cells",
			replaceCell(t, replaceCell(t, good, 2, "contact1_checked", "11/06/2025"), 2, "hours", "weekdays"),
			[]string{`bad.csv:2: hours: cannot read the hours "weekdays"`, `bad.csv:2: contact1_checked: "11/06/2025" is not a date`}},
		{"empty file", "\uFEFF\n", []string{`bad.csv: the file is empty`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Read("bad.csv", []byte(tt.data))
			if len(ps) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(ps), len(tt.want), lines(ps))
			}
			for i, p := range ps {
				if !strings.HasPrefix(p.String(), tt.want[i]) {
					t.Errorf("problem %d:\n got %s\nwant %s…", i+1, p, tt.want[i])
				}
			}
		})
	}
}

func dropColumn(t *testing.T, data, col string) string {
	t.Helper()
	recs := mustRecords(t, []byte(data))
	i := -1
	for j, h := range recs[0] {
		if h == col {
			i = j
		}
	}
	for k := range recs {
		recs[k] = append(recs[k][:i:i], recs[k][i+1:]...)
	}
	return recordsCSV(t, recs)
}
