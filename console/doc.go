// Package console owns Loket's staff web console and its REST API: login
// and sessions, the ticket inbox and ticket page, the admin screens
// (agents, office hours, holidays, audit log) and /api/v1 with token auth,
// all over net/http, html/template and server-sent events.
//
// It consumes the store through small interfaces declared here (deps.go),
// sends to vendors only through loket.Enqueue (the outbox), and reads its
// HTML, CSS, JS and vendor-facing texts from templates.Console. It must
// not import a store implementation, a channel adapter or flows.
package console
