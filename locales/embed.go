// Package locales holds the bot's message catalogs, one TOML file per
// language (kk.toml, ru.toml, en.toml), embedded in the binary. It is a
// separate package only because go:embed cannot reach parent folders; the
// catalogs are loaded and rendered by internal/locale.
package locales

import "embed"

// FS holds every *.toml catalog of this folder.
//
//go:embed *.toml
var FS embed.FS
