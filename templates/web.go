package templates

import "embed"

// Web holds the public web-chat page and its assets (web/).
//
//go:embed web
var Web embed.FS
