package dialog

import (
	"strings"
	"testing"
)

// DebugRead logs what each word of txt finds in m's lexicon (go test -run
// TestDebugReal with DEBUG_TEXT set).
func DebugRead(t *testing.T, m *Machine, txt string) {
	r := m.match.read(txt)
	for i, w := range r.words {
		var ps []string
		for _, h := range r.hits[i] {
			p := m.match.phrases[h.phrase]
			ps = append(ps, p.label+":"+strings.Join(p.words, "_")+"@"+string(rune('0'+h.q))+"k"+string(rune('0'+p.kind)))
		}
		t.Logf("%s → %v", w, ps)
	}
}
