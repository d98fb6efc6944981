package dialog_test

import (
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referral/referraltest"
	"github.com/komek-kz/komek/locales"
)

// benchMachine is a Machine over table with the real catalogs' lexicon, as
// the bot builds it.
func benchMachine(b *testing.B, table *referral.Table) *dialog.Machine {
	b.Helper()
	cat, err := locale.Load(locales.FS)
	if err != nil {
		b.Fatal(err)
	}
	return dialog.New(table, dialog.Lexicon(cat.Lexicon()), dialog.Options{ShowUnconfirmed: true})
}

// benchAnswers are the answers benchState gives, by step.
var benchAnswers = map[dialog.StepID]string{
	dialog.StepLanguage: "ru", dialog.StepDanger: "no", dialog.StepNeed: "poverty", dialog.StepWho: "self",
	dialog.StepAge: "18+", dialog.StepRegion: "almaty", dialog.StepCitizenship: "kz",
}

// benchState walks m from a fresh conversation to the question at step,
// answering each question on the way from benchAnswers.
func benchState(b *testing.B, m *dialog.Machine, step dialog.StepID) dialog.State {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	s, _ := m.Step(dialog.State{}, dialog.Cmd(dialog.CmdStart), now)
	for i := 0; s.Step != step; i++ {
		v, ok := benchAnswers[s.Step]
		if !ok || i > 10 {
			b.Fatalf("cannot reach step %v from %v", step, s.Step)
		}
		s, _ = m.Step(s, dialog.Press(s.Step, s.Seq, v), now)
	}
	return s
}

// BenchmarkStep measures one dialog step, the pure part of handling an
// update, for the kinds of input a conversation is made of.
func BenchmarkStep(b *testing.B) {
	now := time.Date(2026, 11, 22, 10, 5, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		services int // 0: the fixture table
	}{{"fixture", 0}, {"services=10k", 10_000}} {
		table := referraltest.Table()
		if tc.services > 0 {
			table = referraltest.SyntheticTable(tc.services, 1)
		}
		m := benchMachine(b, table)
		atNeed := benchState(b, m, dialog.StepNeed)
		atWho := benchState(b, m, dialog.StepWho)
		atRegion := benchState(b, m, dialog.StepRegion)
		atResults := benchState(b, m, dialog.StepResults)
		cases := []struct {
			name string
			s    dialog.State
			in   dialog.Input
		}{
			{"start", atResults, dialog.Cmd(dialog.CmdStart)},
			{"press/need", atNeed, dialog.Press(atNeed.Step, atNeed.Seq, "poverty")},
			{"text/who", atWho, dialog.Text("для меня")},
			{"text/unclear", atWho, dialog.Text("не знаю что сказать")},
			{"press/region→results", atRegion, dialog.Press(atRegion.Step, atRegion.Seq, "almaty")},
			{"text/region→results", atRegion, dialog.Text("Алматы")},
			{"press/more", atResults, dialog.Press(atResults.Step, atResults.Seq, "more")},
		}
		for _, c := range cases {
			b.Run(tc.name+"/"+c.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					m.Step(c.s, c.in, now)
				}
			})
		}
	}
}

// BenchmarkState measures encoding and decoding a session as the store
// keeps it.
func BenchmarkState(b *testing.B) {
	m := benchMachine(b, referraltest.Table())
	s := benchState(b, m, dialog.StepResults)
	data, err := s.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.MarshalBinary(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(data)), "bytes")
	})
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		var back dialog.State
		for b.Loop() {
			if err := back.UnmarshalBinary(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
