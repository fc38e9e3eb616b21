package console

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"loket"
)

// TestSettingsSecondSaveIsToldToReload: two admins open the same settings
// page; the first save lands, the second is refused with a message to
// reload and does not undo the first; after reloading it saves.
func TestSettingsSecondSaveIsToldToReload(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.withCustody()
	one, two := e.login(loket.RoleAdmin), e.login(loket.RoleAdmin)
	// version reads the version field of the form that posts to path on
	// the page at page(path).
	page := func(path string) string { return strings.TrimSuffix(path, "/schedules") }
	version := func(c *client, path string) string {
		_, body := c.get(page(path))
		if i := strings.Index(body, `action="`+path+`"`); i >= 0 {
			body = body[i:]
		}
		m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s has no version field", path)
		}
		return m[1]
	}
	booking := func(slot, version string) url.Values {
		return url.Values{"slot_minutes": {slot}, "capacity": {"2"}, "lead_minutes": {"60"}, "horizon_days": {"14"}, "version": {version}}
	}
	retention := func(days, version string) url.Values {
		return url.Values{"documents_days": {days}, "messages_days": {"365"}, "webchat_days": {"30"}, "schedule": {"0 2 * * *"}, "version": {version}}
	}
	schedules := func(digest, version string) url.Values {
		return url.Values{"digest": {digest}, "sweep": {"*/15 * * * *"}, "version": {version}}
	}
	for _, tc := range []struct {
		path        string
		first, then func(version string) url.Values
		kept        string // what only the first save wrote, still on the page after the refused one
	}{
		{"/admin/booking", func(v string) url.Values { return booking("25", v) }, func(v string) url.Values { return booking("40", v) }, `value="25"`},
		{"/admin/survey", func(v string) url.Values { return url.Values{"q1_id": {"Pertanyaan dari admin satu"}, "version": {v}} },
			func(v string) url.Values { return url.Values{"q1_id": {"Pertanyaan dari admin dua"}, "version": {v}} }, "Pertanyaan dari admin satu"},
		{"/admin/retention", func(v string) url.Values { return retention("111", v) }, func(v string) url.Values { return retention("222", v) }, `value="111"`},
		{"/admin/booking/schedules", func(v string) url.Values { return schedules("15 7 * * *", v) }, func(v string) url.Values { return schedules("45 7 * * *", v) }, `value="15 7 * * *"`},
	} {
		v1, v2 := version(one, tc.path), version(two, tc.path)
		if res := one.postForm(tc.path, tc.first(v1)); res.StatusCode >= 400 {
			t.Fatalf("%s first save: %d", tc.path, res.StatusCode)
		}
		res, body := two.postFormBody(tc.path, withCSRF(two, tc.then(v2)))
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Another admin saved these settings") {
			t.Errorf("%s second save over an old version: status %d, want 409 telling to reload", tc.path, res.StatusCode)
		}
		if _, body := two.get(page(tc.path)); !strings.Contains(body, tc.kept) {
			t.Errorf("%s: the refused save undid the first one", tc.path)
		}
		if res := two.postForm(tc.path, tc.then(version(two, tc.path))); res.StatusCode >= 400 {
			t.Errorf("%s save after reloading: %d", tc.path, res.StatusCode)
		}
	}
}
