package console

import (
	"loket"
	"loket/messages"
)

// catalog is the console's message catalogue (package messages, read from
// templates/console/messages): the pages' texts in the agent's language
// and the texts sent to vendors in theirs.
type catalog messages.Catalog

var catalogLangs = messages.Langs

func loadCatalog() (catalog, error) {
	cat, err := messages.Load()
	return catalog(cat), err
}

// check fails when a language misses a key another has, or a status text.
func (cat catalog) check() error { return messages.Catalog(cat).Check() }

// lang returns the texts of lang, Indonesian when lang is unknown.
func (cat catalog) lang(lang loket.Lang) map[string]string { return messages.Catalog(cat).Lang(lang) }

// text returns the key's text in lang with variables filled in; "" when
// there is no such key.
func (cat catalog) text(lang loket.Lang, key string, vars map[string]string) string {
	return messages.Catalog(cat).Text(lang, key, vars)
}

// tr is text for what agents read: a missing key shows as the key itself,
// so it is noticed (TestCatalogueKeysExist catches it before that).
func (cat catalog) tr(lang loket.Lang, key string, kv ...any) string {
	return messages.Catalog(cat).Tr(lang, key, kv...)
}

// label is the text of "<group>.<value>", or value itself when there is none.
func (cat catalog) label(lang loket.Lang, group, value string) string {
	return messages.Catalog(cat).Label(lang, group, value)
}

// fill replaces {{name}} and {{name:group}} variables.
func (cat catalog) fill(lang loket.Lang, s string, vars map[string]string) string {
	return messages.Catalog(cat).Fill(lang, s, vars)
}

// fillVars replaces {{name}} with vars[name]; unknown variables stay.
func fillVars(s string, vars map[string]string) string { return messages.FillVars(s, vars) }

// option is a key and its text, for pick lists.
type option = messages.Option

// prefixed lists the entries of lang whose key starts with prefix.
func (cat catalog) prefixed(lang loket.Lang, prefix string) []option {
	return messages.Catalog(cat).Prefixed(lang, prefix)
}
