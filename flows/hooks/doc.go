// Package hooks turns ticket activity into outgoing integration events:
// ticket.created, ticket.status_changed and message.created.
//
// A Tick reads the ticket timeline after its own cursor (a row of the
// staff cursor table under the key "hooks:out", locked with SKIP LOCKED
// on PostgreSQL so two replicas never emit an event twice), maps each new
// activity to at most one event and, in the same transaction, puts one
// outbox row per interested endpoint (Channel loket.ChannelWebhook, ChatID
// the endpoint id, Text the JSON body). bot/webhook delivers and signs
// them; the engine retries.
//
// Endpoints live in the settings document "webhooks" (edited on the
// console's /admin/webhooks page). Internal notes and document contents
// are never emitted.
//
// hooks imports only the root package and the store contract
// (store/storetest, interfaces only); it must not import bot, console or a
// store implementation.
package hooks
