// Package gazetteer knows the places people name when they say where they
// are: Kazakhstan's cities, towns, district centres and notable villages
// (each with its region, kind, coordinates and every spelling people use),
// the countries people come from or travel to (names, demonyms, big cities),
// and foreign cities near Kazakhstan's borders.
//
// The data lives in referrals/places.tsv, referrals/countries.tsv and
// referrals/cities-abroad.tsv, embedded in the binary; Default parses them.
// The package is pure: standard library only (plus internal/referral for the
// Region type), no I/O beyond the embedded files, no clock.
//
// It does no fuzzy matching and no morphology. A caller that understands
// typed text builds an Index with its own folding function and looks up the
// folded stem it found («Алматыдамын» → «алматы» is the caller's work).
//
// A Gazetteer and an Index are read-only once built and safe for concurrent
// use. Slices they return are shared: callers must not modify them.
package gazetteer
