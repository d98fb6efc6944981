package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/komek-kz/komek/internal/hsds"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referralfile"
	"github.com/komek-kz/komek/internal/tablecsv"
)

// The formats the table commands read and write.
const (
	formatText     = "text"
	formatCSV      = "csv"
	formatHSDSJSON = "hsds-json"
	formatHSDSCSV  = "hsds-csv"
)

var formats = []string{formatText, formatCSV, formatHSDSJSON, formatHSDSCSV}

// readResult is what reading the files given to validate or import found.
type readResult struct {
	orgs     []referral.Organization
	problems []referralfile.Problem
	// notices are values left out (HSDS fields Komek does not keep).
	notices []referralfile.Problem
	// lossy is set when a file is in a format that cannot hold per-need
	// descriptions, partial needs and checks (CSV, HSDS).
	lossy bool
}

// readFiles reads every path in its format (format "" tells it from the
// path) and checks that no organisation or service ID is in two of them.
func readFiles(paths []string, format string, lang referral.Lang) (readResult, error) {
	var all readResult
	seen := make(map[string]string) // ID → path
	for _, p := range paths {
		r, err := readPath(p, format, lang)
		if err != nil {
			return all, err
		}
		all.problems = append(all.problems, r.problems...)
		all.notices = append(all.notices, r.notices...)
		all.lossy = all.lossy || r.lossy
		for _, o := range r.orgs {
			ids := []string{o.ID}
			for _, s := range o.Services {
				ids = append(ids, s.ID)
			}
			for _, id := range ids {
				if prev, dup := seen[id]; dup && prev != p {
					all.problems = append(all.problems, referralfile.Problem{File: p, Field: id,
						Message: fmt.Sprintf("the ID %q is also in %s: an organisation or service may be in one of the files only", id, prev)})
				}
				seen[id] = p
			}
		}
		all.orgs = append(all.orgs, r.orgs...)
	}
	return all, nil
}

func readPath(p, format string, lang referral.Lang) (readResult, error) {
	info, err := os.Stat(p)
	if err != nil {
		return readResult{}, fmt.Errorf("cannot read %s: %w", p, unwrapPath(err))
	}
	if format == "" {
		format = detect(p, info.IsDir())
	}
	dir := p
	if !info.IsDir() && filepath.Base(p) == "datapackage.json" {
		dir = filepath.Dir(p)
	} else if format == formatHSDSCSV && !info.IsDir() {
		return readResult{}, usageError{fmt.Sprintf("%s: an HSDS data package is a folder (or its datapackage.json)", p)}
	}
	opts := hsds.Options{Lang: lang}
	switch format {
	case formatHSDSCSV:
		orgs, ps, ns := hsds.ReadTabular(os.DirFS(dir), opts)
		return readResult{orgs, prefix(dir, ps), prefix(dir, ns), true}, nil
	case formatText:
		if info.IsDir() {
			orgs, ps, err := referralfile.LoadFS(os.DirFS(p))
			if err != nil {
				return readResult{}, err
			}
			return readResult{orgs: orgs, problems: prefix(p, ps)}, nil
		}
	}
	if info.IsDir() {
		return readResult{}, usageError{fmt.Sprintf("%s is a folder: give the file, or --format text or hsds-csv", p)}
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return readResult{}, fmt.Errorf("cannot read %s: %w", p, unwrapPath(err))
	}
	switch format {
	case formatText:
		o, ps := referralfile.Parse(p, data)
		return readResult{orgs: []referral.Organization{o}, problems: ps}, nil
	case formatCSV:
		orgs, ps := tablecsv.Read(p, data)
		return readResult{orgs: orgs, problems: ps, lossy: true}, nil
	case formatHSDSJSON:
		orgs, ps, ns := hsds.ReadJSON(p, data, opts)
		return readResult{orgs, ps, ns, true}, nil
	}
	return readResult{}, usageError{fmt.Sprintf("unknown format %q: use %s", format, strings.Join(formats, ", "))}
}

// detect tells a path's format from its name.
func detect(p string, dir bool) string {
	if dir {
		for _, marker := range []string{"services.csv", "datapackage.json"} {
			if _, err := os.Stat(filepath.Join(p, marker)); err == nil {
				return formatHSDSCSV
			}
		}
		return formatText
	}
	switch strings.ToLower(filepath.Ext(p)) {
	case ".csv":
		return formatCSV
	case ".json":
		if filepath.Base(p) == "datapackage.json" {
			return formatHSDSCSV
		}
		return formatHSDSJSON
	}
	return formatText
}

// prefix puts the folder before the file names of problems.
func prefix(dir string, ps []referralfile.Problem) []referralfile.Problem {
	for i := range ps {
		if ps[i].File != "" {
			ps[i].File = filepath.Join(dir, ps[i].File)
		}
	}
	return ps
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
