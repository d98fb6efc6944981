// Package textnorm is the one text normaliser of Komek: the answer matcher
// (internal/dialog) and the crisis detector (internal/crisis) read typed
// text through it, so «Алматыда», «Almatyda», «алматыда» and «Фдьфеньфвф»
// (the wrong keyboard layout) are the same words to both.
//
//   - Words folds text into words in one rough Latin spelling: lower case;
//     Cyrillic and Latin alike («ozim» = «өзім» = «озим»); the Kazakh letters
//     optional (ә→a, қ→k, ө→o, ү/ұ→u, ғ→g, ң→n, і→i, һ→h), the 2021 Kazakh
//     Latin alphabet and the diacritics of Turkish and Uzbek keyboards; ё = е;
//     punctuation, emoji and spaces separate words; runs of three or more of
//     one letter are squeezed ("дааа").
//   - FromQwerty and ToQwerty retype text typed with the wrong keyboard
//     layout (ЙЦУКЕН ↔ QWERTY).
//   - Bases (morph.go) strips Kazakh suffixes and Russian endings from a
//     folded word, table-driven, so a caller can find the word it knows in
//     «Алматыдамын», «паспортым», «қазақпын», «в Семее», «для сына».
//
// The package is pure: standard library only, no I/O, no state; every
// function is safe for concurrent use.
package textnorm
