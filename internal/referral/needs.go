package referral

// Need is a code from the fixed needs taxonomy: the kind of help a person is
// looking for. Labels for each code live in the locale catalogs under
// "need.<code>".
type Need string

// The needs taxonomy. The order of Needs is the order the bot offers them.
const (
	// NeedDomesticViolence: violence or threats at home, from a partner or a
	// relative.
	NeedDomesticViolence Need = "domestic_violence"
	// NeedChildAbuse: violence against a child, or bullying.
	NeedChildAbuse Need = "child_abuse"
	// NeedTrafficking: human trafficking, forced labour, being held.
	NeedTrafficking Need = "trafficking"
	// NeedMigrant: documents lost or taken, unpaid wages, legal status,
	// wanting to go home.
	NeedMigrant Need = "migrant"
	// NeedChildRehab: a child with a disability (cerebral palsy and others)
	// who needs rehabilitation.
	NeedChildRehab Need = "child_rehab"
	// NeedDisability: disability — education, inclusion, work and skills.
	NeedDisability Need = "disability"
	// NeedMentalHealth: mental health, emotional crisis, suicidal thoughts.
	NeedMentalHealth Need = "mental_health"
	// NeedPoverty: poverty, food, material help.
	NeedPoverty Need = "poverty"
	// NeedChildCare: children without parental care, and families at risk of
	// separation.
	NeedChildCare Need = "child_care"
	// NeedLegal: legal help and human-rights complaints.
	NeedLegal Need = "legal"
)

// Needs lists every need, in the order the bot offers them.
var Needs = []Need{
	NeedDomesticViolence,
	NeedChildAbuse,
	NeedTrafficking,
	NeedMigrant,
	NeedChildRehab,
	NeedDisability,
	NeedMentalHealth,
	NeedPoverty,
	NeedChildCare,
	NeedLegal,
}

// Valid reports whether n is a code of the taxonomy.
func (n Need) Valid() bool {
	for _, k := range Needs {
		if n == k {
			return true
		}
	}
	return false
}

// ForChildOnly reports whether the need always concerns a child, so the bot
// need not ask for whom the help is.
func (n Need) ForChildOnly() bool { return n == NeedChildRehab }

// AsksCitizenship reports whether citizenship changes which services fit
// this need (migrants and trafficking survivors), so the bot asks for it.
func (n Need) AsksCitizenship() bool {
	return n == NeedMigrant || n == NeedTrafficking
}
