// Package locales holds the bot's message catalogs, one TOML file per
// language (kk.toml, ru.toml, en.toml), and the crisis lexicons
// (crisis/kk.txt, crisis/ru.txt, crisis/en.txt), embedded in the binary. It
// is a separate package only because go:embed cannot reach parent folders;
// the catalogs are loaded and rendered by internal/locale, the lexicons by
// internal/crisis.
package locales

import "embed"

// FS holds every *.toml catalog of this folder.
//
//go:embed *.toml
var FS embed.FS

// Crisis holds the lexicons of words of immediate danger, crisis/<lang>.txt,
// which are reviewed like the catalogs.
//
//go:embed crisis/*.txt
var Crisis embed.FS
