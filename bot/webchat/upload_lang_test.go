package webchat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"testing"

	"loket"
)

// chatLang is a conversation language fixed for the test chat.
type chatLang struct {
	lang loket.Lang
	err  error
}

func (l chatLang) ChatLang(_ context.Context, ch loket.Channel, chat string) (loket.Lang, bool, error) {
	if ch != loket.ChannelWebChat || chat != testChat {
		return "", false, nil
	}
	return l.lang, l.lang != "", l.err
}

// postFields sends an upload of fields only (no file part), as the page
// does for a file over the limit.
func (e *uploadEnv) postFields(t *testing.T, page string, fields map[string]string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/chat/upload?lang="+page, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: cookieName, Value: e.ch.sign(testChat)})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func errorMessage(t *testing.T, body string) string {
	t.Helper()
	var v struct {
		Error struct{ Message string } `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return v.Error.Message
}

// TestUploadRefusalInConversationLanguage: an upload refused by the web
// chat itself is worded in the conversation's language, not the page's
// (a vendor who switched to English in the chat got an Indonesian
// refusal, and the other way round); with no conversation, or when the
// language cannot be read, the page's.
func TestUploadRefusalInConversationLanguage(t *testing.T) {
	cat := func(e *uploadEnv, l loket.Lang, key string) string {
		return e.ch.texts.text(l, key, "mb", strconv.Itoa(loket.MaxDocumentBytes>>20))
	}
	for _, tc := range []struct {
		name  string
		conv  chatLang
		langs bool
		page  string
		want  loket.Lang
	}{
		{"switched to English on an Indonesian page", chatLang{lang: loket.LangEN}, true, "id", loket.LangEN},
		{"Indonesian on an English page", chatLang{lang: loket.LangID}, true, "en", loket.LangID},
		{"no conversation yet", chatLang{}, true, "en", loket.LangEN},
		{"language unreadable", chatLang{err: errors.New("db down")}, true, "id", loket.LangID},
		{"no Langs wired", chatLang{}, false, "en", loket.LangEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newUploadEnv(t)
			if tc.langs {
				e.ch.SetLangs(tc.conv)
			}
			// not a PDF, sent whole
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			_ = mw.WriteField("id", "u1")
			_ = mw.WriteField("lang", tc.page)
			fw, _ := mw.CreateFormFile("file", "ktp.jpg")
			_, _ = fw.Write(fixture(t, "photo.jpg"))
			_ = mw.Close()
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/chat/upload?lang="+tc.page, &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.AddCookie(&http.Cookie{Name: cookieName, Value: e.ch.sign(testChat)})
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusUnsupportedMediaType {
				t.Fatalf("not a PDF: status %d: %s", res.StatusCode, b)
			}
			if got, want := errorMessage(t, string(b)), cat(e, tc.want, "not_pdf"); got != want {
				t.Errorf("not a PDF: %q, want %q", got, want)
			}
			// over the limit, declared by its size only
			status, raw := e.postFields(t, tc.page, map[string]string{"id": "u2", "lang": tc.page,
				"size": strconv.Itoa(loket.MaxDocumentBytes + 1)})
			if status != http.StatusRequestEntityTooLarge {
				t.Fatalf("declared too large: status %d: %s", status, raw)
			}
			if got, want := errorMessage(t, raw), cat(e, tc.want, "too_large"); got != want {
				t.Errorf("declared too large: %q, want %q", got, want)
			}
		})
	}
}

// TestUploadDeclaredSizeWithinLimit: a size declared within the limit
// changes nothing; the file itself is still checked.
func TestUploadDeclaredSizeWithinLimit(t *testing.T) {
	e := newUploadEnv(t)
	status, raw := e.postFields(t, "id", map[string]string{"id": "u1", "lang": "id", "size": "1000"})
	if status != http.StatusBadRequest || errorMessage(t, raw) != e.ch.texts.text(loket.LangID, "no_file") {
		t.Fatalf("fields only, size within the limit: %d %s", status, raw)
	}
}
