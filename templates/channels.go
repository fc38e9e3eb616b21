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

// WhatsAppTemplates are the suggested WhatsApp Cloud API message
// templates (Indonesian and English) an office submits for approval and
// maps to message kinds on the console's channels page.
//
//go:embed whatsapp/templates.json
var WhatsAppTemplates []byte
