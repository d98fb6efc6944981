// Package phone checks, stores and shows the phone numbers of the referral
// table. It is the only importer of github.com/nyaruka/phonenumbers, the Go
// port of Google's libphonenumber, so "is this a real number?" is answered
// by the same numbering plans the phone networks publish, not by a pattern.
//
// A number is kept in one canonical form:
//
//   - a full number in E.164: "+77272584598" (typed as "+7 727 258 45 98",
//     "8 (727) 258-45-98", "+7-727-258-45-98" …; a number without a country
//     code is read as a Kazakhstan number);
//   - a short national number from an explicit list (ShortNumbers) in the
//     form people know it: "112", "116 16".
//
// Show turns the canonical form into what a person reads.
package phone

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// ShortNumbers are the short national numbers of Kazakhstan the table may
// use, by their digits, with the form people know them by. Anything else
// of three to six digits is refused: a short number that is not on this
// list is a typo or a number from another country. Sources: the referral
// table's entries for each (referrals/*.toml).
var ShortNumbers = map[string]string{
	"101":   "101",    // fire
	"102":   "102",    // police
	"103":   "103",    // ambulance
	"104":   "104",    // gas emergency
	"111":   "111",    // contact centre for families, women and children
	"112":   "112",    // the single emergency number
	"150":   "150",    // helpline for children and young people
	"1303":  "1303",   // mental health line (Almaty)
	"1414":  "1414",   // e-government contact centre
	"11616": "116 16", // trafficking hotline
}

// Country is the country assumed for a number written without a country
// code.
const Country = "KZ"

// ErrNotANumber is wrapped by Canonical's errors.
var ErrNotANumber = errors.New("not a valid phone number")

// allowed are the characters a written phone number may contain.
var allowed = regexp.MustCompile(`^\+?[0-9][0-9 ()\-.]*[0-9]$`)

// Canonical checks raw and returns its canonical form (see the package
// doc). The error says what is wrong in words a coordinator understands.
func Canonical(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if !allowed.MatchString(s) {
		return "", fmt.Errorf("%q: %w: write it as +7 727 258 45 98, or a short national number such as 111", raw, ErrNotANumber)
	}
	digits := onlyDigits(s)
	if !strings.HasPrefix(s, "+") && len(digits) <= 6 {
		if short, ok := ShortNumbers[digits]; ok {
			return short, nil
		}
		return "", fmt.Errorf("%q: %w: not a known short national number (%s)", raw, ErrNotANumber, knownShort())
	}
	n, err := phonenumbers.Parse(s, Country)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", fmt.Errorf("%q: %w in any numbering plan: check every digit, and the country code (+7 for Kazakhstan)", raw, ErrNotANumber)
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// Show returns the canonical number v as a person reads it: short numbers
// as they are known, full numbers in international form grouped the way
// they are written in Kazakhstan ("+7 708 983 28 63", "+7 7172 79 03 45").
// The international form works from any phone, a foreign SIM included.
// A value that is not canonical is returned unchanged.
func Show(v string) string {
	if !strings.HasPrefix(v, "+") {
		return v
	}
	n, err := phonenumbers.Parse(v, Country)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return v
	}
	s := phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
	if m := almaty.FindStringSubmatch(s); m != nil {
		s = "+7 727 2" + m[1] + m[2] + " " + m[3] + " " + m[4]
	}
	if m := kzSevenDigits.FindStringSubmatch(s); m != nil {
		s = m[1] + m[2] + " " + m[3]
	}
	return s
}

var (
	// kzSevenDigits is libphonenumber's "+7 708 983 2863": the last four
	// digits are written in pairs in Kazakhstan.
	kzSevenDigits = regexp.MustCompile(`^(\+7 [0-9]{3} [0-9]{3} )([0-9]{2})([0-9]{2})$`)
	// almaty is libphonenumber's "+7 7272 58 45 98": Almaty's code has
	// been 727 with seven-digit numbers since 2009 ("+7 727 258 45 98").
	almaty = regexp.MustCompile(`^\+7 7272 ([0-9])([0-9]) ([0-9]{2}) ([0-9]{2})$`)
)

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func knownShort() string {
	known := make([]string, 0, len(ShortNumbers))
	for digits, short := range ShortNumbers {
		known = append(known, fmt.Sprintf("%06s %s", digits, short))
	}
	slices.Sort(known)
	for i, k := range known {
		known[i] = k[7:]
	}
	return strings.Join(known, ", ")
}
