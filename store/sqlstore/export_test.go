package sqlstore

// ClaimInboundsSQL is the batch claim's statement, for plan tests.
var ClaimInboundsSQL = Dialect.claimInbounds
