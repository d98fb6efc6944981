package phone

import (
	"errors"
	"strings"
	"testing"
)

func TestCanonical(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"+7 727 258 45 98", "+77272584598"},
		{"8 727 258 45 98", "+77272584598"},
		{"8 (727) 258-45-98", "+77272584598"},
		{"+7-708-983-28-63", "+77089832863"},
		{" +7 7182 30 14 97 ", "+77182301497"},
		{"+998 71 123 45 67", "+998711234567"}, // Tashkent
		{"+996 312 123456", "+996312123456"},   // Bishkek
		{"112", "112"},
		{"11616", "116 16"},
		{"116 16", "116 16"},
		{"116-16", "116 16"},
		{"1414", "1414"},
	} {
		got, err := Canonical(c.in)
		if err != nil || got != c.want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// The template's made-up helpline and other numbers that a pattern would
// pass are refused, each with what to do.
func TestCanonicalRefusesWhatIsNoNumber(t *testing.T) {
	for _, in := range []string{
		"+7 000 000 00 00", // the template's example
		"+7 000 000 00 01",
		"+7 727 000 00 00", // no such Almaty number
		"+7 708 983 28",    // too short
		"+7 708 983 28 63 1",
		"+44 1234",
		"999",   // a short number not on the list
		"11617", // a typo of 116 16
		"8 000 ext 5",
		"+7 (701) one two",
		"tel:+77089832863",
		"",
	} {
		got, err := Canonical(in)
		if err == nil || !errors.Is(err, ErrNotANumber) {
			t.Errorf("Canonical(%q) = %q, %v; want a refusal", in, got, err)
			continue
		}
		if !strings.Contains(err.Error(), "+7") && !strings.Contains(err.Error(), "111") {
			t.Errorf("Canonical(%q): the error does not say what to write: %v", in, err)
		}
	}
}

func TestShow(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"+77089832863", "+7 708 983 28 63"},
		{"+77172790345", "+7 7172 79 03 45"},
		{"+77272584598", "+7 727 258 45 98"},
		{"+77273765660", "+7 727 376 56 60"},
		{"+998711234567", "+998 71 123 45 67"},
		{"116 16", "116 16"},
		{"112", "112"},
		{"+7 not canonical", "+7 not canonical"},
	} {
		if got := Show(c.in); got != c.want {
			t.Errorf("Show(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Every canonical number reads back as itself: storing is idempotent.
func TestCanonicalIsIdempotent(t *testing.T) {
	for _, in := range []string{"+7 727 258 45 98", "8 708 983 28 63", "116-16", "+998 71 123 45 67"} {
		once, err := Canonical(in)
		if err != nil {
			t.Fatal(err)
		}
		if twice, err := Canonical(once); err != nil || twice != once {
			t.Errorf("Canonical(%q) = %q, then %q, %v", in, once, twice, err)
		}
		if again, err := Canonical(Show(once)); err != nil || again != once {
			t.Errorf("Canonical(Show(%q)) = %q, %v", once, again, err)
		}
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"+7 727 258 45 98", "116 16", "8 (727) 258-45-98", "+", "0", "++7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Canonical(s)
		if err != nil {
			return
		}
		if again, err := Canonical(c); err != nil || again != c {
			t.Fatalf("Canonical(%q) = %q, then %q, %v", s, c, again, err)
		}
	})
}
