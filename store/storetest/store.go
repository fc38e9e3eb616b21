// Package storetest is the one contract test suite for Loket's persistent
// store: every implementation (store/sqlite, store/postgres) runs Run. The
// method set it checks is declared in package store; the names here are
// aliases so the suite reads short.
package storetest

import "loket/store"

// Aliases of the store declarations the suite exercises.
type (
	Store          = store.Store
	Tx             = store.Tx
	StaffThread    = store.StaffThread
	ReportActivity = store.ReportActivity
)
