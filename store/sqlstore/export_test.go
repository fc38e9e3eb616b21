package sqlstore

// ClaimInboundsSQL is the batch claim's statement, for plan tests.
var ClaimInboundsSQL = Dialect.claimInbounds

// OutboxClaimSQL is the outbox claim's candidate query and its order
// check's statement builder, for plan tests.
const OutboxCandidatesSQL = claimCandidates

var OutboxOrderCheckSQL = Dialect.orderCheckSQL
