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
// question the person was at (see crisis.go). Typed text at a choice step selects the matching option (its
// number, its label in any language, a close spelling); unclear text gets a
// short hint and the question again, never a dead end.
//
// A State holds only answer codes, never typed text.
package dialog
