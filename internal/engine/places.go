package engine

import (
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/gazetteer"
	"github.com/komek-kz/komek/internal/referral"
)

// WithGazetteer returns opts with the places, countries and Locate of g:
// Kazakhstan's places mean their region, cities abroad mean abroad, and a
// shared location the region of the nearest place (see
// gazetteer.NearestRegion).
func WithGazetteer(opts dialog.Options, g *gazetteer.Gazetteer) dialog.Options {
	for _, p := range g.Places() {
		opts.Places = append(opts.Places, dialog.Place{Names: p.Names, Region: p.Region, Common: p.Common})
	}
	for _, c := range g.Cities() {
		opts.Places = append(opts.Places, dialog.Place{Names: c.Names, Region: referral.Abroad})
	}
	for _, c := range g.Countries() {
		opts.Countries = append(opts.Countries, dialog.Country{Code: c.Code, Names: c.Names, Demonyms: c.Demonyms})
	}
	opts.Locate = g.NearestRegion
	return opts
}
