package dialog_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
)

// reachable returns a state waiting at every step of the conversation,
// reached the way a person would reach it.
func reachable(t *testing.T) map[string]dialog.State {
	t.Helper()
	states := map[string]dialog.State{"fresh": {}}
	walk := func(name string, inputs ...string) {
		c := newChat(t)
		c.cmd(dialog.CmdStart)
		for _, v := range inputs {
			c.press(v)
		}
		states[name] = c.s
	}
	walk("language")
	walk("danger", "en")
	walk("safety", "en", "yes")
	walk("need", "en", "no")
	walk("who", "en", "no", "migrant")
	walk("age-child", "en", "no", "child_rehab")
	walk("age-self", "en", "no", "mental_health", "self")
	walk("region", "en", "no", "migrant", "self")
	walk("citizenship", "en", "no", "migrant", "self", "almaty")
	walk("results", "en", "no", "migrant", "self", "almaty", "skip")
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("ru").press("no").cmd(dialog.CmdLanguage)
	states["language-mid-conversation"] = c.s
	c = newChat(t)
	c.cmd(dialog.CmdStart).press("ru").cmd(dialog.CmdExit)
	states["ended"] = c.s
	return states
}

// inputs returns every kind of input a person or a broken client can send
// at state s: each command, each offered button, stale and forged buttons,
// typed numbers, labels, garbage, and an input of no known kind.
func inputs(s dialog.State) map[string]dialog.Input {
	in := map[string]dialog.Input{
		"empty input":         {},
		"unknown kind":        {Kind: 99},
		"unknown command":     dialog.Cmd(250),
		"empty text":          dialog.Text(""),
		"spaces":              dialog.Text("   "),
		"number 1":            dialog.Text("1"),
		"number 0":            dialog.Text("0"),
		"number -1":           dialog.Text("-1"),
		"huge number":         dialog.Text("99999999999999999999"),
		"garbage":             dialog.Text("qwe;lkj 123 ///"),
		"control chars":       dialog.Text("\x00\x01\u202e"),
		"long text":           dialog.Text(strings.Repeat("помогите ", 500)),
		"stale button":        dialog.Press(s.Step, s.Seq-1, "no"),
		"button for another":  dialog.Press(s.Step+1, s.Seq, "no"),
		"forged value":        dialog.Press(s.Step, s.Seq, "'; DROP TABLE"),
		"invalid step button": dialog.Press(200, s.Seq, "x"),
		"language hint":       {Kind: dialog.InputText, Text: "hi", LangHint: referral.Kazakh},
		"bad language hint":   {Kind: dialog.InputText, Text: "hi", LangHint: "xx"},
	}
	for _, c := range []dialog.Command{dialog.CmdStart, dialog.CmdRestart, dialog.CmdLanguage, dialog.CmdBack, dialog.CmdHelp, dialog.CmdExit, dialog.CmdResume, dialog.CmdPrivacy, dialog.CmdForget} {
		in[fmt.Sprintf("command %d", c)] = dialog.Cmd(c)
	}
	// Every button of the question being asked, as a press and typed.
	if s.Step != dialog.StepNone && s.Step != dialog.StepEnded {
		_, out := machine.Step(s, dialog.Cmd(dialog.CmdHelp), t0)
		q := out[len(out)-1]
		for i, o := range append(q.Options, q.Nav...) {
			in["press "+o.Value] = dialog.Press(s.Step, s.Seq+1, o.Value) // Help re-asks: Seq+1
			in[fmt.Sprintf("type %d", i+1)] = dialog.Text(fmt.Sprint(i + 1))
		}
	}
	return in
}

// Every state, every kind of input: the next state is valid, there is
// always an answer, and the person is never left without a question.
func TestStepEveryStateEveryInput(t *testing.T) {
	for name, s := range reachable(t) {
		for what, in := range inputs(s) {
			t.Run(name+"/"+what, func(t *testing.T) {
				if strings.HasPrefix(what, "press") {
					// The button belongs to the question as re-asked by Help.
					s, _ = machine.Step(s, dialog.Cmd(dialog.CmdHelp), t0)
				}
				next, out := machine.Step(s, in, t0)
				checkTurn(t, next, out)
			})
		}
	}
}

func TestStepDoesNotKeepTypedText(t *testing.T) {
	secret := "my husband Ivan beats me at Abay street 5"
	for name, s := range reachable(t) {
		next, _ := machine.Step(s, dialog.Text(secret), t0)
		b, _ := next.MarshalBinary()
		for _, w := range strings.Fields(secret) {
			if len(w) > 3 && strings.Contains(string(b), w) {
				t.Errorf("%s: encoded state contains typed word %q", name, w)
			}
		}
	}
}

func TestStateEncodingRoundTrip(t *testing.T) {
	for name, s := range reachable(t) {
		b, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got dialog.State
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s.LastSeen = s.LastSeen.Truncate(1e9).UTC()
		s.End = dialog.EndNone // how a conversation ended is never stored
		if got != s {
			t.Errorf("%s: round trip\n got  %+v\n want %+v", name, got, s)
		}
		if len(b) > 96 {
			t.Errorf("%s: encoded state is %d bytes; sessions should stay small", name, len(b))
		}
	}
}

func TestStateDecodingRejectsDamage(t *testing.T) {
	good, _ := reachable(t)["results"].MarshalBinary()
	damaged := map[string][]byte{
		"empty":       {},
		"bad version": append([]byte{9}, good[1:]...),
		"truncated":   good[:len(good)-3],
		"too long":    append(append([]byte{}, good...), 0),
		"bad step":    append([]byte{good[0], 200}, good[2:]...),
	}
	for name, b := range damaged {
		var s dialog.State
		if err := s.UnmarshalBinary(b); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
}
