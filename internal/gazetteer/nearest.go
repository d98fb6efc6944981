package gazetteer

import (
	"math"

	"github.com/komek-kz/komek/internal/referral"
)

// MaxPlaceKm is how far from the nearest place of Kazakhstan a point may
// be and still be taken as inside it. Kazakhstan's district centres are
// rarely more than 150 km apart; the emptiest steppes and deserts (Betpak-
// Dala, Ustyurt) are about this far from any of them.
const MaxPlaceKm = 250

const earthRadiusKm = 6371.0

// cityRadiusKm is how far a city's streets reach from its centre point: a
// place's distance is measured to that circle, so that the edge of a big
// city is not taken for the village next to it.
func cityRadiusKm(k Kind) float64 {
	switch k {
	case CityRepublican:
		return 8
	case CityRegional:
		return 4
	}
	return 0
}

// NearestRegion returns the region a shared location (lat, lon in decimal
// degrees) falls in, by nearest centre: it finds the nearest of all places
// of Kazakhstan and all cities abroad by great-circle (haversine) distance,
// less a radius for cities (8 km for Astana, Almaty and Shymkent, 4 km for
// the other big cities; see cityRadiusKm).
//
//   - Outside Kazakhstan's bounding box: Abroad.
//   - The nearest is a city abroad: Abroad.
//   - The nearest place of Kazakhstan is farther than MaxPlaceKm: Abroad.
//   - Otherwise: that place's region.
//
// ok is false only for coordinates that are not a point on Earth (NaN, out
// of range) or an empty gazetteer.
//
// Limits: regions are not polygons. Within some 30–50 km of a border
// between two regions, the answer is the region of the nearer town, which
// may be the other side; within some 30 km of the state border, a point on
// one side may be taken for the other where a town across the border is
// nearer than any at home (Saryagash and Tashkent's suburbs, Petropavl and
// the Russian villages north of it). The bot shows the region it took, so a
// person can correct it.
func (g *Gazetteer) NearestRegion(lat, lon float64) (referral.Region, bool) {
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return "", false
	}
	if len(g.places) == 0 {
		return "", false
	}
	if lat < minLat || lat > maxLat || lon < minLon || lon > maxLon {
		return referral.Abroad, true
	}
	best, bestKm := -1, math.Inf(1)
	for i := range g.places {
		d := Distance(lat, lon, g.places[i].Lat, g.places[i].Lon) - cityRadiusKm(g.places[i].Kind)
		if d < bestKm {
			best, bestKm = i, d
		}
	}
	for i := range g.cities {
		if Distance(lat, lon, g.cities[i].Lat, g.cities[i].Lon) < bestKm {
			return referral.Abroad, true
		}
	}
	if bestKm > MaxPlaceKm {
		return referral.Abroad, true
	}
	return g.places[best].Region, true
}

// Distance is the great-circle (haversine) distance in kilometres between
// two points given in decimal degrees, on a sphere of Earth's mean radius.
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(math.Min(1, a)))
}
