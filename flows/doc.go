// Package flows owns the vendor conversations of the Loket helpdesk: the
// main menu, the SPSE registration guide, the registration and
// verification intake, other requests, ticket status, talking to an
// officer, language, and answers to questions typed in the vendor's own
// words. It decides replies and domain changes for one inbound message
// at a time (Handle), over the small store interface Tx it declares.
//
// It holds no SQL, no HTTP and no channel types, and must not import
// bot, store or console implementations. Every text a vendor reads lives
// in templates/bot (Bahasa Indonesia and English), parsed and checked at
// New. The parsers (NPWP, phone, e-mail, password look-alikes) are
// exported so other edges can reuse them.
package flows
