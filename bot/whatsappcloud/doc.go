// Package whatsappcloud is Loket's WhatsApp channel on the official
// WhatsApp Business Platform (Cloud API). It is the second WhatsApp
// adapter beside bot/whatsapp (whatsmeow): both serve loket.ChannelWhatsApp
// and an office runs one of them.
//
// Inbound: Meta POSTs webhooks to /whatsapp/webhook. The handler checks
// X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret)
// in constant time, turns the messages into loket.Inbound and answers 200
// only after the engine recorded them (500 makes Meta deliver again). The
// subscription handshake (GET with hub.mode, hub.verify_token,
// hub.challenge) answers the challenge when the verify token matches.
//
// External ids. Inbound.ExternalID is the message's "wamid", which Meta
// repeats on every redelivery; ChatID is the sender's wa_id (digits of the
// international number, no "+"). Send returns the wamid of the message
// sent, which status webhooks name.
//
// Outbound: text; buttons become up to three reply buttons or a list of
// up to ten rows, their titles shortened at a word boundary from the
// labels the flows wrote (more choices stay a numbered text; a typed
// number works everywhere). Documents are uploaded to /{phone}/media and
// sent by media id.
//
// It imports loket and bot only: no flows, no store, no console.
package whatsappcloud
