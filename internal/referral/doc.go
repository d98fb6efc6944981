// Package referral is the referral table's domain: organisations, the
// services they offer, the needs those services serve, who may use them,
// where, how to reach them, and where each contact detail came from.
//
// The package is pure: it imports only the standard library, does no I/O,
// never reads the clock and renders no text. Human-readable names of needs,
// regions and contact purposes live in the locale catalogs; this package
// deals in codes.
//
// A Table is built once from a list of organisations (NewTable), is then
// read-only and safe for concurrent use, and answers Match queries: given a
// person's situation it ranks the services that fit, most specific and
// nearest first, and guarantees the answer is never empty.
package referral
