package console

import (
	"net/http"

	"loket"
)

// routes registers every console and API route. Each route names the
// least role that may use it; the wrappers check it.
func (c *Console) routes() {
	c.mux.Handle("GET /static/", c.static)

	c.mux.HandleFunc("GET /login", c.loginPage)
	c.mux.HandleFunc("POST /login", c.loginSubmit)
	c.page("POST /logout", loket.RoleAgent, c.logout)

	c.page("GET /{$}", loket.RoleAgent, c.inbox)
	c.page("GET /events", loket.RoleAgent, c.events)
	c.page("GET /tickets/{number}", loket.RoleAgent, c.ticketPage)
	c.page("GET /tickets/{number}/documents/{id}", loket.RoleAgent, c.documentFile)
	c.page("POST /tickets/{number}/reply", loket.RoleAgent, c.ticketForm("reply", c.formReply))
	c.page("POST /tickets/{number}/note", loket.RoleAgent, c.ticketForm("note", c.formNote))
	c.page("POST /tickets/{number}/assign", loket.RoleAgent, c.ticketForm("assign", c.formAssign))
	c.page("POST /tickets/{number}/status", loket.RoleAgent, c.ticketForm("status", c.formStatus))
	c.page("POST /tickets/{number}/call-phone", loket.RoleAgent, c.ticketForm("call_phone", c.formCallPhone))
	c.page("POST /tickets/{number}/outbound/{id}/retry", loket.RoleAgent, c.ticketForm("retry", c.formRetry))
	c.page("POST /tickets/{number}/documents/{id}/review", loket.RoleAgent, c.ticketForm("review", c.formReview))

	c.page("GET /account", loket.RoleAgent, c.accountPage)
	c.page("POST /account/tokens", loket.RoleAgent, c.accountToken)
	c.page("POST /account/tokens/{id}/revoke", loket.RoleAgent, c.accountRevoke) // console/tokens.go
	c.page("POST /account/password", loket.RoleAgent, c.accountPassword)
	c.page("POST /account/language", loket.RoleAgent, c.accountLanguage)

	c.page("GET /admin/agents", loket.RoleAdmin, c.agentsPage)
	c.page("POST /admin/agents", loket.RoleAdmin, c.agentCreate)
	c.page("POST /admin/agents/{id}", loket.RoleAdmin, c.agentUpdate)
	c.page("POST /admin/agents/{id}/password", loket.RoleAdmin, c.agentResetPassword)
	c.page("GET /admin/hours", loket.RoleAdmin, c.hoursPage)
	c.page("POST /admin/hours", loket.RoleAdmin, c.hoursSave)
	c.page("POST /admin/holidays", loket.RoleAdmin, c.holidayAdd)
	c.page("POST /admin/holidays/{date}/delete", loket.RoleAdmin, c.holidayDelete)
	c.page("GET /admin/audit", loket.RoleSupervisor, c.auditPage)

	// Verification calls (console/calendar.go, console/admin_booking.go).
	c.page("GET /calendar", loket.RoleAgent, c.calendarPage)
	c.page("POST /calendar/{id}/mark", loket.RoleAgent, c.calendarMark)
	c.page("POST /calendar/{id}/assign", loket.RoleAgent, c.calendarAssign)
	c.page("GET /admin/booking", loket.RoleAdmin, c.bookingPage)
	c.page("POST /admin/booking", loket.RoleAdmin, c.bookingSave)
	c.page("POST /admin/booking/schedules", loket.RoleAdmin, c.schedulesSave) // console/admin_schedules.go

	// Reports and the satisfaction survey (console/reports*.go, console/admin_survey.go).
	c.page("GET /reports", loket.RoleSupervisor, c.reportsPage)
	c.page("GET /reports/{file}", loket.RoleSupervisor, c.reportCSV)
	c.page("GET /admin/survey", loket.RoleAdmin, c.surveyPage)
	c.page("POST /admin/survey", loket.RoleAdmin, c.surveySave)

	// Outgoing webhooks (console/admin_webhooks.go).
	c.page("GET /admin/webhooks", loket.RoleAdmin, c.webhooksPage)
	c.page("POST /admin/webhooks", loket.RoleAdmin, c.webhookAdd)
	c.page("POST /admin/webhooks/{id}/toggle", loket.RoleAdmin, c.webhookToggle)
	c.page("POST /admin/webhooks/{id}/test", loket.RoleAdmin, c.webhookTest)
	c.page("POST /admin/webhooks/{id}/delete", loket.RoleAdmin, c.webhookDelete)
	// Deliveries and dead jobs tried again (console/admin_reliability.go).
	c.page("POST /admin/webhooks/deliveries/{id}/retry", loket.RoleAdmin, c.webhookDeliveryRetry)
	c.page("POST /admin/deadletters/jobs/{id}/retry", loket.RoleAdmin, c.deadJobRetry)

	// Canned replies (console/admin_canned.go).
	c.page("GET /admin/canned", loket.RoleAdmin, c.cannedPage)
	c.page("POST /admin/canned", loket.RoleAdmin, c.cannedAdd)
	c.page("POST /admin/canned/{key}", loket.RoleAdmin, c.cannedEdit)
	c.page("POST /admin/canned/{key}/delete", loket.RoleAdmin, c.cannedDelete)

	// The office profile, the requirements and their export (console/admin_office*.go).
	c.page("GET /admin/office", loket.RoleAdmin, c.officePage)
	c.page("POST /admin/office", loket.RoleAdmin, c.officeSave)
	c.page("POST /admin/office/requirements", loket.RoleAdmin, c.requirementsSave)
	c.page("POST /admin/office/rollback", loket.RoleAdmin, c.officeRollback)
	c.page("GET /admin/office/export", loket.RoleAdmin, c.officeExport)
	c.page("POST /admin/office/import", loket.RoleAdmin, c.officeImport)

	// The bot's answers and the questions it could not answer
	// (console/admin_answers.go, admin_answer_edit.go, admin_unanswered.go).
	c.page("GET /admin/answers", loket.RoleAdmin, c.answersPage)
	c.page("POST /admin/answers", loket.RoleAdmin, c.answerCreate)
	c.page("GET /admin/answers/{key}", loket.RoleAdmin, c.answerPage)
	c.page("POST /admin/answers/{key}", loket.RoleAdmin, c.answerSave)
	c.page("POST /admin/answers/{key}/rollback", loket.RoleAdmin, c.answerRollback)
	c.page("POST /admin/answers/{key}/reset", loket.RoleAdmin, c.answerReset)
	c.page("GET /admin/unanswered", loket.RoleAdmin, c.unansweredPage)
	c.page("POST /admin/unanswered/attach", loket.RoleAdmin, c.unansweredAttach)
	c.page("POST /admin/unanswered/dismiss", loket.RoleAdmin, c.unansweredDismiss)

	// Messages set aside because they could not be stored (console/admin_deadletters.go).
	c.page("GET /admin/deadletters", loket.RoleAdmin, c.deadLettersPage)

	// Channel health and WhatsApp pairing (console/admin_channels*.go).
	c.page("GET /admin/channels", loket.RoleSupervisor, c.channelsPage)
	c.page("GET /admin/channels/events", loket.RoleSupervisor, c.channelEvents)
	c.page("POST /admin/channels/whatsapp/pair", loket.RoleAdmin, c.whatsappPair)
	c.page("GET /admin/channels/whatsapp/pair", loket.RoleSupervisor, c.channelsBack)
	c.page("POST /admin/channels/whatsapp/phone", loket.RoleAdmin, c.whatsappPhone)
	c.page("GET /admin/channels/whatsapp/phone", loket.RoleSupervisor, c.channelsBack)
	c.page("GET /admin/channels/whatsapp/qr.png", loket.RoleAdmin, c.whatsappQR)
	c.page("POST /admin/channels/whatsapp/templates", loket.RoleAdmin, c.cloudTemplatesSave)
	c.page("GET /admin/channels/whatsapp/templates", loket.RoleSupervisor, c.channelsBack)

	// Personal data: retention, and a vendor's export or erasure (console/admin_retention.go).
	c.page("GET /admin/retention", loket.RoleAdmin, c.retentionPage)
	c.page("POST /admin/retention", loket.RoleAdmin, c.retentionSave)
	c.page("GET /tickets/{number}/personal-data.zip", loket.RoleAdmin, c.exportOfTicket)
	c.page("POST /tickets/{number}/personal-data/erase", loket.RoleAdmin, c.eraseOfTicket)

	c.apiRoutesRegister()
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=300")
		h.ServeHTTP(w, r)
	})
}
