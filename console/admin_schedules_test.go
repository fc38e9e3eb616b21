package console

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket"
	"loket/flows"
	"loket/store/storetest"
)

func TestAdminSchedules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login(loket.RoleAdmin)
	_, body := admin.get("/admin/booking")
	for _, w := range []string{`name="digest" value="30 7 * * *"`, `name="sweep" value="*/15 * * * *"`, "Officers&#39; daily digest"} {
		if !strings.Contains(body, w) {
			t.Fatalf("booking page lacks %q:\n%s", w, body)
		}
	}
	v := url.Values{"digest": {" 15 8 * * 1-5 "}, "sweep": {"*/10 * * * *"}}
	if res := admin.postForm("/admin/booking/schedules", v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	saved := func() string {
		var s string
		e.tx(func(tx storetest.Tx) error {
			b, err := tx.Setting(context.Background(), flows.SchedulesKey)
			s = string(b)
			return err
		})
		return s
	}
	if got := saved(); got != `{"digest":"15 8 * * 1-5","sweep":"*/10 * * * *"}` {
		t.Fatalf("setting %s", got)
	}
	admin.postForm("/account/language", url.Values{"lang": {"en"}})
	v.Set("sweep", "every 10 minutes")
	res, body := admin.postFormBody("/admin/booking/schedules", v)
	if !strings.Contains(body, "The schedule “Ticket sweep (document reminders, idle tickets, call offers)” cannot be read: “every 10 minutes”") {
		t.Errorf("the refusal does not say which schedule and why:\n%s", body)
	}
	if res.StatusCode != 400 || saved() != `{"digest":"15 8 * * 1-5","sweep":"*/10 * * * *"}` {
		t.Fatalf("a bad expression: %d, setting now %s", res.StatusCode, saved())
	}
	if _, body = admin.get("/admin/booking"); !strings.Contains(body, `value="15 8 * * 1-5"`) || !strings.Contains(body, "Next:") {
		t.Errorf("the page does not show the saved digest schedule and its next run")
	}
}
