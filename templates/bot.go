// Package templates holds every text a person reads, embedded in the
// binary: the bot's messages (bot/, one text/template file per language)
// and the console's HTML. It only embeds files; parsing and checking is
// done by the packages that use them (flows parses Bot at start-up).
package templates

import "embed"

// Bot holds the bot's texts: bot/id.tmpl (Bahasa Indonesia) and
// bot/en.tmpl (English), each a set of {{define "key"}} blocks with the
// same keys.
//
//go:embed bot
var Bot embed.FS
