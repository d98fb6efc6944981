package referral_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referral/referraltest"
)

func ids(rs []referral.Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Service.ID
	}
	return out
}

func child(min, max int) (referral.AgeRange, bool) {
	return referral.AgeRange{Min: min, Max: max}, true
}

func TestMatch(t *testing.T) {
	table := referraltest.Table()
	toddler, known := child(0, 2)
	preschool, _ := child(3, 6)
	tests := []struct {
		name string
		q    referral.Query
		want []string
	}{
		{
			name: "local crisis line first, then nationwide lines most specific first",
			q:    referral.Query{Need: referral.NeedMentalHealth, Region: referral.Almaty},
			want: []string{"almaty-mh.crisis", "teenline.chat", "line150.hotline", "line111.hotline"},
		},
		{
			name: "migrant from abroad in Shymkent: the NGO for foreigners, the e-gov line, then the general lines",
			q:    referral.Query{Need: referral.NeedMigrant, Region: referral.Shymkent, Citizenship: referral.Foreigner},
			want: []string{"south-shelter.migrants", "egov.line", "line111.hotline", "line150.hotline"},
		},
		{
			name: "a citizen is not sent to a service for foreigners only",
			q:    referral.Query{Need: referral.NeedMigrant, Region: referral.Shymkent, Citizenship: referral.CitizenKZ},
			want: []string{"egov.line", "line111.hotline", "line150.hotline"},
		},
		{
			name: "a foreigner is not sent to a service for citizens only",
			q:    referral.Query{Need: referral.NeedLegal, Region: referral.Almaty, Citizenship: referral.Foreigner},
			want: []string{"refugee-agency.office", "line111.hotline", "line150.hotline"},
		},
		{
			name: "child rehabilitation in Astana: local, then the region around the city, then nationwide",
			q:    referral.Query{Need: referral.NeedChildRehab, Region: referral.Astana, Age: preschool, AgeKnown: known},
			want: []string{"rehab-centre.astana", "rehab-fund.akmola", "rehab-centre.national", "line111.hotline", "line150.hotline"},
		},
		{
			name: "age range bounds: a two-year-old fits a 2–15 centre",
			q:    referral.Query{Need: referral.NeedChildRehab, Region: referral.Astana, Age: toddler, AgeKnown: known},
			want: []string{"rehab-centre.astana", "rehab-fund.akmola", "rehab-centre.national", "line111.hotline", "line150.hotline"},
		},
		{
			name: "region fallback: nothing local in Pavlodar, so the nationwide centre",
			q:    referral.Query{Need: referral.NeedChildRehab, Region: referral.Pavlodar, Age: preschool, AgeKnown: known},
			want: []string{"rehab-centre.national", "line111.hotline", "line150.hotline"},
		},
		{
			name: "the person near the city: Akmola region gets Astana's centre as near",
			q:    referral.Query{Need: referral.NeedChildRehab, Region: referral.Akmola, Age: preschool, AgeKnown: known},
			want: []string{"rehab-fund.akmola", "rehab-centre.astana", "rehab-centre.national", "line111.hotline", "line150.hotline"},
		},
		{
			name: "never empty: only an unconfirmed lead exists, so the general hotlines",
			q:    referral.Query{Need: referral.NeedPoverty, Region: referral.Almaty},
			want: []string{"line111.hotline", "line150.hotline"},
		},
		{
			name: "never empty: a need with no services at all",
			q:    referral.Query{Need: referral.NeedDisability, Region: referral.Kostanay},
			want: []string{"line111.hotline", "line150.hotline"},
		},
		{
			name: "trafficking survivor from abroad in Shymkent: the service for foreigners before the shelter",
			q:    referral.Query{Need: referral.NeedTrafficking, Region: referral.Shymkent, Citizenship: referral.Foreigner},
			want: []string{"south-shelter.migrants", "south-shelter.shelter", "line11616.hotline", "line111.hotline", "line150.hotline"},
		},
		{
			name: "region not said: nationwide services only",
			q:    referral.Query{Need: referral.NeedDomesticViolence},
			want: []string{"line111.hotline"},
		},
		{
			name: "abroad: services reachable from abroad, else nationwide, and the general lines",
			q:    referral.Query{Need: referral.NeedMigrant, Region: referral.Abroad},
			want: []string{"egov.line", "line111.hotline", "line150.hotline"},
		},
		{
			name: "an adult is not sent to a teenagers' line",
			q:    referral.Query{Need: referral.NeedMentalHealth, Region: referral.Pavlodar, Age: referral.AgeRange{Min: 18}, AgeKnown: true},
			want: []string{"line150.hotline", "line111.hotline"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(table.Match(tt.q))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Match:\n got  %v\n want %v", got, tt.want)
			}
		})
	}
}

// A table where the only round-the-clock nationwide service ranks below the
// first page: Match moves it onto the first page's last place.
func TestMatchPutsARoundTheClockLineOnTheFirstPage(t *testing.T) {
	orgs := referraltest.Organizations()
	var extra []referral.Service
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		s := orgs[4].Services[0] // almaty-mh.crisis: local to Almaty, 24/7 but not nationwide
		s.ID = "almaty-mh." + id
		s.Hours = referral.Hours{}
		extra = append(extra, s)
	}
	orgs[4].Services = append(orgs[4].Services, extra...)
	table, err := referral.NewTable(orgs)
	if err != nil {
		t.Fatal(err)
	}
	got := table.Match(referral.Query{Need: referral.NeedMentalHealth, Region: referral.Almaty})
	first := got[:referral.PageSize]
	if !slices.ContainsFunc(first, func(r referral.Result) bool { return r.Service.ID == "line111.hotline" }) {
		t.Errorf("first page %v has no nationwide 24/7 line", ids(first))
	}
	if len(got) != 10 {
		t.Errorf("got %d results, want all 10 (nothing dropped by the move): %v", len(got), ids(got))
	}
}

