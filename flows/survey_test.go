package flows

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"loket"
	"loket/store/storetest"
	"loket/templates"
)

var _ SurveyTx = storetest.Tx(nil) // the real transaction runs the survey

// svAct is one step of a survey journey: a vendor act, an officer's
// change or a job run.
type svAct func(r *runner)

func v(a act) svAct { return func(r *runner) { r.do(a) } }

// svTicket opens a closed ticket for the contact (an officer closed it).
func svTicket(status loket.TicketStatus) svAct {
	return func(r *runner) {
		r.do(setup(func(tx testTx, ct *loket.Contact) error {
			ts, err := tx.ListTickets(bg, loket.TicketFilter{ContactID: ct.ID})
			if err != nil {
				return err
			}
			if len(ts) == 0 {
				t := &loket.Ticket{ContactID: ct.ID, Channel: r.v.ch, Title: loket.RegistrationTitle,
					Type: loket.TypeRegistration, Status: status, CreatedAt: r.now}
				return tx.CreateTicket(bg, t)
			}
			ts[0].Status = status
			return tx.UpdateTicket(bg, &ts[0])
		}))
	}
}

// svJob runs a survey job for the contact's newest ticket, as the engine
// would, and records what it sent.
func svJob(kind string) svAct {
	return func(r *runner) {
		r.t.Helper()
		b := r.b.(storeBackend)
		var sent []loket.Outbound
		err := b.s.InTx(bg, func(tx storetest.Tx) error {
			ts, err := tx.ListTickets(bg, loket.TicketFilter{ContactID: r.contact})
			if err != nil || len(ts) == 0 {
				return fmt.Errorf("no ticket: %v", err)
			}
			cap := &captureTx{Tx: tx}
			job := &loket.Job{ID: 1, Kind: kind, Payload: fmt.Appendf(nil, `{"ticket":%d}`, ts[0].ID)}
			fn := r.f.StartSurvey
			if kind == JobSurveyRemind {
				fn = r.f.RemindSurvey
			}
			if err := fn(bg, cap, job, r.now); err != nil {
				return err
			}
			sent = cap.out
			return nil
		})
		if err != nil {
			r.t.Fatalf("job %s: %v", kind, err)
		}
		fmt.Fprintf(&r.out, "~~ job %s\n", kind)
		turn := &loket.Turn{}
		for _, o := range sent {
			if o.TicketID == 0 || o.ChatID != r.v.chat {
				r.t.Errorf("job message not addressed to the ticket's chat: %+v", o)
			}
			turn.Replies = append(turn.Replies, loket.Reply{Text: o.Text, Buttons: o.Buttons})
		}
		if len(sent) == 0 {
			fmt.Fprintf(&r.out, "   (nothing sent)\n")
		}
		r.record(turn)
		r.now = r.now.Add(time.Minute)
	}
}

type captureTx struct {
	storetest.Tx
	out []loket.Outbound
}

// WriteTurn is how a job writes its replies (sendFromJob): they are
// captured as written.
func (c *captureTx) WriteTurn(ctx context.Context, conv *loket.Conversation, replies []*loket.Outbound, actor loket.ActorType) error {
	if err := c.Tx.WriteTurn(ctx, conv, replies, actor); err != nil {
		return err
	}
	for _, m := range replies {
		c.out = append(c.out, *m)
	}
	return nil
}

type svJourney struct {
	name   string
	id, en []svAct
}

func answers(ns ...int) []svAct {
	var out []svAct
	for _, n := range ns {
		out = append(out, v(choose(n)))
	}
	return out
}

