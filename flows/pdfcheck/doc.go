// Package pdfcheck decides whether a document a vendor sent is a PDF that
// Loket accepts, and hands back its exact bytes, sha256 and page count.
//
// The order of checks is fixed: the declared size (before reading a byte),
// the size while streaming (never more than the limit + 1 bytes are read),
// emptiness, the %PDF- signature (with a hint of what the file looks like
// when it is not a PDF), a real parse and validation with pdfcpu in relaxed
// mode under a deadline, then the page count. Every refusal is a *Refusal
// whose Reason the flows layer turns into a sentence from its templates;
// this package holds no user-facing text.
//
// Check reads the document into memory and returns its bytes; CheckFile
// streams it into a caller's file (a Spool) while hashing it and lets
// pdfcpu read it back from there, which allocates about half as much.
//
// It owns no storage and no transport: it must not import database/sql,
// net/http, the bot channel packages or any store. It imports only the
// standard library, the loket domain package and pdfcpu.
package pdfcheck
