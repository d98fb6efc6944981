package dialog_test

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The pure core imports only the standard library (and dialog the referral
// domain, the crisis detector both): no I/O libraries, no clock, no
// language packages.
func TestPureCoreImportsOnlyTheStandardLibrary(t *testing.T) {
	allowed := map[string]map[string]bool{
		".":           {"github.com/komek-kz/komek/internal/referral": true, "github.com/komek-kz/komek/internal/textnorm": true},
		"../referral": {},
		"../crisis":   {"github.com/komek-kz/komek/internal/referral": true, "github.com/komek-kz/komek/internal/dialog": true, "github.com/komek-kz/komek/internal/textnorm": true},
		"../textnorm": {},
	}
	for dir, extra := range allowed {
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range pkg.Imports {
			first, _, _ := strings.Cut(imp, "/")
			if strings.Contains(first, ".") && !extra[imp] {
				t.Errorf("%s imports %s: the pure core may import only the standard library", pkg.ImportPath, imp)
			}
		}
	}
}

// Nor does it read the clock: the time comes in as an argument.
func TestPureCoreReadsNoClock(t *testing.T) {
	for _, dir := range []string{".", "../referral", "../crisis", "../textnorm"} {
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range pkg.GoFiles {
			src, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			for _, call := range []string{"time.Now(", "time.Since(", "time.Until(", "rand."} {
				if strings.Contains(string(src), call) {
					t.Errorf("%s/%s calls %s", dir, f, call)
				}
			}
		}
	}
}
