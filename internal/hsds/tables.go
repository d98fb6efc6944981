package hsds

// field is a column of an HSDS table, with its datapackage type.
type field struct{ name, typ string }

// resource is one HSDS table: its name (the JSON object's name), its file in
// the tabular data package, and its fields in the descriptor's order.
type resource struct {
	name, path string
	fields     []field
}

// resources are the tables of HSDS 3.0 as its datapackage.json describes
// them, in its order. TestResourcesMatchTheDescriptor holds them to the
// descriptor (a copy is in testdata/spec).
var resources = []resource{
	{name: "organization", path: "organizations.csv", fields: []field{
		{"id", "string"}, {"name", "string"}, {"alternate_name", "string"}, {"description", "string"}, {"email", "string"}, {"website", "string"}, {"tax_status", "string"}, {"tax_id", "string"}, {"year_incorporated", "number"}, {"legal_status", "string"}, {"logo", "string"}, {"uri", "string"}, {"parent_organization_id", "string"},
	}},
	{name: "program", path: "programs.csv", fields: []field{
		{"id", "string"}, {"organization_id", "string"}, {"name", "string"}, {"alternate_name", "string"}, {"description", "string"},
	}},
	{name: "service", path: "services.csv", fields: []field{
		{"id", "string"}, {"organization_id", "string"}, {"program_id", "string"}, {"name", "string"}, {"alternate_name", "string"}, {"description", "string"}, {"url", "string"}, {"email", "string"}, {"status", "string"}, {"interpretation_services", "string"}, {"application_process", "string"}, {"fees_description", "string"}, {"wait_time", "string"}, {"fees", "string"}, {"accreditations", "string"}, {"eligibility_description", "string"}, {"minimum_age", "number"}, {"maximum_age", "number"}, {"assured_date", "date"}, {"assurer_email", "string"}, {"licenses", "string"}, {"alert", "string"}, {"last_modified", "datetime"},
	}},
	{name: "attribute", path: "attributes.csv", fields: []field{
		{"id", "string"}, {"link_id", "string"}, {"taxonomy_term_id", "string"}, {"link_type", "string"}, {"link_entity", "string"}, {"value", "string"},
	}},
	{name: "service_at_location", path: "service_at_location.csv", fields: []field{
		{"id", "string"}, {"service_id", "string"}, {"location_id", "string"}, {"description", "string"},
	}},
	{name: "location", path: "locations.csv", fields: []field{
		{"id", "string"}, {"location_type", "string"}, {"url", "string"}, {"organization_id", "string"}, {"name", "string"}, {"alternate_name", "string"}, {"description", "string"}, {"transportation", "string"}, {"latitude", "number"}, {"longitude", "number"}, {"external_identifier", "string"}, {"external_identifier_type", "string"},
	}},
	{name: "phone", path: "phones.csv", fields: []field{
		{"id", "string"}, {"location_id", "string"}, {"service_id", "string"}, {"organization_id", "string"}, {"contact_id", "string"}, {"service_at_location_id", "string"}, {"number", "string"}, {"extension", "number"}, {"type", "string"}, {"description", "string"},
	}},
	{name: "contact", path: "contacts.csv", fields: []field{
		{"id", "string"}, {"organization_id", "string"}, {"service_id", "string"}, {"service_at_location_id", "string"}, {"location_id", "string"}, {"name", "string"}, {"title", "string"}, {"department", "string"}, {"email", "string"},
	}},
	{name: "address", path: "addresses.csv", fields: []field{
		{"id", "string"}, {"location_id", "string"}, {"attention", "string"}, {"address_1", "string"}, {"address_2", "string"}, {"city", "string"}, {"region", "string"}, {"state_province", "string"}, {"postal_code", "string"}, {"country", "string"}, {"address_type", "string"},
	}},
	{name: "schedule", path: "schedules.csv", fields: []field{
		{"id", "string"}, {"service_id", "string"}, {"location_id", "string"}, {"service_at_location_id", "string"}, {"valid_from", "date"}, {"valid_to", "date"}, {"dtstart", "date"}, {"timezone", "number"}, {"until", "date"}, {"count", "number"}, {"wkst", "string"}, {"freq", "string"}, {"interval", "number"}, {"byday", "string"}, {"byweekno", "string"}, {"bymonthday", "string"}, {"byyearday", "string"}, {"description", "string"}, {"opens_at", "time"}, {"closes_at", "time"}, {"schedule_link", "string"}, {"attending_type", "string"}, {"notes", "string"},
	}},
	{name: "funding", path: "funding.csv", fields: []field{
		{"id", "string"}, {"organization_id", "string"}, {"service_id", "string"}, {"source", "string"},
	}},
	{name: "service_area", path: "service_areas.csv", fields: []field{
		{"id", "string"}, {"service_id", "string"}, {"name", "string"}, {"description", "string"}, {"extent", "string"}, {"extent_type", "string"}, {"uri", "string"},
	}},
	{name: "required_document", path: "required_documents.csv", fields: []field{
		{"id", "string"}, {"service_id", "string"}, {"document", "string"}, {"uri", "string"},
	}},
	{name: "language", path: "languages.csv", fields: []field{
		{"id", "string"}, {"service_id", "string"}, {"location_id", "string"}, {"phone_id", "string"}, {"name", "string"}, {"code", "string"}, {"note", "string"},
	}},
	{name: "accessibility", path: "accessibility.csv", fields: []field{
		{"id", "string"}, {"location_id", "string"}, {"description", "string"}, {"details", "string"}, {"url", "string"},
	}},
	{name: "taxonomy_term", path: "taxonomy_terms.csv", fields: []field{
		{"id", "string"}, {"code", "string"}, {"name", "string"}, {"description", "string"}, {"parent_id", "string"}, {"taxonomy", "string"}, {"language", "string"}, {"taxonomy_id", "string"}, {"term_uri", "string"},
	}},
	{name: "metadata", path: "metadata.csv", fields: []field{
		{"id", "string"}, {"resource_id", "string"}, {"resource_type", "string"}, {"last_action_date", "date"}, {"last_action_type", "string"}, {"field_name", "string"}, {"previous_value", "string"}, {"replacement_value", "string"}, {"updated_by", "string"},
	}},
	{name: "meta_table_description", path: "meta_table_descriptions.csv", fields: []field{
		{"id", "string"}, {"name", "string"}, {"language", "string"}, {"character_set", "string"},
	}},
	{name: "cost_option", path: "cost_options.csv", fields: []field{
		{"id", "string"}, {"service_id", "string"}, {"valid_from", "date"}, {"valid_to", "date"}, {"option", "string"}, {"currency", "string"}, {"amount", "number"}, {"amount_description", "string"},
	}},
	{name: "organization_identifier", path: "organization_identifiers.csv", fields: []field{
		{"id", "string"}, {"organization_id", "string"}, {"identifier_scheme", "string"}, {"identifier_type", "string"}, {"identifier", "string"},
	}},
	{name: "taxonomy", path: "taxonomies.csv", fields: []field{
		{"id", "string"}, {"name", "string"}, {"description", "string"}, {"uri", "string"}, {"version", "string"},
	}},
}

// resourceByName and resourceByPath index resources.
var resourceByName, resourceByPath = func() (map[string]*resource, map[string]*resource) {
	byName, byPath := make(map[string]*resource), make(map[string]*resource)
	for i := range resources {
		byName[resources[i].name] = &resources[i]
		byPath[resources[i].path] = &resources[i]
	}
	return byName, byPath
}()

// has reports whether the resource has a field called name.
func (r *resource) has(name string) bool {
	for _, f := range r.fields {
		if f.name == name {
			return true
		}
	}
	return false
}

// required lists, for each resource, the fields its JSON schema requires:
// the JSON writer writes them even when empty.
var required = map[string][]string{
	"organization":        {"id", "name", "description"},
	"service":             {"id", "name", "status"},
	"taxonomy":            {"id", "name", "description"},
	"taxonomy_term":       {"id", "name", "description"},
	"location":            {"id", "location_type"},
	"address":             {"id", "address_1", "city", "state_province", "postal_code", "country", "address_type"},
	"phone":               {"id", "number"},
	"attribute":           {"id"},
	"schedule":            {"id"},
	"service_area":        {"id"},
	"language":            {"id"},
	"service_at_location": {"id"},
}
