package referraltest

import (
	"fmt"
	"math/rand/v2"

	"github.com/komek-kz/komek/internal/referral"
)

// Synthetic returns a made-up referral table of about n services, for
// benchmarks and load tests: the same n and seed always give the same table.
// Its shape follows the real table's: organisations of one to five services,
// each serving one to three needs; about a fifth nationwide, the rest in one
// to three regions, some reachable from abroad; some limited by age or
// citizenship; about a quarter open around the clock; one in ten with only
// an unconfirmed lead. The first organisation holds the fixture's emergency
// numbers and general hotlines, so every query has an answer. Every contact
// is fictional (example.org, +7 700 …) and must never be shown to anyone.
func Synthetic(n int, seed uint64) []referral.Organization {
	rng := rand.New(rand.NewPCG(seed, 0x73796e7468))
	orgs := []referral.Organization{syntheticCore()}
	count := len(orgs[0].Services)
	for i := 0; count < n; i++ {
		id := fmt.Sprintf("synthetic-%06d", i)
		o := org(id, referral.KindNGO)
		for j := range 1 + rng.IntN(5) {
			if count == n {
				break
			}
			o.Services = append(o.Services, syntheticService(rng, fmt.Sprintf("%s.s%d", id, j)))
			count++
		}
		orgs = append(orgs, o)
	}
	return orgs
}

// SyntheticTable returns Synthetic(n, seed) as a Table.
func SyntheticTable(n int, seed uint64) *referral.Table {
	t, err := referral.NewTable(Synthetic(n, seed))
	if err != nil {
		panic(err)
	}
	return t
}

// syntheticCore holds the emergency numbers and the general hotlines.
func syntheticCore() referral.Organization {
	core := org("core", referral.KindState)
	for _, num := range []string{"112", "102", "103"} {
		s := svc("core.e"+num, nil, national, always, phone(num, unknown))
		s.Emergency = true
		core.Services = append(core.Services, s)
	}
	h111 := svc("core.h111", needs{dv, abuse, care, mental}, national, always, phone("111", unknown))
	h111.General = true
	h150 := svc("core.h150", needs{mental, abuse}, national, unknown, phone("150", unknown))
	h150.General = true
	core.Services = append(core.Services, h111, h150)
	return core
}

var syntheticLangs = [][]string{nil, {"kk"}, {"ru"}, {"kk", "ru"}, {"kk", "ru", "en"}, {"ru", "uz"}}

func syntheticService(rng *rand.Rand, id string) referral.Service {
	var ns []referral.Need
	for range 1 + rng.IntN(3) {
		n := referral.Needs[rng.IntN(len(referral.Needs))]
		if !containsNeed(ns, n) {
			ns = append(ns, n)
		}
	}
	area := national
	if rng.IntN(5) != 0 {
		area = referral.Area{}
		for range 1 + rng.IntN(3) {
			area.Regions = append(area.Regions, referral.Regions[rng.IntN(len(referral.Regions)-1)])
		}
	}
	area.Abroad = rng.IntN(10) == 0
	hours := unknown
	switch rng.IntN(4) {
	case 0:
		hours = always
	case 1:
		hours = weekdays
	}
	c := phone(fmt.Sprintf("+7 700 %03d %02d %02d", rng.IntN(1000), rng.IntN(100), rng.IntN(100)), unknown)
	c.Unconfirmed = rng.IntN(10) == 0
	s := svc(id, ns, area, hours, c)
	s.Languages = syntheticLangs[rng.IntN(len(syntheticLangs))]
	switch rng.IntN(8) {
	case 0:
		s.Eligibility = referral.Eligibility{MaxAge: 17}
	case 1:
		s.Eligibility = referral.Eligibility{MinAge: 18}
	case 2:
		s.Eligibility = referral.Eligibility{MinAge: 6, MaxAge: 15}
	case 3:
		s.Eligibility.Citizenship = referral.Foreigner
	case 4:
		s.Eligibility.Citizenship = referral.CitizenKZ
	}
	return s
}

func containsNeed(ns []referral.Need, n referral.Need) bool {
	for _, k := range ns {
		if k == n {
			return true
		}
	}
	return false
}
