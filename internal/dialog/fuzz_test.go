package dialog_test

import (
	"testing"

	"github.com/komek-kz/komek/internal/dialog"
)

// FuzzStep drives a conversation with arbitrary inputs: each byte of the
// script picks an input kind and the text supplies typed words and button
// values. No input may panic, leave the person without an answer, or make
// an invalid state.
func FuzzStep(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3}, "2")
	f.Add([]byte{5, 5, 5}, "Алматы")
	f.Add([]byte{1, 4, 6, 7, 8, 9}, "nav:back")
	f.Add([]byte{3, 3, 3, 132, 136, 140, 4, 9}, "1") // presses, then typing seen against older questions
	f.Fuzz(func(t *testing.T, script []byte, text string) {
		var s dialog.State
		if len(script) > 64 {
			script = script[:64]
		}
		for _, b := range script {
			var in dialog.Input
			switch b % 5 {
			case 0:
				in = dialog.Text(text)
				if b >= 128 { // read first against a question seen before
					in.Seen = dialog.Seen{Step: dialog.StepID(b % 16), Seq: s.Seq - uint16(b/16%4)}
				}
			case 1:
				in = dialog.Cmd(dialog.Command(b / 5 % 9))
			case 2:
				in = dialog.Press(s.Step, s.Seq, text)
			case 3:
				// Press the option whose index the byte picks.
				_, out := machine.Step(s, dialog.Cmd(dialog.CmdHelp), t0)
				q := out[len(out)-1]
				s, _ = machine.Step(s, dialog.Cmd(dialog.CmdHelp), t0)
				if len(q.Options) > 0 {
					in = dialog.Press(s.Step, s.Seq, q.Options[int(b/5)%len(q.Options)].Value)
				}
			case 4:
				in = dialog.Press(dialog.StepID(b), uint16(b), text)
			}
			prev := s
			var out []dialog.Output
			s, out = machine.Step(s, in, t0)
			checkTurn(t, s, out)
			if out[0].Kind == dialog.OutNoted && s != prev {
				t.Fatalf("a repeat changed the state:\n got  %+v\n want %+v", s, prev)
			}
		}
	})
}

// FuzzStateDecoding: arbitrary bytes either fail to decode or decode to a
// state that Step handles.
func FuzzStateDecoding(f *testing.F) {
	for _, s := range []dialog.State{{}, {Step: dialog.StepRegion, Lang: "ru", Need: "migrant"}} {
		b, _ := s.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s dialog.State
		if err := s.UnmarshalBinary(b); err != nil {
			return
		}
		next, out := machine.Step(s, dialog.Text("1"), t0)
		checkTurn(t, next, out)
	})
}
