package referral

import "time"

// Organization is a body a person can be referred to: a state service, an
// NGO, an international agency. Its programmes and lines are its Services.
type Organization struct {
	// ID is a stable, lower-case identifier ("sana-sezim"). It never changes
	// once published: transcripts, exports and coordinators refer to it.
	ID string
	// Name is the official name in each language, or a faithful translation
	// with the original kept in AltNames.
	Name Text
	// AltNames are other names people search for: former names, the name in
	// the original language, abbreviations, names of merged entries.
	AltNames []string
	// Kind says what sort of body this is.
	Kind OrgKind
	// Notes is for coordinators only (open questions, conflicts between
	// sources); it is never shown to a person.
	Notes string
	// Services are what the organisation offers, in the order it lists them.
	Services []Service
}

// OrgKind says what sort of body an organisation is.
type OrgKind string

// Kinds of organisation.
const (
	KindState         OrgKind = "state"
	KindNGO           OrgKind = "ngo"
	KindInternational OrgKind = "international"
)

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool {
	return k == KindState || k == KindNGO || k == KindInternational
}

// Service is one thing an organisation does for people: a hotline, a
// shelter, a legal clinic, a rehabilitation course.
type Service struct {
	// ID is stable and unique across the whole table ("sana-sezim.legal").
	ID string
	// Name and Description say what the service does for the person, who
	// can use it and what it costs, in plain words.
	Name        Text
	Description Text
	// NeedDescriptions replace Description for a person with one need:
	// what 111 does for the parent of a disabled child is not what it does
	// for someone facing violence. Facts only from the sources.
	NeedDescriptions map[Need]Text `json:",omitempty"`
	// Needs are the needs this service serves; at least one.
	Needs []Need
	// Partial are needs among Needs that the service meets only for a
	// narrower group (UNHCR helps migrants only if they seek asylum): for
	// these needs it ranks after the services that meet them fully.
	Partial []Need `json:",omitempty"`
	// Emergency marks the national emergency numbers (112, 102, 103) that
	// are shown first, always, to someone in immediate danger. Their Needs
	// say which dangers they fit (see Table.EmergencyContacts); they are
	// never a Match result.
	Emergency bool
	// General marks the general hotlines (111, 150) offered when nothing
	// else fits a person's situation.
	General     bool
	Eligibility Eligibility
	Area        Area
	// Languages are the ISO 639-1 codes of the languages the service speaks
	// with people ("kk", "ru", "uz", …); empty when unknown.
	Languages []string
	// Hours are the service's opening hours; a contact may override them.
	Hours Hours
	Cost  Cost
	// Contacts are the ways to reach the service, most useful first.
	Contacts []Contact
	// Notes is for coordinators only; never shown to a person.
	Notes string
}

// Confirmed reports whether the service has at least one confirmed contact.
// An unconfirmed service — one with only leads, or no contact at all — is
// kept in the table as the coordinators' to-do list but is never shown to a
// person with contact details.
func (s *Service) Confirmed() bool {
	for i := range s.Contacts {
		if !s.Contacts[i].Unconfirmed {
			return true
		}
	}
	return false
}

// DescriptionFor returns what the service does for a person with need n:
// its description for that need, or its general one.
func (s *Service) DescriptionFor(n Need) Text {
	if d, ok := s.NeedDescriptions[n]; ok {
		return d
	}
	return s.Description
}

// PartlyServes reports whether s meets need n only for a narrower group.
func (s *Service) PartlyServes(n Need) bool {
	for _, k := range s.Partial {
		if k == n {
			return true
		}
	}
	return false
}

// Serves reports whether s serves need n.
func (s *Service) Serves(n Need) bool {
	for _, k := range s.Needs {
		if k == n {
			return true
		}
	}
	return false
}

// AlwaysOpen reports whether the service can be reached 24/7 through a
// confirmed contact.
func (s *Service) AlwaysOpen() bool {
	for i := range s.Contacts {
		c := &s.Contacts[i]
		if !c.Unconfirmed && c.HoursOr(s.Hours).Always {
			return true
		}
	}
	return false
}

// Speaks reports whether the service is known to speak language code l.
func (s *Service) Speaks(l string) bool {
	for _, k := range s.Languages {
		if k == l {
			return true
		}
	}
	return false
}

// Eligibility says who may use a service. The zero value means anyone.
type Eligibility struct {
	// MinAge and MaxAge bound the age in years of the person helped,
	// inclusive. MaxAge 0 means no upper bound.
	MinAge int
	MaxAge int
	// Women is set when the service is for women (and their children) only.
	Women bool
	// Citizenship restricts the service to citizens or to foreigners.
	Citizenship Citizenship
}

// ChildrenOnly reports whether only people under 18 are eligible.
func (e Eligibility) ChildrenOnly() bool { return e.MaxAge > 0 && e.MaxAge < 18 }

// AdultsOnly reports whether only people 18 or older are eligible.
func (e Eligibility) AdultsOnly() bool { return e.MinAge >= 18 }

// Citizenship is a person's citizenship as far as services care, or a
// service's restriction on it.
type Citizenship string

// Citizenship values. For a service, "" means anyone; CitizenKZ means
// citizens of Kazakhstan only; Foreigner means foreign citizens and stateless
// people only. For a person, "" means not asked or not said.
const (
	AnyCitizenship Citizenship = ""
	CitizenKZ      Citizenship = "kz"
	Foreigner      Citizenship = "foreign"
	Stateless      Citizenship = "stateless"
)

// Valid reports whether c is a known value.
func (c Citizenship) Valid() bool {
	return c == AnyCitizenship || c == CitizenKZ || c == Foreigner || c == Stateless
}

