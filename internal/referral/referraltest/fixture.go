// Package referraltest provides a small, fictional referral table for tests
// of the packages that use the referral domain. Its contacts are made up
// (example.org sources, +7 700 000 … numbers) and must never be shown to
// anyone; the real table is in /referrals.
package referraltest

import (
	"strings"
	"time"

	"github.com/komek-kz/komek/internal/referral"
)

var checked = time.Date(2025, 11, 6, 0, 0, 0, 0, time.UTC)

func txt(en string) referral.Text {
	return referral.Text{KK: en + " (kk)", RU: en + " (ru)", EN: en}
}

func phone(v string, h referral.Hours) referral.Contact {
	return referral.Contact{Kind: referral.Phone, Value: v, Hours: h, Sources: []string{"https://example.org/" + strings.NewReplacer(" ", "", "+", "").Replace(v)}, Checked: checked}
}

var (
	always   = referral.Hours{Always: true}
	weekdays = referral.Hours{Weekly: []referral.Span{{First: 0, Last: 4, From: 9 * 60, To: 18 * 60}}}
	unknown  = referral.Hours{}
	national = referral.Area{Nationwide: true}
)

func svc(id string, needs []referral.Need, area referral.Area, h referral.Hours, cs ...referral.Contact) referral.Service {
	return referral.Service{
		ID: id, Name: txt("Service " + id), Description: txt("What " + id + " does."),
		Needs: needs, Area: area, Hours: h, Cost: referral.CostFree, Contacts: cs,
	}
}

func org(id string, kind referral.OrgKind, ss ...referral.Service) referral.Organization {
	return referral.Organization{ID: id, Name: txt("Org " + id), Kind: kind, Services: ss}
}

func regions(rs ...referral.Region) referral.Area { return referral.Area{Regions: rs} }

type needs = []referral.Need

const (
	dv      = referral.NeedDomesticViolence
	abuse   = referral.NeedChildAbuse
	traff   = referral.NeedTrafficking
	migrant = referral.NeedMigrant
	rehab   = referral.NeedChildRehab
	mental  = referral.NeedMentalHealth
	poverty = referral.NeedPoverty
	care    = referral.NeedChildCare
	legal   = referral.NeedLegal
)

// Organizations returns the fixture organisations; each call returns a
// fresh copy.
func Organizations() []referral.Organization {
	e112 := svc("emergency.112", nil, national, always, phone("112", unknown))
	e112.Emergency = true
	e102 := svc("emergency.102", nil, national, always, phone("102", unknown))
	e102.Emergency = true
	e103 := svc("emergency.103", nil, national, always, phone("103", unknown))
	e103.Emergency = true

	h111 := svc("line111.hotline", needs{dv, abuse, care, mental}, national, always, phone("111", unknown))
	h111.General = true
	h150 := svc("line150.hotline", needs{mental, abuse}, national, unknown, phone("150", unknown))
	h150.General = true
	h150.Languages = []string{"kk", "ru"}

	teen := svc("teenline.chat", needs{mental}, national, unknown,
		referral.Contact{Kind: referral.Website, Value: "https://example.org/teen", Sources: []string{"https://example.org/teen"}, Checked: checked})
	teen.Eligibility = referral.Eligibility{MinAge: 12, MaxAge: 17}

	almatyCrisis := svc("almaty-mh.crisis", needs{mental}, regions(referral.Almaty), always, phone("+77000000001", unknown))
	shelter := svc("south-shelter.shelter", needs{dv, traff}, regions(referral.Shymkent, referral.Turkistan), unknown, phone("+77000000002", unknown))
	shelter.Eligibility.Women = true
	migrantLegal := svc("south-shelter.migrants", needs{migrant, traff, legal}, regions(referral.Shymkent, referral.Turkistan), weekdays, phone("+77000000003", unknown))
	migrantLegal.Eligibility.Citizenship = referral.Foreigner
	migrantLegal.Languages = []string{"ru", "uz"}
	unhcr := svc("refugee-agency.office", needs{migrant, legal}, regions(referral.Almaty), weekdays, phone("+77000000004", unknown))
	unhcr.Eligibility.Citizenship = referral.Foreigner
	t116 := svc("line11616.hotline", needs{traff}, national, unknown, phone("116 16", unknown))
	egov := svc("egov.line", needs{migrant}, national, unknown, phone("1414", unknown))
	citizensLegal := svc("legal-aid.consult", needs{legal}, national, unknown,
		referral.Contact{Kind: referral.Website, Value: "https://example.org/legal", Sources: []string{"https://example.org/legal"}, Checked: checked})
	citizensLegal.Eligibility.Citizenship = referral.CitizenKZ

	rehabAstana := svc("rehab-centre.astana", needs{rehab}, regions(referral.Astana), weekdays, phone("+77000000005", unknown))
	rehabAstana.Eligibility = referral.Eligibility{MinAge: 2, MaxAge: 15}
	rehabNational := svc("rehab-centre.national", needs{rehab}, national, unknown, phone("+77000000006", unknown))
	rehabNational.Eligibility = referral.Eligibility{MaxAge: 17}
	rehabAkmola := svc("rehab-fund.akmola", needs{rehab}, regions(referral.Akmola), unknown, phone("+77000000007", unknown))
	rehabAkmola.Eligibility = referral.Eligibility{MaxAge: 17}

	lead := phone("+77000000008", unknown)
	lead.Unconfirmed = true
	foodBank := svc("food-fund.baskets", needs{poverty}, regions(referral.Almaty), unknown, lead)

	return []referral.Organization{
		org("emergency", referral.KindState, e112, e102, e103),
		org("line111", referral.KindState, h111),
		org("line150", referral.KindNGO, h150),
		org("teenline", referral.KindNGO, teen),
		org("almaty-mh", referral.KindState, almatyCrisis),
		org("south-shelter", referral.KindNGO, shelter, migrantLegal),
		org("refugee-agency", referral.KindInternational, unhcr),
		org("line11616", referral.KindNGO, t116),
		org("egov", referral.KindState, egov),
		org("legal-aid", referral.KindState, citizensLegal),
		org("rehab-centre", referral.KindState, rehabAstana, rehabNational),
		org("rehab-fund", referral.KindNGO, rehabAkmola),
		org("food-fund", referral.KindNGO, foodBank),
	}
}

// Table returns the fixture table.
func Table() *referral.Table {
	t, err := referral.NewTable(Organizations())
	if err != nil {
		panic(err)
	}
	return t
}
