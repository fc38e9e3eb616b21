package loket

import "time"

// Contact is one person on one channel address (a Telegram chat, a
// WhatsApp number, a web-chat browser).
type Contact struct {
	ID          int64
	Channel     Channel
	ChatID      string
	Name        string
	Phone       string // E.164 when known
	Lang        Lang
	VendorID    int64 // 0 until the contact is linked to a vendor
	Unreachable bool  // the contact blocked the bot; sending stops
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// BusinessForm is the legal form of a vendor; it decides which documents
// the verification needs.
type BusinessForm string

// Business forms from the source process.
const (
	FormCompany    BusinessForm = "company"    // PT, CV and other badan usaha
	FormIndividual BusinessForm = "individual" // usaha perorangan
	FormForeign    BusinessForm = "foreign"    // foreign company without an Indonesian office
)

// Valid reports whether f is a known business form.
func (f BusinessForm) Valid() bool {
	return f == FormCompany || f == FormIndividual || f == FormForeign
}

// Vendor is a business (penyedia barang/jasa) registering with SPSE.
type Vendor struct {
	ID           int64
	Name         string
	Form         BusinessForm
	NPWP         string // digits only, 15 or 16
	SPSEUserID   string // SPSE user id or registration e-mail
	DirectorName string
	Phone        string // E.164 WhatsApp number for the video call
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Conversation is the bot's memory of one chat: which flow and step it
// is in. State is owned by the flows package (opaque JSON here).
type Conversation struct {
	ID        int64
	ContactID int64
	Channel   Channel
	ChatID    string
	State     []byte // flow state, JSON
	Version   int64  // incremented on every save
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Chat is the chat the conversation is held in.
func (c *Conversation) Chat() ChatKey { return ChatKey{Channel: c.Channel, ChatID: c.ChatID} }
