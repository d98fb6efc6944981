package hsds

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
)

// TestHSDSExamplesImport: the example data set of the HSDS specification,
// in JSON and CSV, reads without a problem; what Komek keeps of it is
// there, and every value it does not keep is reported with its place.
func TestHSDSExamplesImport(t *testing.T) {
	dir := filepath.Join(specDir(t), "examples")
	read := map[string]func() ([]referral.Organization, []Problem, []Problem){
		"csv": func() ([]referral.Organization, []Problem, []Problem) {
			return ReadTabular(os.DirFS(filepath.Join(dir, "csv")), Options{})
		},
	}
	for _, name := range []string{"service_full.json", "organization_full.json", "tabular.json"} {
		read[name] = func() ([]referral.Organization, []Problem, []Problem) {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			return ReadJSON(name, data, Options{})
		}
	}
	for name, fn := range read {
		t.Run(name, func(t *testing.T) {
			orgs, ps, notices := readForeign(fn)
			if len(ps) > 0 {
				t.Fatalf("problems:\n%s", lines(ps))
			}
			if len(orgs) != 1 || len(orgs[0].Services) != 1 {
				t.Fatalf("want one organisation with one service, got %+v", orgs)
			}
			o, s := orgs[0], orgs[0].Services[0]
			if o.ID != "example-organization-inc" || o.Name.EN != "Example Organization Inc." || s.ID != "example-organization-inc.community-counselling" {
				t.Errorf("IDs and names: %q %q %q", o.ID, o.Name.EN, s.ID)
			}
			if s.Eligibility.MinAge != 12 || s.Eligibility.MaxAge != 100 || len(s.Languages) != 1 || s.Languages[0] != "ur" {
				t.Errorf("eligibility and languages: %+v %v", s.Eligibility, s.Languages)
			}
			if len(s.Contacts) == 0 || !s.Contacts[0].Unconfirmed || s.Contacts[0].Kind != referral.Phone {
				t.Errorf("contacts should be leads, phone first: %+v", s.Contacts)
			}
			for _, want := range []string{"year_incorporated", "tax_status", "program", "funding", "accessibility", "cost_option", "required_document", "fees_description", "latitude"} {
				if !strings.Contains(lines(notices), want) {
					t.Errorf("no notice mentions %s:\n%s", want, lines(notices))
				}
			}
			for _, n := range notices {
				if n.File == "" || n.Field == "" && n.Line == 0 {
					t.Errorf("notice without a place: %v", n)
				}
			}
		})
	}
}

// readForeign reads a data set that is not Komek's: the domain problems
// of what it gives (missing translations, needs, areas, sources) are
// expected and set apart; any other problem is returned.
func readForeign(fn func() ([]referral.Organization, []Problem, []Problem)) ([]referral.Organization, []Problem, []Problem) {
	orgs, ps, notices := fn()
	var other []Problem
	for _, p := range ps {
		if !strings.Contains(p.Field, "example-organization-inc") {
			other = append(other, p)
		}
	}
	return orgs, other, notices
}
