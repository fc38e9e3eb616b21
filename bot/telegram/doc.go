// Package telegram is Loket's Telegram channel: it receives updates (its
// own at-least-once getUpdates loop, or a webhook handler that answers 200
// only after the engine recorded the update), turns them into
// loket.Inbound, and sends loket.Outbound messages, keyboards and
// documents through github.com/go-telegram/bot. It implements the
// contract in package bot (Receiver, Sender, Limited, Typer, Fetcher).
//
// It imports loket, bot and the Telegram client library only: no flows,
// no store, no console, no other channel. User-facing texts (the command
// menu) come from an embedded file, not from code.
//
// External ids. Inbound.ExternalID is built from ids Telegram repeats
// identically on every redelivery, in webhook and polling mode alike:
//
//	message          "m<chat_id>:<message_id>"   (message ids are unique per chat)
//	callback query   "c<callback_query_id>"     (globally unique)
//	my_chat_member   "s<chat_id>:<date>:<status>"
//
// update_id is not used: Telegram picks it at random again after a week
// without updates, so an old id can come back for a new message.
// Send returns the Telegram message_id (decimal), which is also what an
// inbound ReplyTo names (see ParseReplyTo).
package telegram
