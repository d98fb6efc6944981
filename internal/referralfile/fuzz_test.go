package referralfile

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/referrals"
)

// FuzzParse: Parse never panics; every problem has a line inside the file;
// and a file without problems is a valid organisation that Format writes
// back to the same organisation.
func FuzzParse(f *testing.F) {
	f.Add([]byte(validFile))
	f.Add([]byte(validFile + secondService))
	f.Add([]byte(validFile + "unconfirmed = true\n\n[service.contact.note]\nen = \"x\"\n"))
	f.Add([]byte("id = \"x\"\nkind = ngo\n"))
	f.Add([]byte("id = \"x\"\n[service]\nid = \"x.a\"\nname = { kk = \"a\", ru = \"b\", en = \"c\" }\n"))
	f.Add([]byte("notes = \"\"\"\nid = 1\n\"\"\"\n[[service.contact]]\n"))
	files, _ := fs.Glob(referrals.FS, "*.toml")
	for _, name := range files {
		data, _ := fs.ReadFile(referrals.FS, name)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o, ps := Parse("fuzz.toml", data)
		lineCount := strings.Count(string(data), "\n") + 1
		for _, p := range ps {
			if p.Line < 0 || p.Line > lineCount || p.Message == "" {
				t.Fatalf("bad problem %#v for a file of %d lines", p, lineCount)
			}
		}
		if len(ps) > 0 {
			return
		}
		tbl, err := referral.NewTable([]referral.Organization{o})
		if err != nil {
			t.Fatalf("no problems, but NewTable: %v", err)
		}
		if vps := referral.Validate(tbl); len(vps) > 0 {
			t.Fatalf("no problems, but Validate: %v", vps)
		}
		text := Format(o)
		back, ps := Parse("fuzz.toml", text)
		if len(ps) > 0 {
			t.Fatalf("Format wrote a file with problems: %v\n%s", ps, text)
		}
		if !reflect.DeepEqual(back, o) {
			t.Fatalf("round trip changed the organisation\n got: %#v\nwant: %#v\ntext:\n%s", back, o, text)
		}
	})
}
