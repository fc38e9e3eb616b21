package console

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/flows"
	"loket/store/storetest"
)

// TestSurveySettingName: the console edits the setting flows reads.
func TestSurveySettingName(t *testing.T) {
	t.Parallel()
	if surveySetting != flows.SurveySetting {
		t.Fatal("console and flows disagree on the survey setting name")
	}
}

// TestCloseSchedulesSurvey: a close from the console is seen by the flows'
// timeline observer, which schedules survey.start a minute later;
// reopening drops it; the ticket page shows the answers.
func TestCloseSchedulesSurvey(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sup := e.login(loket.RoleSupervisor)
	ctx := context.Background()
	fl, err := flows.New(flows.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	observe := func() {
		t.Helper()
		e.clock.Advance(3 * time.Second) // past the observer's settle time
		e.tx(func(tx storetest.Tx) error {
			for {
				more, err := fl.ObserveClosures(ctx, tx, e.clock.Now())
				if err != nil || !more {
					return err
				}
			}
		})
	}
	observe() // the observer starts at the newest activity
	status := func(s loket.TicketStatus) {
		t.Helper()
		res := sup.postForm(e.ref()+"/status", url.Values{"status": {string(s)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %s: %d", s, res.StatusCode)
		}
	}
	due := func() []loket.Job {
		jobs, err := e.store.ClaimJobs(ctx, e.clock.Now().Add(2*time.Minute), time.Second, 10)
		if err != nil {
			t.Fatal(err)
		}
		return jobs
	}
	status(loket.StatusClosed)
	status(loket.StatusInReview)
	observe()
	if jobs := due(); len(jobs) != 0 {
		t.Fatalf("after reopening, jobs = %+v; want none", jobs)
	}
	closedAt := e.clock.Now()
	status(loket.StatusClosed)
	observe()
	jobs := due()
	if len(jobs) != 1 || jobs[0].Kind != flows.JobSurveyStart || jobs[0].Key != flows.SurveyJobKey(e.ticket.ID) ||
		!jobs[0].DueAt.Equal(closedAt.Add(time.Minute)) {
		t.Fatalf("jobs = %+v; want one survey.start due in a minute", jobs)
	}
	var p struct{ Ticket int64 }
	if json.Unmarshal(jobs[0].Payload, &p) != nil || p.Ticket != e.ticket.ID {
		t.Errorf("payload %s", jobs[0].Payload)
	}

	e.tx(func(tx storetest.Tx) error {
		return tx.SaveSurvey(ctx, &loket.Survey{TicketID: e.ticket.ID, Answers: [8]int{4, 3, 2, 1, 4, 4, 3, 3},
			Comment: "Cepat <b>sekali</b>", CreatedAt: e.clock.Now(), CompletedAt: e.clock.Now()})
	})
	_, body := e.login(loket.RoleAgent).get(e.ref())
	for _, s := range []string{"Satisfaction survey", "Q1 Responsiveness", "4/4 · Very satisfactory", "1/4 · Unsatisfactory",
		"Cepat &lt;b&gt;sekali&lt;/b&gt;"} {
		if !strings.Contains(body, s) {
			t.Errorf("ticket page lacks %q", s)
		}
	}
}

// TestAdminSurveyQuestions: an admin edits the questions (stored under
// the "survey" setting, read by the flows); others may not.
func TestAdminSurveyQuestions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login(loket.RoleAdmin)
	res, body := admin.get("/admin/survey")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Seberapa cepat petugas menanggapi pesan Anda?") {
		t.Fatalf("survey page: %d", res.StatusCode)
	}
	res = admin.postForm("/admin/survey", url.Values{"q1_id": {"Apakah petugas cepat membalas?"}, "q8_en": {" Was it explained? "}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	e.tx(func(tx storetest.Tx) error {
		b, err := tx.Setting(context.Background(), flows.SurveySetting)
		if err != nil {
			return err
		}
		var cfg flows.SurveyConfig
		if err := json.Unmarshal(b, &cfg); err != nil {
			return err
		}
		if cfg.Questions[0].ID != "Apakah petugas cepat membalas?" || cfg.Questions[7].EN != "Was it explained?" || cfg.Questions[1].ID != "" {
			t.Errorf("saved %s", b)
		}
		return nil
	})
	if res := admin.postForm("/admin/survey", url.Values{"q2_id": {strings.Repeat("x", 301)}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("too long: %d; want 400", res.StatusCode)
	}
	if res, _ := e.login(loket.RoleSupervisor).get("/admin/survey"); res.StatusCode != http.StatusForbidden {
		t.Errorf("supervisor: %d; want 403", res.StatusCode)
	}
}
