package templates

import "embed"

// Console holds the staff console (console/): page templates (*.html,
// html/template with layout.html), static assets (static/) and the small
// id/en catalogue of texts the console sends to vendors (messages/).
//
//go:embed console
var Console embed.FS
