package flows

import (
	"strconv"

	"loket"
)

// requiredKeys lists every text key the code can ask for, including the
// ones built from data (statuses, types, forms, guide steps, answers).
// New fails when one is missing; the catalogue test checks both
// languages.
func requiredKeys() []string {
	keys := []string{
		"welcome", "welcome.unanswered", "welcome.hello", "welcome.how", "welcome.salam", "welcome.plain", "menu", "help", "stale", "stale.booked", "resume", "lang.choose", "lang.set",
		"cancel.nothing", "cancel.nothing_call", "cancel.done", "cancel.ticket",
		"hours", "call", "media.photo", "media.voice", "media.location", "media.video", "media.other",
		"resume.line", "answer.quiet_choices", "talk.greeting", "talk.thanks", "talk.ack", "talk.greeting_menu", "talk.how", "talk.how_menu", "talk.thanks_menu",
		"talk.ack_menu", "talk.query", "talk.query_menu", "talk.pause", "talk.pause_menu", "talk.await", "talk.await_ticket", "talk.await_step", "talk.ack_call", "talk.oops", "talk.oops_menu", "faq.none_short", "miss.which", "miss.mode", "bad.phone_landline",
		"cancel.confirm", "cancel.intake", "btn.cancel_yes", "btn.cancel_no", "btn.edit", "btn.resume_intake",
		"in.summary", "in.summary.brief", "in.edit", "in.taken", "in.paused", "in.back", "in.restart", "in.fix", "in.confirm_mode", "opt.doclist",
		"pwd.warning", "pwd.warning_user",
		"miss.offer", "miss.menu", "miss.choose", "miss.contact", "miss.guide", "miss.guide_first", "miss.guide_last", "guide.done", "miss.form", "miss.text", "miss.ticket",
		"faq.none", "bad.name", "intake.director_died", "intake.owner_died", "bad.name_self", "bad.name_self_company", "bad.npwp_words", "bad.taxid", "kw.asks", "bad.email", "bad.email_typo", "bad.user", "bad.phone", "bad.phone_unseen", "help.in.phone_whose", "help.in.npwp_find", "intake.name_pending", "intake.one_director", "bad.too_short",
		"where.guide", "where.intake", "where.request", "where.ticket",
		"when.today", "when.tomorrow", "when.day",
		"guide.frame", "guide.stuck", "guide.again", "guide.tried", "answer.tried", "answer.misread", "docs.later", "desc.guide_help", "desc.registration", "act.opened",
		"in.form", "in.user", "in.phone", "reg.done_online", "reg.done_online_held", "reg.done_offline",
		"ticket.enter", "ticket.ack", "ticket.ack_question", "ticket.ack_urgent", "tender.verified", "visit.verified", "visit.call", "visit.none", "visit.request", "visit.online", "ticket.officer", "ticket.closed",
		"noreply.ticket", "noreply.assigned", "noreply.queued", "noreply.none", "noreply.none_intake",
		"req.choose", "req.done", "status.none", "status.none_step", "status.none_intake", "status.list",
		"btn.guide", "btn.register", "btn.status", "btn.call", "btn.officer", "btn.hours", "btn.lang",
		"btn.menu", "btn.lang_id", "btn.lang_en", "btn.next", "btn.back", "btn.stuck", "btn.resume", "btn.restart",
		"btn.form_company", "btn.form_individual", "btn.form_foreign", "btn.my_phone", "btn.online", "btn.offline",
		"btn.ticket", "btn.register_new", "reg.already_open",
		"gave_up", "act.gave_up", "act.gave_up_hidden", "desc.gave_up",
	}
	for _, p := range []NPWPProblem{NPWPEmpty, NPWPBadChar, NPWPLength, NPWPAllZeroes} {
		keys = append(keys, "bad.npwp_"+string(p))
	}
	for d := 0; d < 7; d++ {
		keys = append(keys, "day."+strconv.Itoa(d))
	}
	for _, f := range allForms {
		keys = append(keys, "form."+string(f), "in.name."+string(f), "in.npwp."+string(f),
			"in.director."+string(f), "docs.online."+string(f), "docs.offline."+string(f))
	}
	for _, s := range loket.TicketStatuses {
		keys = append(keys, "status."+string(s), "next."+string(s))
	}
	keys = append(keys, "next.new.registration", "next.waiting_documents.registration")
	for _, t := range []loket.TicketType{loket.TypeRegistration, loket.TypeAccountReset, loket.TypeDataChange,
		loket.TypeAppProblem, loket.TypeGuideHelp, loket.TypeOther} {
		keys = append(keys, "type."+string(t))
		if t != loket.TypeRegistration {
			keys = append(keys, "title."+string(t))
		}
	}
	for _, t := range requestTypes {
		keys = append(keys, "btn.req_"+string(t), "req.describe."+string(t))
	}
	for n := 1; n <= guideSteps; n++ {
		keys = append(keys, guideKey(n), guideTitleKey(n), "kw."+guideKey(n))
	}
	for _, e := range faqEntries() {
		keys = append(keys, "kw."+e.id)
		if e.action == "" {
			keys = append(keys, "faq."+e.id)
		}
	}
	for _, f := range intakeFields {
		keys = append(keys, f.label)
	}
	keys = append(keys, surveyKeys()...)      // flows/survey.go
	keys = append(keys, docsKeys()...)        // flows/docs_texts.go
	keys = append(keys, bookingKeys()...)     // flows/booking_text.go
	keys = append(keys, menuWordKeys()...)    // flows/menu_words.go
	keys = append(keys, missingKeys()...)     // flows/missing.go
	keys = append(keys, phoneChangeKeys()...) // flows/phone_change.go
	keys = append(keys, "call.length", "process.length", "mode.compare", "call.content_own", "after_call", "after_call.ahead", "time.zone", "bk.zone", "bk.not_day", "bk.late_noted", "bk.today_over", "emails", "call.other_app", "call.away", "emails.verified", "emails.call", "emails.waiting", "who_attends.call", "docs.rejected_resend", "docs.rejected_to_officer", "ticket.cancel_asked", "ticket.cancel_confirm", "ticket.cancel_kept", "ticket.cancel_gone", "ticket.cancelled", "act.req_cancelled", "act.req_cancel_asked", "btn.req_cancel_yes", "btn.req_cancel_keep", "docneed", "docneed.required", "docneed.assist", "docneed.later.required", "docneed.later.assist",
		"docneed.other", "docneed.other_form") // flows/call_length.go
	keys = append(keys, "faq.npwp_foreign")                       // flows/faq.go: npwp_nik, npwp_form for a foreign company
	keys = append(keys, "faq.docs_offline_form", "in.form_known") // flows/bring.go
	keys = append(keys, stepHelpKeys()...)                        // flows/step_help.go
	keys = append(keys, openOnKeys()...)                          // flows/open_on.go
	return keys
}
