package referralfile

import (
	"fmt"
	"io/fs"
	"path"

	"github.com/komek-kz/komek/internal/referral"
)

// LoadFS reads every *.toml file at the top of fsys, in file-name order, as
// one organisation each; other files (a README.md) and folders are ignored.
//
// Beyond what Parse finds in each file, LoadFS checks that each file is
// named after its organisation ("<id>.toml") and that no organisation or
// service ID is used in two files; such a problem sits on the later file
// and names the earlier place.
//
// The organisations are those of every file that is TOML at all, in file
// order, problems or not: a caller must not use them when there are
// problems. The error is only for failures to read fsys.
func LoadFS(fsys fs.FS) ([]referral.Organization, []Problem, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, fmt.Errorf("referralfile: read folder: %w", err)
	}
	l := loader{orgs: make(map[string]place), services: make(map[string]place)}
	var orgs []referral.Organization
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".toml" {
			continue
		}
		data, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, nil, fmt.Errorf("referralfile: read %s: %w", e.Name(), err)
		}
		o, ps, idx, ok := parse(e.Name(), data)
		l.ps = append(l.ps, ps...)
		if !ok {
			continue
		}
		l.check(e.Name(), o, idx)
		orgs = append(orgs, o)
	}
	return orgs, l.ps, nil
}

// place is where an ID is written.
type place struct {
	file string
	line int
}

func (p place) String() string { return fmt.Sprintf("%s:%d", p.file, p.line) }

type loader struct {
	orgs, services map[string]place
	ps             []Problem
}

func (l *loader) add(file string, idx *lineIndex, field, format string, args ...any) {
	l.ps = append(l.ps, Problem{File: file, Line: idx.line(field), Field: field, Message: fmt.Sprintf(format, args...)})
}

// check adds the problems that need more than one file to see.
func (l *loader) check(file string, o referral.Organization, idx *lineIndex) {
	if o.ID != "" && file != o.ID+".toml" {
		l.add(file, idx, "id", "the file must be named after the organisation ID: rename it to %q, or correct the id", o.ID+".toml")
	}
	if prev, dup := l.orgs[o.ID]; dup && o.ID != "" {
		l.add(file, idx, "id", "the organisation ID %q is already used in %s; give every organisation its own ID", o.ID, prev)
	} else if o.ID != "" {
		l.orgs[o.ID] = place{file, idx.line("id")}
	}
	for i, s := range o.Services {
		field := fmt.Sprintf("service[%d].id", i+1)
		prev, dup := l.services[s.ID]
		switch {
		case s.ID == "":
		case dup && prev.file != file:
			l.add(file, idx, field, "the service ID %q is already used in %s; give every service its own ID", s.ID, prev)
		case !dup:
			l.services[s.ID] = place{file, idx.line(field)}
		}
	}
}
