package gazetteer

import (
	"math"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
)

func TestNearestRegion(t *testing.T) {
	g := defaultGazetteer(t)
	for _, tc := range []struct {
		name     string
		lat, lon float64
		want     referral.Region
	}{
		{"Almaty, Abay avenue", 43.240, 76.910, referral.Almaty},
		{"Astana, Baiterek", 51.128, 71.430, referral.Astana},
		{"Shymkent", 42.320, 69.590, referral.Shymkent},
		{"Semey", 50.410, 80.250, referral.Abai},
		{"Tashkent", 41.311, 69.280, referral.Abroad},
		{"Bishkek", 42.875, 74.600, referral.Abroad},
		{"Moscow", 55.756, 37.617, referral.Abroad},
		{"Urumqi", 43.825, 87.617, referral.Abroad},
	} {
		got, ok := g.NearestRegion(tc.lat, tc.lon)
		if !ok || got != tc.want {
			t.Errorf("%s (%v, %v): NearestRegion = %s, %v; want %s", tc.name, tc.lat, tc.lon, got, ok, tc.want)
		}
	}
}

func TestNearestRegionRejectsNonPoints(t *testing.T) {
	g := defaultGazetteer(t)
	for _, c := range [][2]float64{{math.NaN(), 70}, {45, math.NaN()}, {91, 70}, {45, 181}, {-91, 0}} {
		if r, ok := g.NearestRegion(c[0], c[1]); ok {
			t.Errorf("NearestRegion(%v, %v) = %s, true; want false", c[0], c[1], r)
		}
	}
}

func TestDistance(t *testing.T) {
	// Almaty–Astana is about 970 km as the crow flies.
	if d := Distance(43.238, 76.946, 51.169, 71.449); d < 950 || d > 990 {
		t.Errorf("Distance(Almaty, Astana) = %.0f km, want about 970", d)
	}
	if d := Distance(43.2, 76.9, 43.2, 76.9); d != 0 {
		t.Errorf("Distance to itself = %v", d)
	}
}
