// Package referrals holds the starter referral table: one TOML file per
// organisation (<id>.toml), in the text format that internal/referralfile
// reads and documents, embedded in the binary. It is a separate package only
// because go:embed cannot reach parent folders; README.md explains how to
// add, correct and check entries.
package referrals

import "embed"

// FS holds every *.toml file of this folder (README.md is not included).
// Read it with referralfile.LoadFS.
//
//go:embed *.toml
var FS embed.FS

// Gazetteer holds the gazetteer's data: places.tsv (Kazakhstan's cities,
// towns and district centres), countries.tsv and cities-abroad.tsv. Read it
// with gazetteer.Load; README.md explains the columns.
//
//go:embed places.tsv countries.tsv cities-abroad.tsv
var Gazetteer embed.FS