// Area says where a service works.
type Area struct {
	// Nationwide services serve every region of Kazakhstan.
	Nationwide bool
	// Regions lists the regions served when the service is not nationwide.
	Regions []Region
	// Abroad is set when people outside Kazakhstan can use the service (an
	// international number, a messenger, a website).
	Abroad bool
}

// Covers reports whether the area includes region r.
func (a Area) Covers(r Region) bool {
	if r == Abroad {
		return a.Abroad
	}
	if a.Nationwide {
		return true
	}
	for _, k := range a.Regions {
		if k == r {
			return true
		}
	}
	return false
}

// Cost says whether a service is free for the person.
type Cost string

// Costs.
const (
	CostUnknown Cost = ""
	CostFree    Cost = "free"
	CostPaid    Cost = "paid"
	// CostMixed: some help is free, some is paid.
	CostMixed Cost = "mixed"
)

// Valid reports whether c is a known cost.
func (c Cost) Valid() bool {
	return c == CostUnknown || c == CostFree || c == CostPaid || c == CostMixed
}

// Contact is one way to reach a service, with where it was found and when it
// was last checked. A wrong number can cost a life: a contact without Sources
// and Checked is invalid.
type Contact struct {
	Kind ContactKind
	// Value is the number, address or handle as a person uses it: phones in
	// E.164 ("+77272584598") once read through internal/phone (the text
	// files may hold "+7 727 258 45 98"), or a short national number ("111",
	// "116 16"); URLs with scheme; Telegram handles with "@".
	Value string
	// Purpose says what this contact is for; "" for the main contact.
	Purpose Purpose
	// Hours override the service's hours for this contact when Known.
	Hours Hours
	// Cost of calling or writing; CostUnknown inherits the service's.
	Cost Cost
	// Note adds a short caveat shown with the contact ("hours may be
	// limited; for 24/7 call 111 or 112").
	Note Text
	// Sources are the URLs the contact was read on.
	Sources []string
	// Checked is the date (UTC midnight) someone last confirmed it.
	Checked time.Time
	// Unconfirmed marks a lead that someone still has to call or check. It
	// is never shown to a person.
	Unconfirmed bool
	// Checks are the coordinators' calls and visits to check the contact,
	// oldest first (komek referrals verify records them).
	Checks []Check `json:",omitempty"`
}

// Check is one attempt by a coordinator to confirm a contact.
type Check struct {
	Outcome Outcome
	// By names who checked (a coordinator's name or initials).
	By string
	// On is the day of the check (UTC midnight).
	On time.Time
	// How says how: "phone", "whatsapp", "website", "visit".
	How string
}

// Outcome is what a coordinator's check found.
type Outcome string

// Outcomes.
const (
	OutcomeReached     Outcome = "reached"
	OutcomeWrongNumber Outcome = "wrong_number"
	OutcomeNoAnswer    Outcome = "no_answer"
)

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool {
	return o == OutcomeReached || o == OutcomeWrongNumber || o == OutcomeNoAnswer
}

// CheckHows are the ways a check can be made.
var CheckHows = []string{"phone", "whatsapp", "telegram", "website", "email", "visit"}

// LastCheck returns the contact's latest check, if any.
func (c *Contact) LastCheck() (Check, bool) {
	if len(c.Checks) == 0 {
		return Check{}, false
	}
	return c.Checks[len(c.Checks)-1], true
}

// HoursOr returns the contact's hours when known, otherwise def.
func (c *Contact) HoursOr(def Hours) Hours {
	if c.Hours.Known() {
		return c.Hours
	}
	return def
}

// ContactKind is the channel of a contact.
type ContactKind string

// Contact kinds.
const (
	Phone     ContactKind = "phone"
	WhatsApp  ContactKind = "whatsapp"
	Telegram  ContactKind = "telegram"
	Instagram ContactKind = "instagram"
	Website   ContactKind = "website"
	Email     ContactKind = "email"
	Address   ContactKind = "address"
)

// Valid reports whether k is a known kind.
func (k ContactKind) Valid() bool {
	switch k {
	case Phone, WhatsApp, Telegram, Instagram, Website, Email, Address:
		return true
	}
	return false
}

// Purpose says what a contact is for. Labels live in the locale catalogs
// under "purpose.<code>".
type Purpose string

// Purposes.
const (
	PurposeMain       Purpose = ""
	PurposeHotline    Purpose = "hotline"
	PurposeCrisis     Purpose = "crisis"
	PurposeChat       Purpose = "chat"
	PurposeOffice     Purpose = "office"
	PurposeAdmissions Purpose = "admissions"
	PurposeComplaints Purpose = "complaints"
)

// Valid reports whether p is a known purpose.
func (p Purpose) Valid() bool {
	switch p {
	case PurposeMain, PurposeHotline, PurposeCrisis, PurposeChat, PurposeOffice,
		PurposeAdmissions, PurposeComplaints:
		return true
	}
	return false
}

// WithoutTextOnlyFields returns a deep-enough copy of orgs without the
// fields that only the text files and the JSON database carry: per-need
// descriptions, partial needs and coordinators' checks. The CSV and HSDS
// exports do not hold them (yet); their round-trip tests compare with this.
func WithoutTextOnlyFields(orgs []Organization) []Organization {
	out := make([]Organization, len(orgs))
	for i, o := range orgs {
		o.Services = append([]Service(nil), o.Services...)
		for j := range o.Services {
			s := &o.Services[j]
			s.NeedDescriptions, s.Partial = nil, nil
			s.Contacts = append([]Contact(nil), s.Contacts...)
			for k := range s.Contacts {
				s.Contacts[k].Checks = nil
			}
		}
		out[i] = o
	}
	return out
}
