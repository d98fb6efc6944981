package telegramtest

import "strings"

// Shown is what the bot showed in a chat, in order, in a form that does
// not depend on how a question reached the person: each question asked,
// as "question at step N" (from its buttons' callback data
// "1|<step>|<seq>|<value>"), whether it came as a new message or as an
// edit of the message before, and the text of every message that never
// had buttons (welcomes, results). Repeats in a row count once. Tests
// that compare a conversation with faults or kills against one without
// compare this: the bot may edit a question in place in one run and send
// it anew in the other, when a fault delayed what it knew.
func Shown(msgs []Message) []string {
	var out []string
	add := func(s string) {
		if len(out) == 0 || out[len(out)-1] != s {
			out = append(out, s)
		}
	}
	for _, m := range msgs {
		if m.Deleted {
			continue
		}
		asked := false
		for _, r := range m.History {
			if step, ok := questionStep(r.Keyboard); ok {
				add("question at step " + step)
				asked = true
			}
		}
		if step, ok := questionStep(m.Keyboard); ok {
			add("question at step " + step)
			asked = true
		}
		if !asked {
			add(m.Plain)
		}
	}
	return out
}

func questionStep(kb [][]Button) (string, bool) {
	for _, row := range kb {
		for _, b := range row {
			if rest, ok := strings.CutPrefix(b.CallbackData, "1|"); ok {
				step, _, _ := strings.Cut(rest, "|")
				return step, true
			}
		}
	}
	return "", false
}
