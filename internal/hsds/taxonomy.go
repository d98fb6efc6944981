package hsds

import (
	"github.com/komek-kz/komek/internal/referral"
)

// Komek's taxonomies. Attributes whose term is in one of them are read
// back into the table; attributes of other taxonomies are reported.
const (
	// taxNeeds: one term per need code (referral.Needs); an attribute links
	// a service to each need it serves, in order (link_type "need").
	taxNeeds = "komek-needs"
	// taxRegions: "nationwide", the region codes, "abroad"; an attribute
	// links each service_area of a service to its term (link_type "area").
	taxRegions = "komek-regions"
	// taxEligibility: "women", "citizenship.kz", "citizenship.foreign"
	// (link_type "eligibility"). Ages are the service's minimum_age and
	// maximum_age.
	taxEligibility = "komek-eligibility"
	// taxKomek: the fields of Komek's table that HSDS has no place for,
	// one term per field; the attribute's value holds the field's value
	// (link_type "komek").
	taxKomek = "komek"
)

// Terms of taxKomek.
const (
	extID          = "id"           // the Komek ID of an organisation or service
	extKind        = "kind"         // organisation kind: state, ngo, international
	extAltName     = "alt_name"     // one per other name, in order
	extNotes       = "notes"        // coordinators' notes
	extName        = "name."        // + kk, ru, en
	extDescription = "description." // + kk, ru, en
	extEmergency   = "emergency"    // "true"
	extGeneral     = "general"      // "true"
	extHours       = "hours"        // referral.Hours.String()
	extCost        = "cost"         // free, paid, mixed
	extContact     = "contact"      // one per contact, in order: JSON, see contactJSON
)

// extTerms lists the terms of taxKomek.
var extTerms = []string{extID, extKind, extAltName, extNotes,
	extName + "kk", extName + "ru", extName + "en",
	extDescription + "kk", extDescription + "ru", extDescription + "en",
	extEmergency, extGeneral, extHours, extCost, extContact}

// Link types of Komek's attributes.
var linkType = map[string]string{taxNeeds: "need", taxRegions: "area", taxEligibility: "eligibility", taxKomek: "komek"}

// taxonomyDescription describes each taxonomy in its taxonomies row.
var taxonomyDescription = map[string]string{
	taxNeeds:       "Komek's needs: the kinds of help a person looks for.",
	taxRegions:     "Komek's areas: nationwide, the regions and cities of republican status of Kazakhstan, and abroad.",
	taxEligibility: "Komek's eligibility conditions besides age.",
	taxKomek:       "Fields of Komek's referral table that HSDS has no place for; the attribute value holds the field's value. See Komek's README.",
}

const (
	termWomen     = "women"
	termCitizenKZ = "citizenship.kz"
	termForeigner = "citizenship.foreign"
	areaNation    = "nationwide"
	areaAbroad    = "abroad"
)

// terms returns the codes of taxonomy tax, in order.
func terms(tax string) []string {
	switch tax {
	case taxNeeds:
		return strs(referral.Needs)
	case taxRegions:
		out := []string{areaNation}
		for _, r := range referral.Regions {
			out = append(out, string(r)) // ends with abroad
		}
		return out
	case taxEligibility:
		return []string{termWomen, termCitizenKZ, termForeigner}
	case taxKomek:
		return extTerms
	}
	return nil
}

var taxonomies = []string{taxNeeds, taxRegions, taxEligibility, taxKomek}

// isOurs reports whether tax is one of Komek's taxonomies.
func isOurs(tax string) bool {
	_, ok := linkType[tax]
	return ok
}

func strs[T ~string](cs []T) []string {
	var out []string
	for _, c := range cs {
		out = append(out, string(c))
	}
	return out
}
