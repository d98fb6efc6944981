package referral_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referral/referraltest"
)

// benchQueries returns n queries of the shapes the dialog asks: a need, a
// region (sometimes abroad or unsaid), a language, and for some an age band
// or a citizenship.
func benchQueries(n int) []referral.Query {
	rng := rand.New(rand.NewPCG(1, 2))
	ages := []referral.AgeRange{{Min: 0, Max: 2}, {Min: 3, Max: 6}, {Min: 7, Max: 13}, {Min: 14, Max: 17}, {Min: 18}}
	cits := []referral.Citizenship{"", referral.CitizenKZ, referral.Foreigner, referral.Stateless}
	qs := make([]referral.Query, n)
	for i := range qs {
		q := referral.Query{
			Need:   referral.Needs[rng.IntN(len(referral.Needs))],
			Region: referral.Regions[rng.IntN(len(referral.Regions))],
			Lang:   referral.Langs[rng.IntN(len(referral.Langs))],
		}
		if rng.IntN(10) == 0 {
			q.Region = ""
		}
		if rng.IntN(2) == 0 {
			q.Age, q.AgeKnown = ages[rng.IntN(len(ages))], true
		}
		if q.Need.AsksCitizenship() {
			q.Citizenship = cits[rng.IntN(len(cits))]
		}
		qs[i] = q
	}
	return qs
}

// BenchmarkMatch ranks services for a mix of queries on synthetic tables of
// 1k, 10k and 100k services. Besides the mean (ns/op) it reports the
// median and the 99th percentile of single calls (p50-ns, p99-ns).
func BenchmarkMatch(b *testing.B) {
	qs := benchQueries(256)
	for _, n := range []int{1_000, 10_000, 100_000} {
		table := referraltest.SyntheticTable(n, 1)
		b.Run(fmt.Sprintf("services=%dk", n/1000), func(b *testing.B) {
			b.ReportAllocs()
			took := make([]time.Duration, 0, b.N)
			results := 0
			i := 0
			for b.Loop() {
				start := time.Now()
				results += len(table.Match(qs[i%len(qs)]))
				took = append(took, time.Since(start))
				i++
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Nanoseconds()), "p50-ns")
			b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds()), "p99-ns")
			b.ReportMetric(float64(results)/float64(i), "results/op")
		})
	}
}
