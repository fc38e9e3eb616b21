// Package loket holds the domain of the Loket helpdesk: the message model
// (Inbound, Outbound), the helpdesk records (Contact, Vendor, Conversation,
// Ticket, Activity, Document, Appointment, Survey, Agent, Job, Audit), the
// error codes shared by every edge, and the Clock.
//
// It imports only the standard library. Every other package imports it;
// it imports none of them. Interfaces over these types are declared by the
// packages that consume them (bot, flows, console), not here.
package loket