func cat(parts ...[]svAct) []svAct {
	var out []svAct
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func surveyJourneys() []svJourney {
	start := []svAct{v(say("halo")), svTicket(loket.StatusClosed), svJob(JobSurveyStart)}
	startEN := []svAct{v(say("hi")), svTicket(loket.StatusClosed), svJob(JobSurveyStart)}
	return []svJourney{
		{name: "survey_complete",
			id: cat(start, answers(4, 3, 4, 3, 4, 4, 4, 3), []svAct{v(say("Pelayanan cepat dan ramah, terima kasih.")),
				svJob(JobSurveyStart), svJob(JobSurveyRemind), v(say("survei"))}),
			en: cat(startEN, answers(4, 3, 4, 3, 4, 4, 4, 3), []svAct{v(say("Quick and friendly service, thank you.")),
				svJob(JobSurveyStart), svJob(JobSurveyRemind), v(say("survey"))}),
		},
		{name: "survey_pause",
			id: []svAct{v(say("halo")), svTicket(loket.StatusClosed), svTicket(loket.StatusInReview), svJob(JobSurveyStart),
				svTicket(loket.StatusClosed), svJob(JobSurveyStart), v(choose(3)), v(choose(2)), v(say("nanti")),
				v(say("status")), v(choose(1)), v(choose(4)), v(say("menu")), v(say("survei")), v(again()), v(say("7")),
				v(say("sangat memuaskan")), v(say("0")), v(say("2")), v(choose(3)), v(choose(4)),
				v(media("photo")), v(choose(1)), v(say("survei")), v(say("status")),
				v(choose(1)), v(media("photo")), v(say("Mohon dipercepat."))},
			en: []svAct{v(say("hi")), svTicket(loket.StatusClosed), svTicket(loket.StatusInReview), svJob(JobSurveyStart),
				svTicket(loket.StatusClosed), svJob(JobSurveyStart), v(choose(3)), v(choose(2)), v(say("later")),
				v(say("status")), v(choose(1)), v(choose(4)), v(say("menu")), v(say("survey")), v(again()), v(say("7")),
				v(say("very satisfactory")), v(say("0")), v(say("2")), v(choose(3)), v(choose(4)),
				v(media("photo")), v(choose(1)), v(say("survey")), v(say("status")),
				v(choose(1)), v(media("photo")), v(say("Please be faster."))},
		},
		{name: "survey_all", // one rating for every question left ("semua 4": it got "choose 1 to 4")
			id: cat(start, []svAct{v(say("3")), v(say("4 untuk semua")), v(say("lewati"))}),
			en: cat(startEN, []svAct{v(say("3")), v(say("all 4")), v(say("skip"))}),
		},
		{name: "survey_many", // several ratings in one message fill the questions in order
			id: cat(start, []svAct{v(say("4 4 3")), v(say("4, 3, 4, 4, 4, 4")), v(say("3 4 4 4")), v(say("4 4")), v(say("3")), v(say("lewati"))}),
			en: cat(startEN, []svAct{v(say("4 4 3")), v(say("4, 3, 4, 4, 4, 4")), v(say("3 4 4 4")), v(say("4 4")), v(say("3")), v(say("skip"))}),
		},
		{name: "survey_words", // a rating in words is taken and said back; words that rate nothing are not
			id: cat(start, []svAct{v(say("bagus kak")), v(say("mantap banget")), v(say("kurang puas")), v(say("jelek")),
				v(say("biasa aja")), v(say("lumayan bagus")), v(say("pelayanannya cepat")), v(say("sangat memuaskan")),
				v(say("4")), v(say("lewati"))}),
			en: cat(startEN, []svAct{v(say("good")), v(say("excellent")), v(say("not great")), v(say("terrible")),
				v(say("average")), v(say("pretty good")), v(say("the service was quick")), v(say("very satisfactory")),
				v(say("4")), v(say("skip"))}),
		},
		{name: "survey_busy",
			id: []svAct{v(say("halo")), svTicket(loket.StatusClosed), v(choose(2)), v(choose(1)), svJob(JobSurveyStart),
				v(choose(2)), v(say("CV Maju Jaya")), v(wait(25 * time.Hour)), svJob(JobSurveyRemind), v(choose(1)),
				v(choose(4)), v(say("batal")), v(say("survei")), v(say("4")), v(say("3")), v(say("3")), v(say("4")),
				v(say("4")), v(say("3")), v(say("3")), v(say("lewati")), v(say("status"))},
			en: []svAct{v(say("hi")), svTicket(loket.StatusClosed), v(choose(2)), v(choose(1)), svJob(JobSurveyStart),
				v(choose(2)), v(say("CV Maju Jaya")), v(wait(25 * time.Hour)), svJob(JobSurveyRemind), v(choose(1)),
				v(choose(4)), v(say("cancel")), v(say("survey")), v(say("4")), v(say("3")), v(say("3")), v(say("4")),
				v(say("4")), v(say("3")), v(say("3")), v(say("skip")), v(say("status"))},
		},
	}
}

func TestSurveyTranscripts(t *testing.T) {
	f := newFlows(t)
	for _, j := range surveyJourneys() {
		for _, vr := range variants {
			t.Run(j.name+"/"+string(vr.lang), func(t *testing.T) {
				r := &runner{t: t, f: f, b: newSQLiteBackend(t), v: vr, now: mondayMorning}
				acts := j.id
				if vr.lang == loket.LangEN {
					acts = j.en
				}
				for _, a := range acts {
					a(r)
				}
				r.dump()
				dumpSurvey(r)
				golden(t, j.name+"."+string(vr.lang), r.out.String())
			})
		}
	}
}

func dumpSurvey(r *runner) {
	err := r.b.inTx(bg, func(tx testTx) error {
		ts, err := tx.ListTickets(bg, loket.TicketFilter{ContactID: r.contact})
		if err != nil {
			return err
		}
		for _, t := range ts {
			s, err := tx.SurveyByTicket(bg, t.ID)
			if errors.Is(err, loket.ErrNotFound) {
				fmt.Fprintf(&r.out, "== survey %s: none\n", t.Ref())
				continue
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(&r.out, "== survey %s: answers=%v comment=%q completed=%v\n", t.Ref(), s.Answers, s.Comment, !s.CompletedAt.IsZero())
		}
		return nil
	})
	if err != nil {
		r.t.Fatalf("dump survey: %v", err)
	}
}

// TestScheduleSurvey checks the job a close schedules: kind, key, payload,
// due a minute later, and moved (not doubled) by a second close.
func TestScheduleSurvey(t *testing.T) {
	b := newSQLiteBackend(t)
	now := mondayMorning
	for i := 0; i < 2; i++ {
		err := b.s.InTx(bg, func(tx storetest.Tx) error { return ScheduleSurvey(bg, tx, 42, now.Add(time.Duration(i)*time.Second)) })
		if err != nil {
			t.Fatal(err)
		}
	}
	jobs, err := b.s.ClaimJobs(bg, now.Add(surveyDelay-time.Second), time.Minute, 10)
	if err != nil || len(jobs) != 0 {
		t.Fatalf("claimed before due: %v %v", jobs, err)
	}
	jobs, err = b.s.ClaimJobs(bg, now.Add(surveyDelay+time.Second), time.Minute, 10)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("jobs = %v, %v; want one", jobs, err)
	}
	j := jobs[0]
	if j.Kind != JobSurveyStart || j.Key != "survey:42" || string(j.Payload) != `{"ticket":42}` {
		t.Errorf("job = %+v", j)
	}
}

// TestSurveyQuestionsFromSettings checks an admin's text replaces the
// default, per language, and an empty one keeps the default.
func TestSurveyQuestionsFromSettings(t *testing.T) {
	f := newFlows(t)
	b := newSQLiteBackend(t)
	err := b.s.InTx(bg, func(tx storetest.Tx) error {
		if err := tx.SaveSetting(bg, SurveySetting, []byte(`{"questions":[{"id":"Apakah cepat?","en":""}]}`), mondayMorning); err != nil {
			return err
		}
		for _, c := range []struct {
			l    loket.Lang
			q    int
			want string
		}{
			{loket.LangID, 0, "Apakah cepat?"},
			{loket.LangEN, 0, "How quickly did the officers respond to your messages?"},
			{loket.LangID, 6, "Apakah permasalahan Anda benar-benar terselesaikan?"},
		} {
			got, err := f.questionText(bg, tx, c.l, c.q)
			if err != nil || got != c.want {
				t.Errorf("question %d (%s) = %q, %v; want %q", c.q, c.l, got, err, c.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSurveyKeys checks every survey text exists in every language
// (New checks requiredKeys, which includes surveyKeys).
func TestSurveyKeys(t *testing.T) {
	f := newFlows(t)
	for _, k := range surveyKeys() {
		for _, l := range langs {
			if s, err := f.texts.render(l, k, sampleView(f.latest().office)); err != nil || s == "" {
				t.Errorf("text %q (%s): %q, %v", k, l, s, err)
			}
		}
	}
}

func TestSurveyWord(t *testing.T) {
	for _, c := range []struct {
		in     string
		active bool
		want   string
	}{
		{"Survei", false, actSurvey}, {"/survey", false, actSurvey}, {"nanti", false, ""}, {"Nanti saja!", true, actSurveyLater},
		{"later", true, actSurveyLater}, {"lewati", true, actSurveySkip}, {"skip", false, ""}, {"terima kasih", true, ""},
		// a phrase whose words are filler elsewhere ("now") keeps its meaning
		{"not now", true, actSurveyLater}, {"Not now.", true, actSurveyLater}, {"nanti aja", true, actSurveyLater},
		{"skip for now", true, actSurveySkip}, {"-", true, actSurveySkip},
	} {
		if got := surveyWord(c.in, c.active); got != c.want {
			t.Errorf("surveyWord(%q, %v) = %q; want %q", c.in, c.active, got, c.want)
		}
	}
	if strings.HasPrefix(actSurvey, "sv.") {
		t.Error("the resume action must be a safe (m.) action")
	}
}

// withTextParts adds the real feature text files (bot/<lang>.<part>.tmpl)
// to a test catalogue, so tests that edit the main files still have
// every key the code requires.
func withTextParts(t *testing.T, fsys fstest.MapFS) {
	t.Helper()
	parts, err := fs.Glob(templates.Bot, "bot/*.*.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		b, err := templates.Bot.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fsys[path.Base(p)] = &fstest.MapFile{Data: b}
	}
}

func TestSurveyRatings(t *testing.T) {
	for in, want := range map[string][]int{
		"4 4 3": {4, 4, 3}, "4,3, 4": {4, 3, 4}, "1/2": {1, 2}, "4": {4},
		"4 5": nil, "44 3": nil, "4 baik": nil, "": {}, "0 1": nil,
	} {
		if got := surveyRatings(in); !slices.Equal(got, want) || (got == nil) != (want == nil) {
			t.Errorf("surveyRatings(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestSurveyTypedLoosely: "4/4" filled two questions with 4 (it is one
// rating, out of four), "nilai 3" / "rating 3" and "mantul" were refused
// as no rating, and "nanti aja" — the pause the question names, with a
// word around it — got "choose 1 to 4". Each is read as meant.
func TestSurveyTypedLoosely(t *testing.T) {
	f := newFlows(t)
	for _, vr := range variants {
		t.Run(string(vr.lang), func(t *testing.T) {
			r := &runner{t: t, f: f, b: newSQLiteBackend(t), v: vr, now: mondayMorning}
			words := []string{"4/4", "nilai 3", "mantul", "3 dari 4", "nanti aja"}
			if vr.lang == loket.LangEN {
				words = []string{"4/4", "rating 3", "excellent service", "3 out of 4", "later please"}
			}
			acts := []svAct{v(say("halo")), svTicket(loket.StatusClosed), svJob(JobSurveyStart)}
			for _, w := range words {
				acts = append(acts, v(say(w)))
			}
			for _, a := range acts {
				a(r)
			}
			dumpSurvey(r)
			out := r.out.String()
			if !strings.Contains(out, "answers=[4 3 4 3 0 0 0 0]") {
				t.Errorf("answers not read as meant:\n%s", out)
			}
			for _, refused := range []string{"Mohon pilih nilai 1 sampai 4", "Please choose a rating from 1 to 4"} {
				if strings.Contains(out, refused) {
					t.Errorf("a rating refused:\n%s", out)
				}
			}
			if !strings.Contains(out, "lain kali") && !strings.Contains(out, "another time") {
				t.Errorf("the pause not taken:\n%s", out)
			}
		})
	}
	for in, want := range map[string]int{"4/4": 4, "3 / 4": 3, "2 dari 4": 2, "4 out of 4": 4, "4/5": 0, "5/4": 0, "44/4": 0} {
		if got, _ := outOfFour(in); got != want {
			t.Errorf("outOfFour(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestSurveyRatingSlang: "B aja" (biasa aja), "bagus bgt", "sgt puas",
// "cukup memuaskan", "pelayanannya sangat baik"; "meh", "so-so",
// "satisfying", "not bad", "very good service" were refused with "choose
// 1 to 4". Chat spellings and the service named around a rating read as
// the rating; "ok", which may only acknowledge the question, still does
// not.
func TestSurveyRatingSlang(t *testing.T) {
	f := newFlows(t)
	for _, vr := range variants {
		t.Run(string(vr.lang), func(t *testing.T) {
			r := &runner{t: t, f: f, b: newSQLiteBackend(t), v: vr, now: mondayMorning}
			words := []string{"B aja", "cukup memuaskan", "bagus bgt", "biasa ajah", "pelayanannya sangat baik", "sgt puas", "ok"}
			if vr.lang == loket.LangEN {
				words = []string{"meh", "satisfying", "very good service", "so-so", "not bad", "good enough", "ok"}
			}
			acts := []svAct{v(say("halo")), svTicket(loket.StatusClosed), svJob(JobSurveyStart)}
			for _, w := range words {
				acts = append(acts, v(say(w)))
			}
			for _, a := range acts {
				a(r)
			}
			dumpSurvey(r)
			out := r.out.String()
			want := "answers=[2 3 4 2 4 4 0 0]"
			if vr.lang == loket.LangEN {
				want = "answers=[2 3 4 2 3 3 0 0]"
			}
			if !strings.Contains(out, want) {
				t.Errorf("answers not read as meant, want %s:\n%s", want, out)
			}
			if n := strings.Count(out, "1 sampai 4") + strings.Count(out, "from 1 to 4"); n != 1 {
				t.Errorf("%d refusals, want 1 (the \"ok\"):\n%s", n, out)
			}
		})
	}
}
