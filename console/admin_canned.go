package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"loket"
	"loket/ops"
	"loket/store"
)

// cannedStore is what the canned replies use.
type cannedStore interface {
	ops.Auditor
	SaveSetting(ctx context.Context, key string, value []byte, at time.Time) error
	Setting(ctx context.Context, key string) ([]byte, error)
}

func asCanned(tx store.Tx) cannedStore { return tx }

// cannedSetting is the settings key of the admin-managed canned replies
// (a JSON list of cannedReply). Until it is first saved, the catalogue's
// "canned.<key>" entries are the canned replies.
const cannedSetting = "canned"

// cannedReply is one canned reply: its key and its text per language.
type cannedReply struct {
	Key string `json:"key"`
	ID  string `json:"id"`
	EN  string `json:"en"`
}

const maxCannedLen = 1000

// cannedKeyRE is the shape of a new key. Keys of the catalogue defaults
// (e.g. "office_hours") are kept as they are when edited.
var cannedKeyRE = regexp.MustCompile(`^[a-z0-9_-]{1,40}$`)

// cannedDefaults lists the catalogue's canned replies in both languages.
func (c *Console) cannedDefaults() []cannedReply {
	ids := c.catalog.prefixed(loket.LangID, "canned.")
	out := make([]cannedReply, 0, len(ids))
	for _, o := range ids {
		out = append(out, cannedReply{Key: o.Key, ID: o.Text, EN: c.catalog[loket.LangEN]["canned."+o.Key]})
	}
	return out
}

// loadCanned reads the stored list, or the catalogue defaults when the
// setting was never saved.
func (c *Console) loadCanned(ctx context.Context, tx cannedStore) ([]cannedReply, error) {
	b, err := tx.Setting(ctx, cannedSetting)
	if errors.Is(err, loket.ErrNotFound) {
		return c.cannedDefaults(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read canned replies: %w", err)
	}
	var list []cannedReply
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("decode canned replies: %w", err)
	}
	return list, nil
}

// cannedOptions are the canned replies in lang for the ticket page's
// reply box (Indonesian unless lang is English).
func (c *Console) cannedOptions(ctx context.Context, lang loket.Lang) ([]cannedChoice, error) {
	var list []cannedReply
	err := inTx(ctx, c.store, asCanned, func(tx cannedStore) error {
		var err error
		list, err = c.loadCanned(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("console: canned replies: %w", err)
	}
	out := make([]cannedChoice, 0, len(list))
	for _, cr := range list {
		text := cr.ID
		if lang == loket.LangEN {
			text = cr.EN
		}
		out = append(out, cannedChoice{Key: cr.Key, Text: text, Preview: clip(strings.Join(strings.Fields(text), " "), 60)})
	}
	return out, nil
}

// cannedChoice is a canned reply in the reply box's list: its key and
// the start of its text, since a key ("office_hours") alone did not say
// what would be inserted, nor in which language.
type cannedChoice struct {
	Key, Text, Preview string
}

// cannedText trims a text and checks its length and variables; what
// names the field.
func cannedText(s string, lang loket.Lang) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if n := utf8.RuneCountInString(s); n < 1 || n > maxCannedLen {
		return "", userErr(loket.EInvalid, "canned_admin.err_len", "lang", lang, "max", maxCannedLen, "n", n)
	}
	if v := ops.UnknownVar(s); v != "" {
		return "", userErr(loket.EInvalid, "canned_admin.err_var", "lang", lang, "var", v)
	}
	return s, nil
}

// cannedForm reads the two texts of a form.
func cannedForm(r *http.Request, key string) (cannedReply, error) {
	id, err := cannedText(r.PostFormValue("text_id"), loket.LangID)
	if err != nil {
		return cannedReply{}, err
	}
	en, err := cannedText(r.PostFormValue("text_en"), loket.LangEN)
	if err != nil {
		return cannedReply{}, err
	}
	return cannedReply{Key: key, ID: id, EN: en}, nil
}

// changeCanned applies fn to the list and saves it with an audit entry,
// in one transaction.
func (c *Console) changeCanned(ctx context.Context, a *auth, action, key string, fn func([]cannedReply) ([]cannedReply, error)) error {
	now := c.clock.Now()
	return inTx(ctx, c.store, asCanned, func(tx cannedStore) error {
		list, err := c.loadCanned(ctx, tx)
		if err != nil {
			return err
		}
		if list, err = fn(list); err != nil {
			return err
		}
		b, err := json.Marshal(list)
		if err != nil {
			return fmt.Errorf("encode canned replies: %w", err)
		}
		if err := tx.SaveSetting(ctx, cannedSetting, b, now); err != nil {
			return fmt.Errorf("save canned replies: %w", err)
		}
		return audit(ctx, tx, a, action, "canned:"+key, "", now)
	})
}

func cannedIndex(list []cannedReply, key string) int {
	for i, cr := range list {
		if cr.Key == key {
			return i
		}
	}
	return -1
}

func (c *Console) cannedPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	return c.renderCanned(w, r, a, http.StatusOK, map[string]any{"Saved": r.URL.Query().Get("saved")})
}

