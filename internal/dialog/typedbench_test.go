package dialog_test

import (
	"slices"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
)

// BenchmarkTypedMessage measures one typed message through the normaliser,
// the matcher and the situation parser, with the full gazetteer (every
// place of Kazakhstan, the cities abroad, the countries), against a button
// press in the same run (the baseline: go test -bench TypedMessage -run ^$
// ./internal/dialog/). It reports the p99 of single steps as p99-ns.
func BenchmarkTypedMessage(b *testing.B) {
	m, err := realMachine()
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 10, 5, 0, 0, time.UTC)
	need := dialog.State{Step: dialog.StepNeed, Lang: referral.Russian, Danger: dialog.DangerNo, Seq: 3, LastSeen: now}
	region := dialog.State{Step: dialog.StepRegion, Lang: referral.Kazakh, Danger: dialog.DangerNo, Need: referral.NeedMigrant, Who: dialog.WhoSelf, Seq: 5, LastSeen: now}
	for _, tc := range []struct {
		name string
		s    dialog.State
		in   dialog.Input
	}{
		{"button press (baseline)", need, dialog.Press(dialog.StepNeed, 3, "migrant")},
		{"situation, ru", need, dialog.Text("потеряла паспорт, я из Узбекистана, сейчас живу в Алматы, помогите пожалуйста")},
		{"situation with an unclear need, ru", need, dialog.Text("я из Узбекистана, в Алматы, работодатель забрал паспорт и не платит зарплату")},
		{"town with a case ending, kk", region, dialog.Text("Қандыағаштамын")},
		{"not understood, Latin", need, dialog.Text("asdf qwerty zxcv")},
	} {
		b.Run(tc.name, func(b *testing.B) {
			times := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			for b.Loop() {
				t0 := time.Now()
				m.Step(tc.s, tc.in, now)
				times = append(times, time.Since(t0))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns")
		})
	}
}

// FuzzTypedText: any typed text at any question leaves a valid state (it
// encodes and decodes), and whatever it echoes is an option of a question.
func FuzzTypedText(f *testing.F) {
	for _, s := range []string{"өзбекпін, Алматыдамын", "бар", "не мне, а дочке", "5 жаста", "2", "Fkvfns", "🙂", "\xff", "не сейчас, но боюсь", "полтора года"} {
		f.Add(s, uint8(dialog.StepNeed))
	}
	m, err := realMachine()
	if err != nil {
		f.Fatal(err)
	}
	steps := []string{"language", "danger", "safety", "need", "who", "age.child", "age.self", "region", "citizenship", "results"}
	f.Fuzz(func(t *testing.T, text string, step uint8) {
		s := stateAt(steps[int(step)%len(steps)], referral.Russian)
		got, outs := m.Step(s, dialog.Text(text), t0)
		b, err := got.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back dialog.State
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatalf("%q at %v: the state does not decode: %v (%+v)", text, s.Step, err, got)
		}
		for _, o := range outs {
			if o.Kind == dialog.OutEcho && len(o.Options) == 0 {
				t.Fatalf("%q: an empty echo", text)
			}
		}
	})
}
