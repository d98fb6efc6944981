// Package dialog is the conversation: what the bot asks, in which order, and
// what it answers. It is pure: it imports only the standard library and the
// referral domain, reads no clock (the time comes in as an argument), does
// no I/O and renders no text. Outputs are message IDs with arguments and
// choices; a channel adapter renders them in the person's language.
//
// The conversation, one question at a time:
//
//	language (if not known)
//	→ are you, or the person you ask for, in danger right now?
//	    yes → emergency contacts at once, then an offer to go on
//	→ what do you need help with?
//	→ for whom? (skipped when the need always concerns a child)
//	→ age band (for a child; for yourself where age changes the answer)
//	→ where are you? (a region, or a typed place name)
//	→ citizenship (only for migrants and trafficking)
//	→ results, at most referral.PageSize at a time
//
// At any step a person can go back, start over, change the language or
// leave. Typed text is read first by the crisis detector (Options.Crisis):
// words of immediate danger — suicide, violence, being held, a child in
// danger — interrupt whatever was asked with the emergency contacts for
// that kind of danger, then the offer to go on, which returns to the
// question the person was at (see crisis.go).
//
// Typed text (typed.go, textmatch.go, choose.go, age.go) is folded by
// internal/textnorm, read once against every phrase of the lexicon and the
// places (with Kazakh suffixes and Russian endings, safe typos, negation),
// and answers the question asked: an option number, a phrase, an age, a
// place, a shared location. Whatever else it states (a situation in one
// message) fills the later answers ahead; the answers taken are echoed
// (OutEcho). The danger question leans to safety. Unclear text is asked
// again, with hints that change, never a dead end and never a guess.
//
// A button press answers the question it belongs to, not the message that
// carried it (press.go): any copy of the current question answers it; a
// press repeating an answer already given (a double tap) is only noted
// (OutNoted); a press on an earlier question with another answer changes
// it and goes on from there; exit works from every copy. Typed text is
// read first against the question the person saw last (Input.Seen) when
// the bot has already moved past it. Questions after the danger question
// carry the answers so far (Output.Answers), for a compact line above them.
//
// A State holds only answer codes, never typed text.
package dialog
