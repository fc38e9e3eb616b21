package webchat

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"slices"
	"strings"

	"loket"
)

// catalog is the web chat's answers to the browser, per language
// (templates/web/messages/<lang>.json); {{name}} marks a value.
type catalog map[loket.Lang]map[string]string

// loadCatalog reads both languages and checks they hold the same keys.
func loadCatalog(assets fs.FS) (catalog, error) {
	cat := catalog{}
	for _, lang := range []loket.Lang{loket.LangID, loket.LangEN} {
		b, err := fs.ReadFile(assets, "messages/"+string(lang)+".json")
		if err != nil {
			return nil, fmt.Errorf("webchat: messages: %w", err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("webchat: messages/%s.json: %w", lang, err)
		}
		cat[lang] = m
	}
	for key := range cat[loket.LangID] {
		if _, ok := cat[loket.LangEN][key]; !ok {
			return nil, fmt.Errorf("webchat: messages: %q has no English text", key)
		}
	}
	for key := range cat[loket.LangEN] {
		if _, ok := cat[loket.LangID][key]; !ok {
			return nil, fmt.Errorf("webchat: messages: %q has no Indonesian text", key)
		}
	}
	return cat, nil
}

// text returns the text of key in lang with {{name}} values filled
// (args are name, value pairs). A missing key is a bug that tests catch
// (TestEveryMessageKeyExists); the key itself is returned.
func (cat catalog) text(lang loket.Lang, key string, args ...string) string {
	s, ok := cat[lang][key]
	if !ok {
		return key
	}
	for i := 0; i+1 < len(args); i += 2 {
		s = strings.ReplaceAll(s, "{{"+args[i]+"}}", args[i+1])
	}
	return s
}

// keys lists every key, sorted (for tests).
func (cat catalog) keys() []string {
	var out []string
	for k := range cat[loket.LangID] {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// lang is the visitor's language for an answer: the page's (?lang=, set
// by chat.js), else the browser's.
func lang(r *http.Request) loket.Lang {
	if q := r.URL.Query().Get("lang"); q == "en" || q == "id" {
		return loket.Lang(q)
	}
	return loket.ParseLang(r.Header.Get("Accept-Language"))
}

// fail writes an error answer in the visitor's language.
func (c *Channel) fail(w http.ResponseWriter, r *http.Request, status int, code, key string, args ...string) {
	writeError(w, status, code, c.texts.text(lang(r), key, args...))
}

// failIn writes an error answer about a chat in its conversation's
// language: a vendor who switched to English in the chat gets an upload
// refused in English, whatever the page's language. Without a
// conversation (or Langs) it is the page's.
func (c *Channel) failIn(w http.ResponseWriter, r *http.Request, chat string, status int, code, key string, args ...string) {
	l := lang(r)
	if c.langs != nil {
		got, ok, err := c.langs.ChatLang(r.Context(), loket.ChannelWebChat, chat)
		switch {
		case err != nil:
			c.log.Warn("webchat: conversation language; answering in the page's", "err", err)
		case ok && (got == loket.LangID || got == loket.LangEN):
			l = got
		}
	}
	writeError(w, status, code, c.texts.text(l, key, args...))
}
