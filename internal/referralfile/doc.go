// Package referralfile reads and writes the referral table's text format:
// one TOML file per organisation, named <id>.toml, kept in the repository's
// referrals/ folder and edited by coordinators with any text editor.
//
// TOML was chosen because it is explicit (every text is quoted, nothing
// depends on indentation), diffs well line by line, allows comments, and has
// a small, well-kept Go library. This comment is the format's reference.
//
// # A file
//
//	# Comments start with # and may stand anywhere; Format does not keep them.
//	id = "contact-centre-111"
//	kind = "state"
//	alt_names = ["Единый телефон доверия"]
//	notes = "for coordinators only, never shown"
//
//	[name]
//	kk = "111 бірыңғай байланыс орталығы"
//	ru = "Единый контакт-центр 111"
//	en = "Unified contact centre 111"
//
//	[[service]]
//	id = "contact-centre-111.hotline"
//	needs = ["domestic_violence", "child_abuse"]
//	general = true
//	area = ["nationwide"]
//	hours = "24/7"
//	cost = "free"
//
//	[service.name]
//	kk = "…"
//	ru = "…"
//	en = "…"
//
//	[service.description]
//	kk = "…"
//	ru = "…"
//	en = "…"
//
//	[[service.contact]]
//	kind = "phone"
//	value = "111"
//	for = "hotline"
//	source = [
//	  "https://www.inform.kz/ru/…",
//	  "https://apgazeta.kz/2024/03/18/na-strazhe-interesov-semi/",
//	]
//	checked = 2025-11-06
//
// # The organisation (top of the file)
//
//   - id (required): lower-case letters and digits joined by "-", "_" or
//     "."; the file is named id + ".toml". It never changes once published.
//   - kind (required): "state", "ngo" or "international".
//   - alt_names: other names people search for (former names, names in the
//     original language, abbreviations).
//   - notes: for coordinators only (open questions, conflicts between
//     sources); never shown to a person.
//   - [name] (required): kk, ru and en, the official name in each language
//     or a faithful translation.
//   - [[service]]: one block per service, at least one, in the order the
//     organisation lists them; the bot keeps this order (the emergency
//     numbers are shown in file order).
//
// # A service ([[service]])
//
//   - id (required): the organisation's id, a dot, and a name for the
//     service: "contact-centre-111.hotline". Unique across all files.
//   - needs: codes of referral.Needs (domestic_violence, child_abuse,
//     trafficking, migrant, child_rehab, disability, mental_health, poverty,
//     child_care, legal); at least one, except for emergency services.
//   - partial: needs among needs that the service meets only for a
//     narrower group (UNHCR helps migrants only if they seek asylum); for
//     them it ranks after the services that meet them fully.
//   - emergency = true: only the national emergency numbers (112, 102,
//     103, …), shown first to someone in immediate danger. Their needs say
//     which dangers they fit (the police for violence, the ambulance for
//     suicide); one with no needs (fire, gas) is not shown in a crisis.
//   - general = true: the general hotlines (111, 150), offered when nothing
//     else fits.
//   - area (required): ["nationwide"], or region codes of referral.Regions
//     such as ["almaty", "almaty_region"]; add "abroad" when people outside
//     Kazakhstan can use the service.
//   - languages: ISO 639-1 codes of the languages the service speaks ("kk",
//     never "kz"; "ru", "uz", …); leave out when not confirmed.
//   - hours: "24/7", "unknown", or a weekly schedule such as
//     "Mo-Fr 09:00-18:00; Sa 10:00-14:00" (days Mo Tu We Th Fr Sa Su, local
//     time). Left out means unknown.
//   - cost: "free", "paid" or "mixed"; left out when unknown.
//   - ages: who may use the service by age, both ends included: "0-17",
//     "3-15", or "18-" for 18 and older. Left out means any age.
//   - women = true: for women (and their children) only.
//   - citizenship: "kz" for citizens of Kazakhstan only, "foreign" for
//     foreign citizens and stateless people only; left out means anyone.
//   - notes: for coordinators only.
//   - [service.name] and [service.description] (required): kk, ru and en.
//     The description says in one or two plain sentences what the service
//     does for the person, who can use it and what it costs.
//   - [service.description_for.<need>]: optional, kk, ru and en: what the
//     service does for a person with that need, shown instead of the
//     description (111 for the parent of a disabled child). The need must be
//     among needs, or the service a general line offered as a fallback.
//   - [[service.contact]]: at least one, most useful first.
//
// # A contact ([[service.contact]])
//
//   - kind (required): "phone", "whatsapp", "telegram", "instagram",
//     "website", "email" or "address".
//   - value (required): as a person uses it. Phones in any common form
//     ("+7 727 258 45 98", "8 (727) 258-45-98"), checked by libphonenumber
//     and stored in E.164 ("+77272584598"), or a listed short national
//     number ("111", "116 16"; see internal/phone);
//     WhatsApp as a +7 number or a https://wa.me/ link; Telegram and
//     Instagram as an @handle or a https link; websites with http:// or
//     https://; e-mail as a plain address; addresses as written.
//   - for: what the contact is for, when it is not the main one: "hotline",
//     "crisis", "chat", "office", "admissions" or "complaints".
//   - hours, cost: as for the service, when this contact differs from it.
//   - source (required): the http(s) addresses of the pages the value was
//     read on, at least one.
//   - checked (required): the date someone last confirmed the value, as a
//     TOML date without quotes: checked = 2025-11-06.
//   - unconfirmed = true: a lead that someone still has to call or check.
//     It is kept as the coordinators' to-do list and never shown to a
//     person; a service none of whose contacts is confirmed is never shown.
//   - [service.contact.note]: a short caveat shown with the contact, in kk,
//     ru and en ("Hours may be limited…").
//   - [[service.contact.check]]: a coordinator's call or visit, oldest
//     first, as komek referrals verify records it: outcome ("reached",
//     "wrong_number" or "no_answer"), by (who), on (a date) and how
//     ("phone", "whatsapp", "telegram", "website", "email" or "visit").
//
// # Reading and writing
//
// Parse reads one file and returns every problem it finds, each with its
// line, the path of the field ("service[2].contact[1].source", counting
// from 1 in file order) and a plain explanation of what to write instead.
// It decodes strictly: unknown keys (also keys in the wrong case), values
// of the wrong type, hours and ages it cannot read, and everything
// referral.Validate finds are problems. LoadFS reads a folder of files and
// also checks file names and IDs used in two files. Format writes an
// organisation back in canonical form; Parse(Format(o)) equals o for every
// valid organisation.
package referralfile