func TestMatchPrefersServicesThatSpeakTheLanguage(t *testing.T) {
	orgs := referraltest.Organizations()
	a := orgs[4].Services[0]
	a.ID, a.Languages = "almaty-mh.ru", []string{"ru"}
	b := orgs[4].Services[0]
	b.ID, b.Languages = "almaty-mh.kk", []string{"kk"}
	orgs[4].Services = []referral.Service{a, b}
	table, err := referral.NewTable(orgs)
	if err != nil {
		t.Fatal(err)
	}
	for lang, first := range map[referral.Lang]string{referral.Kazakh: "almaty-mh.kk", referral.Russian: "almaty-mh.ru"} {
		got := table.Match(referral.Query{Need: referral.NeedMentalHealth, Region: referral.Almaty, Lang: lang})
		if got[0].Service.ID != first {
			t.Errorf("lang %s: first is %s, want %s", lang, got[0].Service.ID, first)
		}
	}
}

func TestMatchNeverEmptyForAnySituation(t *testing.T) {
	table := referraltest.Table()
	for _, n := range referral.Needs {
		for _, r := range append(referral.Regions, "") {
			for _, c := range []referral.Citizenship{"", referral.CitizenKZ, referral.Foreigner, referral.Stateless} {
				got := table.Match(referral.Query{Need: n, Region: r, Citizenship: c})
				if len(got) == 0 {
					t.Fatalf("need %s, region %q, citizenship %q: empty answer", n, r, c)
				}
				first := got[:min(len(got), referral.PageSize)]
				ok := slices.ContainsFunc(first, func(res referral.Result) bool {
					return res.Fit == referral.FitFallback || (res.Service.Area.Nationwide && res.Service.AlwaysOpen())
				})
				if !ok {
					t.Fatalf("need %s, region %q: first page %v has neither a 24/7 nationwide line nor the general lines", n, r, ids(first))
				}
				for _, res := range got {
					if !res.Service.Confirmed() {
						t.Fatalf("unconfirmed service %s in an answer", res.Service.ID)
					}
				}
			}
		}
	}
}

func TestEmergencyContacts(t *testing.T) {
	table := referraltest.Table()
	first := []string{"emergency.112", "emergency.102", "emergency.103"}
	for n, lines := range map[referral.Need][]string{
		"":                            {"line111.hotline"},
		referral.NeedMentalHealth:     {"line111.hotline", "line150.hotline"}, // 24/7 first; the teen chat has no phone
		referral.NeedDomesticViolence: {"line111.hotline"},
		referral.NeedTrafficking:      {"line11616.hotline", "line111.hotline"}, // 116 16's hours unknown: 111 added
		referral.NeedChildAbuse:       {"line111.hotline", "line150.hotline"},
	} {
		got := ids(table.EmergencyContacts(n))
		if want := append(slices.Clone(first), lines...); !slices.Equal(got, want) {
			t.Errorf("need %q: got %v, want %v", n, got, want)
		}
	}
}

// Emergency numbers that list needs are shown only for those needs (and
// all of them for a danger not yet named); one that lists none (fire) is
// left out; none is ever a result.
func TestEmergencyNumbersThatFit(t *testing.T) {
	orgs := referraltest.Organizations()
	for i := range orgs {
		if orgs[i].ID != "emergency" {
			continue
		}
		ss := orgs[i].Services
		fire := ss[0]
		fire.ID, fire.Needs = "emergency.101", nil
		ss[0].Needs = referral.Needs                                                            // 112
		ss[1].Needs = []referral.Need{referral.NeedDomesticViolence, referral.NeedTrafficking}  // 102
		ss[2].Needs = []referral.Need{referral.NeedMentalHealth, referral.NeedDomesticViolence} // 103
		orgs[i].Services = append(ss, fire)
	}
	table, err := referral.NewTable(orgs)
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[referral.Need][]string{
		"":                            {"emergency.112", "emergency.102", "emergency.103"},
		referral.NeedMentalHealth:     {"emergency.112", "emergency.103"},
		referral.NeedDomesticViolence: {"emergency.112", "emergency.102", "emergency.103"},
		referral.NeedTrafficking:      {"emergency.112", "emergency.102"},
		referral.NeedPoverty:          {"emergency.112"},
	} {
		var got []string
		for _, r := range table.EmergencyContacts(n) {
			if r.Service.Emergency {
				got = append(got, r.Service.ID)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("need %q: emergency numbers %v, want %v", n, got, want)
		}
		for _, r := range table.Match(referral.Query{Need: n}) {
			if r.Service.Emergency {
				t.Errorf("need %q: emergency number %s among the results", n, r.Service.ID)
			}
		}
	}
}

func TestAgeMatters(t *testing.T) {
	table := referraltest.Table()
	if !table.AgeMatters(referral.NeedMentalHealth) {
		t.Error("mental health has a teenagers' line: age matters")
	}
	if table.AgeMatters(referral.NeedDomesticViolence) {
		t.Error("no domestic-violence service is limited by age")
	}
}

func TestFixtureIsValid(t *testing.T) {
	if ps := referral.Validate(referraltest.Table()); len(ps) > 0 {
		var b strings.Builder
		for _, p := range ps {
			b.WriteString("\n" + p.String())
		}
		t.Fatalf("fixture has problems:%s", b.String())
	}
}
