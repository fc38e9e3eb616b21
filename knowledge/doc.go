// Package knowledge owns what an LPSE office tells its vendors and may
// change without touching code: the office profile (the facts every bot
// text quotes), the documents each business form must send, and the
// answers the bot gives — their model, the seed's defaults
// (templates/knowledge), validation, the one-file export that hands an
// office's setup to another, and the grouping of the questions the bot
// could not answer.
//
// Admins edit it on the console (/admin/office, /admin/answers,
// /admin/unanswered); every change is a new version (store: knowledge
// versions), so the bot reads the current one on its next turn, and an
// older one can be restored.
//
// It imports the root package and templates only: no store, no flows, no
// console. Interfaces it needs of a store are declared here.
package knowledge
