package templates

import "embed"

// Knowledge holds the seed's facts that an admin may change in the
// console (/admin/office): knowledge/office.json (the office profile the
// bot quotes) and knowledge/requirements.json (the documents per business
// form, with their Indonesian and English names). Package knowledge reads
// them as the defaults.
//
//go:embed knowledge
var Knowledge embed.FS
