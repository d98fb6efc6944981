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
