// Package hsds writes and reads the referral table as an Open Referral
// HSDS 3.0 data set: JSON (a list of fully nested services, each valid
// against HSDS's service.json) or the tabular data package
// (datapackage.json plus organizations.csv, services.csv, phones.csv, …,
// with the descriptor's column names).
//
// # Mapping
//
// Organisations and services become organization and service records with
// version 5 UUIDs derived from Komek's IDs (the same table always gives the
// same IDs). HSDS's name and description are written in Options.Lang.
// Needs, areas and eligibility are attributes linking to terms of Komek's
// taxonomies: komek-needs (one term per need code), komek-regions
// (nationwide, the region codes, abroad; linked from one service_area per
// code) and komek-eligibility (women, citizenship.kz,
// citizenship.foreign); ages are minimum_age and maximum_age. Languages are
// language records. Opening hours are weekly schedule records.
//
// Everything HSDS has no place for is kept in the "komek" taxonomy, one
// attribute per value, linked to its organisation or service: id, kind,
// alt_name (one per name, in order), notes, name.kk/ru/en,
// description.kk/ru/en, emergency, general, hours, cost, and contact (one
// per contact, in order; the value is JSON with the text format's keys:
// kind, value, for, hours, cost, note, source, checked, unconfirmed). For
// other HSDS tools, phone contacts are also phone records, addresses
// location and address records, and the first website and e-mail the
// service's url and email. When a service carries the Komek extension,
// reading takes its contacts from the contact attributes and reports as a
// problem any phone, url, email or address that is not among them.
//
// # Data sets from other publishers
//
// A service without the Komek extension is read as far as Komek's model
// allows: names and descriptions in Options.Lang, ages, two-letter
// languages, weekly schedules, and its phones, url, email, contact e-mails
// and addresses as contacts that are leads (unconfirmed, never shown)
// dated with assured_date. Every other value is reported as a notice with
// its place; what the table then still lacks (the other languages, needs,
// area, sources) is reported as problems, so that nothing enters the table
// unchecked.
package hsds
