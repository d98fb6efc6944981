// Package tablecsv reads and writes the referral table as a spreadsheet:
// a CSV file that coordinators open, edit and save in LibreOffice Calc,
// Excel or Google Sheets. This comment is the format's reference; the
// template is referrals/template.csv.
//
// # Rows and columns
//
// The first row names the columns; every other row is one service. The
// columns may stand in any order; names are lower case. A service's
// organisation is named on its row (org_id) together with the
// organisation's own columns; the rows of one organisation need not be next
// to each other, and the organisation's columns may be left empty on all
// but one of its rows. Where they are filled on several rows they must
// agree. Organisations keep the order of their first row, services the
// order of their rows.
//
// Organisation columns:
//
//	org_id         required; lower-case letters and digits joined by - _ or .
//	org_kind       state, ngo or international
//	org_name_kk    the official name in Kazakh, Russian and English
//	org_name_ru
//	org_name_en
//	org_alt_names  other names people search for, separated by ;
//	org_notes      for coordinators only, never shown
//
// Service columns:
//
//	service_id       required; the org_id, a dot, a short name: "contact-centre-111.hotline"
//	name_kk, name_ru, name_en                       the service's name in each language
//	description_kk, description_ru, description_en  one or two plain sentences
//	needs            need codes separated by ;  (domestic_violence; legal)
//	emergency        yes for the national emergency numbers only; else empty
//	general          yes for the general hotlines (111, 150); else empty
//	area             nationwide, or region codes separated by ; ; add abroad
//	                 when people outside Kazakhstan can use it
//	languages        language codes separated by ; (kk; ru)
//	hours            24/7, unknown, or a schedule: Mo-Fr 09:00-18:00; Sa 10:00-14:00
//	cost             free, paid or mixed; empty when unknown
//	min_age, max_age who may use it by age, both included; empty means no limit
//	women            yes when for women (and their children) only
//	citizenship      kz (citizens only) or foreign (foreigners only); empty: anyone
//	notes            for coordinators only, never shown
//
// Contacts: each contact takes a group of columns numbered from 1, most
// useful contact first: contact1_kind, contact1_value, and so on. Add
// contact4_… columns for a fourth contact. An entirely empty group is
// skipped, so a service with two contacts leaves the third group empty.
//
//	contactN_kind         phone, whatsapp, telegram, instagram, website, email or address
//	contactN_value        +7 727 258 45 98, 111, @handle, https://…, name@example.org, a street address
//	contactN_for          empty for the main contact, or hotline, crisis, chat, office,
//	                      admissions, complaints
//	contactN_hours        when this contact's hours differ from the service's
//	contactN_cost         when calling or writing costs differ from the service's
//	contactN_sources      the http(s) pages the value was read on, separated by ;
//	contactN_checked      the date it was last confirmed: 2025-11-06 (06.11.2025 is read too)
//	contactN_unconfirmed  yes for a lead nobody has confirmed yet: never shown to a person
//	contactN_note_kk, contactN_note_ru, contactN_note_en  a short caveat shown with the
//	                      contact, in all three languages or none
//
// yes/no cells read yes, no, true, false, 1, 0 (any case) and empty (no).
//
// # Files
//
// The file is UTF-8, with or without a byte order mark. The separator is a
// comma or a semicolon (spreadsheets set to Russian or Kazakh write
// semicolons); Read tells which from the first row. Cells that hold the
// separator, quotes or line breaks are quoted, as every spreadsheet does.
// Write writes commas, quotes only where needed, and no byte order mark
// unless asked to.
//
// # Reading and writing
//
// Read returns every problem it finds, each with the file, the row as the
// spreadsheet numbers it (the header is row 1), the column, and what to do.
// Write writes a table so that Read gives it back unchanged; a value the
// format cannot hold (a list element containing ";", or with spaces at its
// ends) is an error of Write rather than a silent change.
package tablecsv
