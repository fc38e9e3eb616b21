package console

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket"
	"loket/knowledge"
	"loket/store/storetest"
)

// The document-list answer's page says the list comes from the
// requirements, and an edit that drops its {docs_company} is refused.
func TestDocumentListAnswerKeepsItsList(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.con.answers = func() []knowledge.Answer {
		return []knowledge.Answer{{Key: "docs_company",
			Text:      knowledge.Text{ID: "Berkas untuk PT/CV:\n{docs_company}", EN: "Documents for a company:\n{docs_company}"},
			Phrasings: knowledge.Phrasings{ID: []string{"berkas pt"}, EN: []string{"company documents"}}}}
	}
	admin := e.login(loket.RoleAdmin)
	_, body := admin.get("/admin/answers/docs_company")
	mustHave(t, "edit page", body, `id="doclist-note"`, "The document list is not typed here", "<code>{docs_company}</code>")
	bad := url.Values{"text_id": {"Berkas untuk PT/CV: KTP, NPWP."}, "text_en": {"Documents for a company:\n{docs_company}"},
		"phrasings_id": {"berkas pt"}, "phrasings_en": {"company documents"}, "csrf": {admin.csrf}}
	res, body := admin.postFormBody("/admin/answers/docs_company", bad)
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("answer without its list: status %d", res.StatusCode)
	}
	mustHave(t, "refused edit", body, "Text (Indonesian): keep {docs_company} where the document list goes")
	bad.Set("text_id", "Siapkan berkas berikut:\n{docs_company}\nTerima kasih.")
	if res := admin.postForm("/admin/answers/docs_company", bad); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit around the list: status %d", res.StatusCode)
	}
	if got := e.knowledge().Answers; len(got) != 1 || got[0].Text.ID != "Siapkan berkas berikut:\n{docs_company}\nTerima kasih." {
		t.Errorf("stored %+v", got)
	}
	_, body = admin.get("/admin/answers/docs_company")
	if strings.Contains(body, `role="alert"`) {
		t.Errorf("a sound answer shows problems")
	}

	// An answer saved with its list typed out (before the placeholder) is
	// flagged on its page, so the admin puts the placeholder back.
	e.tx(func(tx storetest.Tx) error {
		body, _ := json.Marshal(knowledge.Answer{Key: "docs_company", Text: knowledge.Text{ID: "Berkas: 1. KTP 2. NPWP", EN: "Documents:\n{docs_company}"},
			Phrasings: knowledge.Phrasings{ID: []string{"berkas pt"}}})
		return tx.SaveKnowledge(context.Background(), &loket.KnowledgeVersion{Kind: loket.KnowAnswer, Key: "docs_company", Body: body, CreatedAt: e.clock.Now()})
	})
	_, body = admin.get("/admin/answers/docs_company")
	mustHave(t, "answer with its list typed out", body, `role="alert"`, "Text (Indonesian): keep {docs_company} where the document list goes")
}
