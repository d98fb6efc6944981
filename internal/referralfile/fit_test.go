package referralfile

import (
	"slices"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
)

// Who the help is for, as the conversation turns it into an age range
// (dialog.State.Query).
var (
	child5    = referral.AgeRange{Min: 3, Max: 6}
	teen15    = referral.AgeRange{Min: 14, Max: 17}
	adult     = referral.AgeRange{Min: 18}
	anyoneAge = referral.AgeRange{}
)

// fitCases: for a need, who, region and citizenship, what the first result
// must be (a service ID, or an ID prefix such as "asyl-miras."; several
// separated by "|"), and why.
var fitCases = []struct {
	need        referral.Need
	who         referral.AgeRange
	region      referral.Region
	citizenship referral.Citizenship
	first       string
	why         string
}{
	{referral.NeedChildRehab, child5, "astana", "", "asyl-miras.",
		"a young child with a disability in Astana: a local children's centre, not a violence line"},
	{referral.NeedChildRehab, child5, "turkistan", "", "turkistan-qamqorlyq.",
		"in Turkistan region: the state centre there"},
	{referral.NeedChildRehab, child5, "aktobe", "", "aktobe-qamqorlyq.|asyl-miras.",
		"in Aktobe: a local centre (rehabilitation or autism)"},
	{referral.NeedChildRehab, child5, "ulytau", "", "egov-disability-services.parent-allowance",
		"nothing local in Ulytau: the allowance a parent applies for online comes first"},
	{referral.NeedDisability, adult, "astana", "", "bakytty-shanyrak-astana.",
		"an adult in Astana: the local centre for families"},
	{referral.NeedDisability, adult, "ulytau", "", "doskaz.",
		"nothing local: nationwide services (accessibility map, allowances)"},
	{referral.NeedMigrant, adult, "almaty", referral.Foreigner, "kazakhstan-bureau-for-human-rights.",
		"a foreign migrant in Almaty: legal help in the city, not UNHCR's asylum service"},
	{referral.NeedMigrant, adult, "astana", referral.Foreigner, "consulate-",
		"a foreign migrant with nothing local: the consulates' way home for lost documents"},
	{referral.NeedMigrant, adult, "shymkent", referral.Foreigner, "sana-sezim.",
		"a foreign migrant in Shymkent: the local migrants' NGO"},
	{referral.NeedMigrant, adult, "almaty", "", "kazakhstan-bureau-for-human-rights.",
		"citizenship not said, Almaty: legal help"},
	{referral.NeedTrafficking, adult, "almaty", referral.Foreigner, "hotline-116-16.",
		"trafficking: the national anti-trafficking line"},
	{referral.NeedMentalHealth, adult, "astana", "", "union-of-crisis-centres.helpline-150",
		"an adult in crisis: a phone line, not a youth website"},
	{referral.NeedMentalHealth, adult, "almaty", "", "almaty-mental-health-centre.",
		"an adult in Almaty: the city's 24/7 crisis line"},
	{referral.NeedMentalHealth, teen15, "ulytau", "", "union-of-crisis-centres.helpline-150",
		"a teenager: the children's and youth helpline"},
	{referral.NeedDomesticViolence, adult, "shymkent", "", "contact-centre-111.",
		"violence at home: 111, day and night"},
	{referral.NeedChildAbuse, teen15, "pavlodar", "", "union-of-crisis-centres.helpline-150",
		"bullying in Pavlodar: the city's line is still a lead (never shown), so the children's helpline"},
	{referral.NeedChildCare, anyoneAge, "astana", "", "dara-foundation.",
		"children without parental care: mentors"},
	{referral.NeedLegal, adult, "ulytau", "", "",
		"legal help anywhere: any confirmed legal service (checked below: serves legal)"},
}

// TestFirstResultFits checks, per need, who, region and citizenship, that
// the first result is one that fits the stated situation.
func TestFirstResultFits(t *testing.T) {
	tbl := loadStarter(t)
	for _, c := range fitCases {
		q := referral.Query{Need: c.need, Region: c.region, Citizenship: c.citizenship, Lang: referral.Russian}
		if c.who != anyoneAge {
			q.Age, q.AgeKnown = c.who, true
		}
		res := tbl.Match(q)
		if len(res) == 0 {
			t.Errorf("%s, %v, %s, %q: no results", c.need, c.who, c.region, c.citizenship)
			continue
		}
		got := res[0].Service.ID
		if !slices.ContainsFunc(strings.Split(c.first, "|"), func(p string) bool { return strings.HasPrefix(got, p) }) {
			t.Errorf("%s, %v, %s, %q: first result %s; want %s… (%s)", c.need, c.who, c.region, c.citizenship, got, c.first, c.why)
		}
		if c.first == "" && !res[0].Service.Serves(c.need) {
			t.Errorf("%s: first result %s does not serve the need (%s)", c.need, got, c.why)
		}
	}
}

// TestRefugeeServicesComeAfterLabourMigrantHelp: a labour migrant sees
// UNHCR's asylum service only after the help meant for them.
func TestRefugeeServicesComeAfterLabourMigrantHelp(t *testing.T) {
	tbl := loadStarter(t)
	res := tbl.Match(referral.Query{Need: referral.NeedMigrant, Region: "almaty", Citizenship: referral.Foreigner,
		Age: adult, AgeKnown: true, Lang: referral.Russian})
	ids := make([]string, len(res))
	for i, r := range res {
		ids[i] = r.Service.ID
	}
	unhcr := slices.Index(ids, "unhcr-central-asia.refugees")
	for _, before := range []string{"consulate-uzbekistan.certificate-of-return", "consulate-kyrgyzstan-almaty.certificate-of-return",
		"kazakhstan-bureau-for-human-rights.legal-help", "migration-enbek.work-permits"} {
		if i := slices.Index(ids, before); i < 0 || (unhcr >= 0 && i > unhcr) {
			t.Errorf("%s must come before UNHCR's asylum service: %v", before, ids)
		}
	}
	if first := ids[:min(len(ids), referral.PageSize)]; !slices.Contains(first, "consulate-uzbekistan.certificate-of-return") {
		t.Errorf("the Uzbek consulate's way home must be on the first page: %v", first)
	}
}

// TestParentsSeeWhat111DoesForThem: a parent of a disabled child reads
// what 111 does for them, not the violence text.
func TestParentsSeeWhat111DoesForThem(t *testing.T) {
	tbl := loadStarter(t)
	for _, r := range tbl.Match(referral.Query{Need: referral.NeedChildRehab, Region: "astana", Age: child5, AgeKnown: true}) {
		if r.Service.ID == "contact-centre-111.hotline" {
			d := r.Service.DescriptionFor(r.Need).RU
			if strings.Contains(d, "насилие") || !strings.Contains(d, "инвалидност") {
				t.Errorf("111 for a parent of a disabled child says: %q", d)
			}
			return
		}
	}
	t.Error("111 is not among the results for a parent of a disabled child")
}
