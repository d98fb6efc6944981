package referral_test

import (
	"slices"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referral/referraltest"
)

// Match's index must rank exactly as filtering and sorting every service
// does, for every shape of query, confirmed and unconfirmed alike.
func TestMatchIndexRanksAsTheSortDoes(t *testing.T) {
	tables := map[string]*referral.Table{
		"fixture":   referraltest.Table(),
		"synthetic": referraltest.SyntheticTable(3000, 7),
		"partial":   withPartialNeeds(t, referraltest.Synthetic(3000, 7)),
	}
	queries := benchQueries(2000)
	// Every need, region and language at least once, with and without an
	// age and a citizenship.
	for _, n := range append(slices.Clone(referral.Needs), "") {
		for _, r := range append(slices.Clone(referral.Regions), "") {
			for _, l := range append(slices.Clone(referral.Langs), "") {
				queries = append(queries,
					referral.Query{Need: n, Region: r, Lang: l},
					referral.Query{Need: n, Region: r, Lang: l, Age: referral.AgeRange{Min: 7, Max: 13}, AgeKnown: true, Citizenship: referral.Stateless},
					referral.Query{Need: n, Region: r, Lang: l, Age: referral.AgeRange{Min: 18}, AgeKnown: true, Citizenship: referral.CitizenKZ})
			}
		}
	}
	for name, table := range tables {
		for _, q := range queries {
			if got, want := table.Match(q), table.MatchBySorting(q); !slices.Equal(got, want) {
				t.Fatalf("%s: Match(%+v):\n got  %v\n want %v", name, q, ids(got), ids(want))
			}
			if got, want := table.Unconfirmed(q), table.UnconfirmedBySorting(q); !slices.Equal(got, want) {
				t.Fatalf("%s: Unconfirmed(%+v):\n got  %v\n want %v", name, q, ids(got), ids(want))
			}
		}
	}
}

// withPartialNeeds marks every third service as meeting its first need
// only in part.
func withPartialNeeds(t *testing.T, orgs []referral.Organization) *referral.Table {
	n := 0
	for i := range orgs {
		for j := range orgs[i].Services {
			if s := &orgs[i].Services[j]; len(s.Needs) > 0 {
				if n++; n%3 == 0 {
					s.Partial = []referral.Need{s.Needs[0]}
				}
			}
		}
	}
	tbl, err := referral.NewTable(orgs)
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}
