// Package whatsapp is Loket's WhatsApp channel on go.mau.fi/whatsmeow (a
// linked-device session, paired by QR code or pairing code). It receives
// messages and turns them into loket.Inbound, sends loket.Outbound texts
// (buttons rendered as a numbered menu) and documents, reports the
// session's state (Status) for the console and /readyz, and makes sure
// only one replica holds the connection (a Locker).
//
// It imports loket, bot and whatsmeow only: no flows, no store, no
// console, no other channel. The session keys live in whatsmeow's own
// tables (whatsmeow_*) in the database Loket uses.
//
// The library is reached through the narrow waClient interface; tests feed
// real whatsmeow event and proto types through it.
//
// Addresses. ChatID and SenderID are phone-number JIDs without device,
// "6281234567890@s.whatsapp.net". A chat WhatsApp addresses by LID
// ("…@lid") is mapped to the phone JID with Info.SenderAlt or the
// device's LID store; only when no mapping is known is the "…@lid" JID
// used as is (Send accepts both). ExternalID is "<chat>/<sender>/<message
// id>" in those same forms, so a redelivered message is recognised.
//
// Delivery guarantee (read from whatsmeow's source, message.go): whatsmeow
// decrypts a message (advancing the Signal session), dispatches the event,
// and sends the delivery receipt/ack only after the handlers returned
// true. A message that is acked but not recorded would be lost, and an
// un-acked message cannot be decrypted a second time unless its plaintext
// was kept. So the channel turns on EnableDecryptedEventBuffer (plaintext
// kept in whatsmeow_event_buffer in the same transaction as the session
// update, cleared after a successful handler) and its handler returns true
// only after sink.Accept returned nil. The handler tries Accept once,
// bounded by Config.AcceptTimeout; on failure it returns false (no ack,
// plaintext kept) and hands the message to the channel's own retry queue,
// which keeps calling Accept with back-off while the process lives; once
// that queue is non-empty, later messages queue behind it so their order
// is kept. If the process dies first, WhatsApp redelivers the un-acked
// message on the next connection and whatsmeow replays the kept plaintext.
// That replay is whatsmeow's and WhatsApp's behaviour, not verifiable
// without the real service. Read receipts go out only after Accept.
//
// Sending. Buttons become "1. Label" lines after the text; the flows map
// a typed number back. The message id is derived from the Outbound (own
// JID, Outbound.ID, CreatedAt), so the engine's retry of the same Outbound
// reuses it; an Outbound without ID gets GenerateMessageID().
package whatsapp
