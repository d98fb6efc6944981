package referralfile

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadFS(t *testing.T) {
	// other.toml is a second organisation that reuses a service ID.
	other := edit(t, validFile, `id = "contact-centre-111"`, `id = "other"`, `id = "contact-centre-111.hotline"`, `id = "other.hotline"`)
	tests := []struct {
		name  string
		files fstest.MapFS
		orgs  []string
		want  []string // problems as strings, each a prefix of the real one
	}{
		{"good files, README and folders ignored", fstest.MapFS{
			"contact-centre-111.toml": {Data: []byte(validFile)},
			"other.toml":              {Data: []byte(other)},
			"README.md":               {Data: []byte("# not TOML")},
			"old/x.toml":              {Data: []byte("not = [valid")},
		}, []string{"contact-centre-111", "other"}, nil},
		{"file name is not the ID", fstest.MapFS{
			"111.toml": {Data: []byte(validFile)},
		}, []string{"contact-centre-111"}, []string{
			`111.toml:1: id: the file must be named after the organisation ID: rename it to "contact-centre-111.toml"`,
		}},
		{"organisation ID in two files", fstest.MapFS{
			"contact-centre-111.toml": {Data: []byte(validFile)},
			"copy.toml":               {Data: []byte(validFile)},
		}, []string{"contact-centre-111", "contact-centre-111"}, []string{
			`copy.toml:1: id: the file must be named after the organisation ID`,
			`copy.toml:1: id: the organisation ID "contact-centre-111" is already used in contact-centre-111.toml:1`,
			`copy.toml:10: service[1].id: the service ID "contact-centre-111.hotline" is already used in contact-centre-111.toml:10`,
		}},
		{"service ID in two files", fstest.MapFS{
			"contact-centre-111.toml": {Data: []byte(validFile)},
			"other.toml":              {Data: []byte(edit(t, other, `id = "other.hotline"`, "\n\nid = \"contact-centre-111.hotline\""))},
		}, []string{"contact-centre-111", "other"}, []string{
			// The service ID does not start with "other." either.
			`other.toml:12: service[1].id: service ID "contact-centre-111.hotline" must start with the organisation ID`,
			`other.toml:12: service[1].id: the service ID "contact-centre-111.hotline" is already used in contact-centre-111.toml:10`,
		}},
		{"syntax error: the file is skipped, the others still load", fstest.MapFS{
			"bad.toml":   {Data: []byte("id = \"bad\"\nkind = ngo\n")},
			"other.toml": {Data: []byte(other)},
		}, []string{"other"}, []string{`bad.toml:2: TOML syntax error`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orgs, ps, err := LoadFS(tt.files)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, o := range orgs {
				ids = append(ids, o.ID)
			}
			if strings.Join(ids, " ") != strings.Join(tt.orgs, " ") {
				t.Errorf("organisations %v, want %v", ids, tt.orgs)
			}
			if len(ps) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(ps), len(tt.want), lines(ps))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(ps[i].String(), w) {
					t.Errorf("problem %d:\n got  %s\n want %s…", i, ps[i], w)
				}
			}
		})
	}
}

// failingFS fails to read one file.
type failingFS struct{ fstest.MapFS }

func (f failingFS) Open(name string) (fs.File, error) {
	if name == "broken.toml" {
		return nil, errors.New("disk on fire")
	}
	return f.MapFS.Open(name)
}

func (f failingFS) ReadFile(name string) ([]byte, error) { return fs.ReadFile(onlyOpen{f}, name) }

// onlyOpen hides every method but Open, so fs.ReadFile goes through Open.
type onlyOpen struct{ fs.FS }

func TestLoadFSReadError(t *testing.T) {
	fsys := failingFS{fstest.MapFS{"broken.toml": {Data: []byte(validFile)}}}
	if _, _, err := LoadFS(fsys); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("LoadFS error = %v, want the read error", err)
	}
	if _, _, err := LoadFS(fstest.MapFS{}); err != nil {
		t.Errorf("empty folder: %v", err)
	}
}
