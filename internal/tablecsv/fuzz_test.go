package tablecsv

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
)

// FuzzCSV: Read never panics; every problem has a row inside the file and
// a message; a file without problems is a valid table that Write writes and
// Read reads back to the same table.
func FuzzCSV(f *testing.F) {
	f.Add(write(f, []referral.Organization{everyField()}, WriteOptions{}))
	f.Add(write(f, []referral.Organization{everyField()}, WriteOptions{Semicolon: true, BOM: true}))
	f.Add(write(f, realTable(f)[:2], WriteOptions{}))
	if data, err := os.ReadFile("../../referrals/template.csv"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("org_id;service_id\nx;x.y\n"))
	f.Add([]byte("\"unclosed\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		orgs, ps := Read("fuzz.csv", data)
		rows := bytes.Count(data, []byte("\n")) + 1
		for _, p := range ps {
			if p.Line < 0 || p.Line > rows || p.Message == "" {
				t.Fatalf("bad problem %#v for a file of %d lines", p, rows)
			}
		}
		if len(ps) > 0 {
			return
		}
		tbl, err := referral.NewTable(orgs)
		if err != nil {
			t.Fatalf("no problems, but NewTable: %v", err)
		}
		if vps := referral.Validate(tbl); len(vps) > 0 {
			t.Fatalf("no problems, but Validate: %v", vps)
		}
		var b bytes.Buffer
		if err := Write(&b, orgs, WriteOptions{}); err != nil {
			if strings.Contains(err.Error(), "cannot be written") || strings.Contains(err.Error(), "space") {
				return // a value Read accepts but Write refuses to change
			}
			t.Fatalf("Write: %v", err)
		}
		back, ps := Read("fuzz.csv", b.Bytes())
		if len(ps) > 0 {
			t.Fatalf("Write wrote a file with problems: %v\n%s", ps, b.Bytes())
		}
		if !reflect.DeepEqual(back, orgs) {
			t.Fatalf("round trip changed the table\n got: %#v\nwant: %#v", back, orgs)
		}
	})
}