func (c *Console) renderCanned(w http.ResponseWriter, r *http.Request, a *auth, status int, data map[string]any) error {
	var list []cannedReply
	err := inTx(r.Context(), c.store, asCanned, func(tx cannedStore) error {
		var err error
		list, err = c.loadCanned(r.Context(), tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("console: canned replies: %w", err)
	}
	data["List"], data["MaxLen"] = list, maxCannedLen
	c.render(w, r, status, "canned", a, data)
	return nil
}

// cannedDone redirects after a change, or shows the page again with a
// 400 and the message when the input was refused.
func (c *Console) cannedDone(w http.ResponseWriter, r *http.Request, a *auth, err error, form cannedReply) error {
	if loket.ErrorCode(err) == loket.EInvalid {
		return c.renderCanned(w, r, a, http.StatusBadRequest, map[string]any{"Error": c.errText(a.lang(), err), "Form": form})
	}
	if err != nil {
		return fmt.Errorf("console: %w", err)
	}
	http.Redirect(w, r, "/admin/canned?saved=1", http.StatusSeeOther)
	return nil
}

func (c *Console) cannedAdd(w http.ResponseWriter, r *http.Request, a *auth) error {
	key := strings.TrimSpace(r.PostFormValue("key"))
	typed := cannedReply{Key: key, ID: r.PostFormValue("text_id"), EN: r.PostFormValue("text_en")}
	if !cannedKeyRE.MatchString(key) {
		err := userErr(loket.EInvalid, "canned_admin.err_key")
		return c.cannedDone(w, r, a, err, typed)
	}
	cr, err := cannedForm(r, key)
	if err == nil {
		err = c.changeCanned(r.Context(), a, "canned.add", key, func(list []cannedReply) ([]cannedReply, error) {
			if cannedIndex(list, key) >= 0 {
				return nil, userErr(loket.EInvalid, "canned_admin.err_exists", "key", key)
			}
			list = append(list, cr)
			sort.Slice(list, func(i, j int) bool { return list[i].Key < list[j].Key })
			return list, nil
		})
	}
	return c.cannedDone(w, r, a, err, typed)
}

func (c *Console) cannedEdit(w http.ResponseWriter, r *http.Request, a *auth) error {
	key := r.PathValue("key")
	cr, err := cannedForm(r, key)
	if err == nil {
		err = c.changeCanned(r.Context(), a, "canned.edit", key, func(list []cannedReply) ([]cannedReply, error) {
			i := cannedIndex(list, key)
			if i < 0 {
				return nil, userErr(loket.ENotFound, "canned_admin.err_none", "key", key)
			}
			list[i] = cr
			return list, nil
		})
	}
	return c.cannedDone(w, r, a, err, cannedReply{})
}

func (c *Console) cannedDelete(w http.ResponseWriter, r *http.Request, a *auth) error {
	key := r.PathValue("key")
	err := c.changeCanned(r.Context(), a, "canned.delete", key, func(list []cannedReply) ([]cannedReply, error) {
		i := cannedIndex(list, key)
		if i < 0 {
			return nil, userErr(loket.ENotFound, "canned_admin.err_none", "key", key)
		}
		return append(list[:i], list[i+1:]...), nil
	})
	return c.cannedDone(w, r, a, err, cannedReply{})
}
