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
		// Towns, at points a little off their centres.
		{"Almaty, Abay avenue", 43.240, 76.910, referral.Almaty},
		{"Almaty, Turksib district (Boraldai is nearer than the centre point)", 43.330, 76.900, referral.Almaty},
		{"Astana, Baiterek", 51.128, 71.430, referral.Astana},
		{"Shymkent", 42.320, 69.590, referral.Shymkent},
		{"Semey", 50.410, 80.250, referral.Abai},
		{"Oskemen", 49.960, 82.600, referral.EastKazakhstan},
		{"Qonaev (Kapshagay)", 43.880, 77.080, referral.AlmatyRegion},
		{"Boraldai, just outside Almaty", 43.356, 76.855, referral.AlmatyRegion},
		{"Esik", 43.360, 77.440, referral.AlmatyRegion},
		{"Taldykorgan", 45.010, 78.370, referral.Jetisu},
		{"Zharkent", 44.170, 80.000, referral.Jetisu},
		{"Zhezkazgan", 47.800, 67.720, referral.Ulytau},
		{"Satbayev", 47.900, 67.530, referral.Ulytau},
		{"Karaganda", 49.800, 73.100, referral.Karaganda},
		{"Balkhash", 46.850, 75.000, referral.Karaganda},
		{"Aktau", 43.650, 51.200, referral.Mangystau},
		{"Zhanaozen", 43.340, 52.860, referral.Mangystau},
		{"Atyrau", 47.100, 51.900, referral.Atyrau},
		{"Oral", 51.230, 51.380, referral.WestKazakhstan},
		{"Aktobe", 50.290, 57.170, referral.Aktobe},
		{"Kostanay", 53.210, 63.630, referral.Kostanay},
		{"Petropavl", 54.870, 69.140, referral.NorthKazakhstan},
		{"Kokshetau", 53.280, 69.390, referral.Akmola},
		{"Burabay", 53.080, 70.300, referral.Akmola},
		{"Pavlodar", 52.290, 76.950, referral.Pavlodar},
		{"Ekibastuz", 51.720, 75.320, referral.Pavlodar},
		{"Kyzylorda", 44.850, 65.500, referral.Kyzylorda},
		{"Baikonur", 45.620, 63.320, referral.Kyzylorda},
		{"Turkistan", 43.300, 68.250, referral.Turkistan},
		{"Saryagash", 41.450, 69.170, referral.Turkistan},
		{"Taraz", 42.900, 71.370, referral.Zhambyl},
		{"Korday, at the Kyrgyz border", 43.040, 74.710, referral.Zhambyl},
		{"Ustyurt plateau east of Beyneu", 44.800, 56.500, referral.Mangystau},
		// Abroad: outside the bounding box, or nearer a city abroad.
		{"Tashkent", 41.311, 69.280, referral.Abroad},
		{"Chirchiq, Tashkent region", 41.470, 69.580, referral.Abroad},
		{"Bishkek", 42.875, 74.600, referral.Abroad},
		{"Tokmok", 42.840, 75.290, referral.Abroad},
		{"Moscow", 55.756, 37.617, referral.Abroad},
		{"Urumqi", 43.825, 87.617, referral.Abroad},
		{"Ghulja, China, 80 km from Zharkent", 43.910, 81.280, referral.Abroad},
		{"Omsk", 54.990, 73.370, referral.Abroad},
		{"Orenburg", 51.770, 55.100, referral.Abroad},
		{"Astrakhan", 46.350, 48.040, referral.Abroad},
		{"Nukus", 42.460, 59.610, referral.Abroad},
		{"Samarkand", 39.655, 66.976, referral.Abroad},
		{"Istanbul", 41.010, 28.980, referral.Abroad},
	} {
		got, ok := g.NearestRegion(tc.lat, tc.lon)
		if !ok || got != tc.want {
			t.Errorf("%s (%v, %v): NearestRegion = %s, %v; want %s", tc.name, tc.lat, tc.lon, got, ok, tc.want)
		}
	}
}

// Every place of Kazakhstan is found in its own region by its own
// coordinates: no city abroad is nearer, no other place is at the same point.
func TestEveryPlaceIsInItsOwnRegion(t *testing.T) {
	g := defaultGazetteer(t)
	for _, p := range g.Places() {
		if got, _ := g.NearestRegion(p.Lat, p.Lon); got != p.Region {
			t.Errorf("line %d: %s (%v, %v) is taken for %s, want %s; check its coordinates", p.Line, p.KK, p.Lat, p.Lon, got, p.Region)
		}
	}
	for _, c := range g.Cities() {
		if got, _ := g.NearestRegion(c.Lat, c.Lon); got != referral.Abroad {
			t.Errorf("cities-abroad.tsv line %d: %s is taken for %s", c.Line, c.EN, got)
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
	var empty Gazetteer
	if _, ok := empty.NearestRegion(45, 70); ok {
		t.Error("an empty gazetteer answered")
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

func BenchmarkNearestRegion(b *testing.B) {
	g := defaultGazetteer(b)
	for b.Loop() {
		g.NearestRegion(47.5, 70.5)
	}
}
