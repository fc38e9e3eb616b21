package loket

// WhatsAppTemplatesSettingKey is the settings key of the WhatsApp Cloud
// API template each proactive message kind goes as outside the 24-hour
// customer-service window: a JSON object, kind → TemplateMapping.
const WhatsAppTemplatesSettingKey = "whatsapp.templates"

// TemplateParams are the values a template parameter can take.
var TemplateParams = []string{"text", "ticket", "name"}

// TemplateMapping is the approved template an office mapped to a message
// kind: its name, language, and its body parameters in order ("text" =
// Loket's message, "ticket" = the ticket number, "name" = the vendor).
// A quick-reply button of the template comes back as its text, so its
// text should be a word the bot understands ("Isi survei", "Survey"):
// pressing it reopens the window and continues the conversation.
type TemplateMapping struct {
	Name   string   `json:"name"`
	Lang   string   `json:"lang"`
	Params []string `json:"params"`
}
