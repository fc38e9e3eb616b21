package sqlstore

// ClaimInboundsSQL is the batch claim's statement, for plan tests.
var ClaimInboundsSQL = Dialect.claimInbounds

// OutboxCandidatesSQL is the outbox claim's candidate query, for plan tests.
const OutboxCandidatesSQL = claimCandidates

// OutboxOrderCheckSQL builds the outbox claim's order check, for plan tests.
var OutboxOrderCheckSQL = Dialect.orderCheckSQL

// PendingInboundSQL is the recovery pass's statement, for plan tests.
var PendingInboundSQL = Dialect.pendingInbound

// Look-ups by key or platform id, for plan tests.
const (
	ReleaseIdleJobSQL  = releaseIdleJob
	CancelJobSQL       = cancelJob
	StaffPostTicketSQL = staffPostTicket
	VendorByNPWPSQL    = vendorByNPWP
	RetentionChatsSQL  = retentionChats
	DeleteConvSQL      = deleteConversation
)

// The statements that commit without waiting for the log's flush, for
// TestLeasesCommitWithoutFlush.
var (
	ClaimJobsSQL     = Dialect.claimJobs
	RenewJobSQL      = Dialect.renewJob
	LeaseOutboundSQL = Dialect.leaseOutbound
	RenewOutboundSQL = Dialect.renewOutbound
	IDSetSQL         = Dialect.idSet
)

// RenewOutboundJSON is the heartbeat's renewal on SQLite.
const RenewOutboundJSON = renewOutboundJSON

// MarkSentSQL is the batch of sent marks on PostgreSQL.
var MarkSentSQL = Dialect.markSentArrays

// DeliveryReceiptSQL is a delivery receipt's statement, for plan tests.
var DeliveryReceiptSQL = deliveryReceipt("('sent', 'delivered')")
