package referralfile

import (
	"slices"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
)

// fitCases: for a need, who the help is for (and the child's age band),
// region and citizenship — the answers the conversation collects — what
// the first result must be (a service ID, or an ID prefix such as
// "asyl-miras."; several separated by "|"), and why.
var fitCases = []struct {
	need        referral.Need
	who         dialog.Who
	age         dialog.AgeBand
	region      referral.Region
	citizenship referral.Citizenship
	first       string
	why         string
}{
	{referral.NeedChildRehab, "", "3-6", "astana", "", "asyl-miras.",
		"a young child with a disability in Astana: a local children's centre, not a violence line"},
	{referral.NeedChildRehab, "", "3-6", "turkistan", "", "turkistan-qamqorlyq.",
		"in Turkistan region: the state centre there"},
	{referral.NeedChildRehab, "", "3-6", "aktobe", "", "aktobe-qamqorlyq.|asyl-miras.",
		"in Aktobe: a local centre (rehabilitation or autism)"},
	{referral.NeedChildRehab, "", "7-13", "ulytau", "", "egov-disability-services.parent-allowance",
		"nothing local in Ulytau: the allowance a parent applies for online comes first"},
	{referral.NeedDisability, dialog.WhoMyChild, "7-13", "karaganda", "", "egov-disability-services.parent-allowance",
		"a parent asking for a child with a disability: the allowance"},
	{referral.NeedDisability, dialog.WhoOtherAdult, "", "astana", "", "bakytty-shanyrak-astana.",
		"an adult in Astana: the local centre for families"},
	{referral.NeedDisability, dialog.WhoSelf, "", "ulytau", "", "doskaz.|egov-disability-services.",
		"nothing local: nationwide services (accessibility map, allowances)"},
	{referral.NeedMigrant, dialog.WhoSelf, "", "almaty", referral.Foreigner, "kazakhstan-bureau-for-human-rights.",
		"a foreign migrant in Almaty: legal help in the city, not UNHCR's asylum service"},
	{referral.NeedMigrant, dialog.WhoSelf, "", "astana", referral.Foreigner, "consulate-",
		"a foreign migrant with nothing local: the consulates' way home for lost documents"},
	{referral.NeedMigrant, dialog.WhoOtherAdult, "", "shymkent", referral.Foreigner, "sana-sezim.",
		"a foreign migrant in Shymkent: the local migrants' NGO"},
	{referral.NeedMigrant, dialog.WhoSelf, "", "almaty", "", "kazakhstan-bureau-for-human-rights.",
		"citizenship not said, Almaty: legal help"},
	{referral.NeedMigrant, dialog.WhoSelf, "", "ulytau", referral.CitizenKZ, "contact-centre-1414.",
		"a citizen with a migrant's paperwork: the e-government line, not a consulate"},
	{referral.NeedTrafficking, dialog.WhoSelf, "", "almaty", referral.Foreigner, "hotline-116-16.",
		"trafficking: the national anti-trafficking line"},
	{referral.NeedMentalHealth, dialog.WhoSelf, "18+", "astana", "", "union-of-crisis-centres.helpline-150",
		"an adult in crisis: a phone line, not a youth website"},
	{referral.NeedMentalHealth, dialog.WhoSelf, "18+", "almaty", "", "almaty-mental-health-centre.",
		"an adult in Almaty: the city's 24/7 crisis line"},
	{referral.NeedMentalHealth, dialog.WhoOtherChild, "14-17", "ulytau", "", "union-of-crisis-centres.helpline-150",
		"a teenager: the children's and youth helpline"},
	{referral.NeedDomesticViolence, dialog.WhoSelf, "", "shymkent", "", "contact-centre-111.",
		"violence at home: 111, day and night"},
	{referral.NeedChildAbuse, dialog.WhoMyChild, "14-17", "pavlodar", "", "union-of-crisis-centres.helpline-150",
		"bullying in Pavlodar: the city's line is still a lead (never shown), so the children's helpline"},
	{referral.NeedChildCare, dialog.WhoOtherChild, "7-13", "astana", "", "dara-foundation.",
		"children without parental care: mentors"},
	{referral.NeedLegal, dialog.WhoSelf, "", "ulytau", "", "",
		"legal help anywhere: any confirmed service that serves legal (checked below)"},
}

// TestFirstResultFits checks, per need, who, region and citizenship, that
// the first result is one that fits the stated situation.
func TestFirstResultFits(t *testing.T) {
	tbl := loadStarter(t)
	for _, c := range fitCases {
		st := dialog.State{Need: c.need, Who: c.who, Age: c.age, Region: c.region, Citizenship: c.citizenship, Lang: referral.Russian}
		res := tbl.Match(st.Query())
		if len(res) == 0 {
			t.Errorf("%s, %s %s, %s, %q: no results", c.need, c.who, c.age, c.region, c.citizenship)
			continue
		}
		got := res[0].Service.ID
		if !slices.ContainsFunc(strings.Split(c.first, "|"), func(p string) bool { return strings.HasPrefix(got, p) }) {
			t.Errorf("%s, %s %s, %s, %q: first result %s; want %s… (%s)", c.need, c.who, c.age, c.region, c.citizenship, got, c.first, c.why)
		}
		if !res[0].Service.Serves(c.need) && res[0].Fit != referral.FitFallback {
			t.Errorf("%s: first result %s does not serve the need (%s)", c.need, got, c.why)
		}
	}
}

// TestRefugeeServicesComeAfterLabourMigrantHelp: a labour migrant sees
// UNHCR's asylum service only after the help meant for them.
func TestRefugeeServicesComeAfterLabourMigrantHelp(t *testing.T) {
	tbl := loadStarter(t)
	res := tbl.Match(referral.Query{Need: referral.NeedMigrant, Region: "almaty", Citizenship: referral.Foreigner,
		Age: referral.AgeRange{Min: 18}, AgeKnown: true, Lang: referral.Russian})
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
	for _, r := range tbl.Match(referral.Query{Need: referral.NeedChildRehab, Region: "astana", Age: referral.AgeRange{Min: 3, Max: 6}, AgeKnown: true}) {
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
