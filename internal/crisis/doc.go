// Package crisis reads typed text for words of immediate danger — suicide
// or self-harm, being beaten or threatened, being locked in or held, a
// child in danger, a bare cry for help — in Kazakh, Russian and English,
// in Cyrillic or Latin letters, with typos and without punctuation. The
// dialog asks it about every piece of typed text, at every step, before
// anything else (dialog.CrisisDetector); a match interrupts the
// conversation with the emergency contacts for that kind of danger.
//
// The words live in data files next to the translations,
// locales/crisis/{kk,ru,en}.txt, reviewed like them (the format is in
// lexicon.go). Matching, in short:
//
//   - every word, of the lexicons and of the text alike, is folded into one
//     rough Latin spelling (internal/textnorm): "өлгім келеді", "олгим келеди" and
//     "olgim keledi" are the same words, and so are "не хочу жить" and
//     "ne xochu zhit'";
//   - a lexicon word matches a text word that equals it, starts with it
//     (a stem, "убива*"), or is one typo away from it (a long enough word,
//     same first letter, and only when the text word is no lexicon word
//     itself);
//   - a phrase matches when all its words stand within a few words of each
//     other, in any order (or in order, for "> " lines), with no negation
//     just before it or among its words ("не хочу умирать", "I don't want
//     to die"; Kazakh "ұрған жоқ") and no [safe] phrase over it;
//   - text typed with the wrong keyboard layout ("[jxe evthtnm") is read
//     again as Russian when nothing matched as typed;
//   - named word groups (@hit, @partner, …) join the words of all three
//     files, so a phrase matches a message that mixes Kazakh and Russian
//     («күйеуім бьёт»), and the language of a match is the one most of its
//     words are written in.
//
// Recall comes first: a missed crisis can cost a life, a false alarm costs
// one extra message. The corpus test (go test -v -run TestCorpus
// ./internal/crisis/) prints the recall and false-alarm rate per language.
//
// A Detector is built once at start, indexes every word, and reads a
// message with a few map look-ups per word; it is safe for concurrent use.
// It keeps nothing of the text and logs nothing.
package crisis
