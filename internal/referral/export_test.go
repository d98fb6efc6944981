package referral

// MatchBySorting and UnconfirmedBySorting are Match and Unconfirmed by the
// sorting path that Match's index replaces, so that the tests can check
// that the two agree.
func (t *Table) MatchBySorting(q Query) []Result { return t.guarantee(t.sorted(q, true), q) }

func (t *Table) UnconfirmedBySorting(q Query) []Result { return t.sorted(q, false) }
