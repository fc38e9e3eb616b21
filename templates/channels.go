package templates

import "embed"

// TelegramCommands is the Telegram command menu per language ("id" is
// also the default menu).
//
//go:embed telegram/commands.json
var TelegramCommands []byte

// Staff holds the texts posted to the Telegram staff group (staff/).
//
//go:embed staff
var Staff embed.FS
