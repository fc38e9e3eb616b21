package console

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket"
	"loket/internal/testkit"
	"loket/store/storetest"
)

// TestBrowserCloudTemplateLanguages drives a real Chromium through the
// Channels page's template form: an old single-code mapping shows its
// code under Indonesian with English marked, the browser refuses a code
// Meta would not show, and adding the English code saves both (the
// form's CSRF token and the admin's session as a browser sends them).
func TestBrowserCloudTemplateLanguages(t *testing.T) {
	ctx, _ := testkit.Browser(t, 1280, 900, 30*time.Second)
	e := newEnv(t)
	withChannels(t, e, fakeCloud{closedAt: e.clock.Now().Add(-time.Hour)})
	old := `{"agent_reply":{"name":"loket_kabar_tiket","lang":"id","params":["name","ticket","text"]}}`
	e.tx(func(tx storetest.Tx) error {
		return tx.SaveSetting(context.Background(), loket.WhatsAppTemplatesSettingKey, []byte(old), e.clock.Now())
	})
	en := `#wa-cloud input[name="lang_en_agent_reply"]`
	err := chromedp.Do(ctx,
		loginSteps(e.srv.URL+"/login", "admin", `header.top nav`),
		chromedp.Navigate(e.srv.URL+"/admin/channels"),
		chromedp.WaitVisible(chromedp.CSS(en)),
	)
	if err != nil {
		t.Fatalf("open the channels page: %v", err)
	}
	row, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#wa-cloud tr[data-kind="agent_reply"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(row, "no English code") {
		t.Errorf("agent reply row %q does not say English lacks a code", row)
	}
	idCode, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#wa-cloud input[name="lang_id_agent_reply"]`)))
	if err != nil || idCode != "id" {
		t.Fatalf("Indonesian code %q %v", idCode, err)
	}
	// A code Meta would not show: the browser keeps the form.
	err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(en), "english"))
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('`+en+`').checkValidity()`)); err != nil || ok {
		t.Errorf("the browser accepts the code \"english\" (%v)", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector('`+en+`').value = "") === ""`)); err != nil {
		t.Fatalf("clear the English code: %v", err)
	}
	for i, step := range []chromedp.Action[chromedp.Void]{
		chromedp.SendKeys(chromedp.CSS(en), "en_US"),
		chromedp.Click(chromedp.CSS(`#wa-cloud button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#wa-cloud input[name="lang_en_agent_reply"][value="en_US"]`)),
	} {
		sctx, cancel := context.WithTimeout(ctx, 8*time.Second)
		err := chromedp.Do(sctx, step)
		cancel()
		if err != nil {
			page, derr := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 3000) + "\n" + [...document.querySelectorAll("input:invalid")].map(i => i.name + "=" + i.value).join(",")`))
			t.Fatalf("save the English code, step %d: %v\n%s %v", i, err, page, derr)
		}
	}
	tp := e.storedTemplates()[loket.KindAgentReply]
	if tp.Code(loket.LangID) != "id" || tp.Code(loket.LangEN) != "en_US" || len(tp.Params) != 3 {
		t.Fatalf("saved mapping %+v", tp)
	}
	row, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#wa-cloud tr[data-kind="agent_reply"]`)))
	if err != nil || strings.Contains(row, "code") {
		t.Errorf("after saving both codes the row says %q (%v)", row, err)
	}
}
