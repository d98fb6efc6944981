package crisis_test

import (
	"testing"

	"github.com/komek-kz/komek/internal/dialog"
)

// FuzzDetect: any text, however broken, gets an answer without a panic,
// the same answer every time, and a kind and language that exist.
func FuzzDetect(f *testing.F) {
	for _, s := range []string{"", "хочу умереть", "olgim keledi", "[jxe evthtnm", "^помогите*|", "\xff\xfe", "ё\u0301", "i  want\tto\ndie", "sos sos sos"} {
		f.Add(s)
	}
	d := realDetector(f)
	f.Fuzz(func(t *testing.T, text string) {
		k1, l1 := d.Detect(text)
		k2, l2 := d.Detect(text)
		if k1 != k2 || l1 != l2 {
			t.Fatalf("%q: %v/%q then %v/%q", text, k1, l1, k2, l2)
		}
		if k1 == dialog.NoCrisis {
			if l1 != "" {
				t.Fatalf("%q: no alarm but a language %q", text, l1)
			}
			return
		}
		if _, ok := dialog.ParseCrisis(k1.String()); !ok || !l1.Valid() {
			t.Fatalf("%q: kind %v, language %q", text, k1, l1)
		}
	})
}
