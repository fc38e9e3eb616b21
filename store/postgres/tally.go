package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"loket/store/sqlstore"
)

// tracer counts what the pool sends into a sqlstore.Tally: a query is a
// statement and a round trip, a batch one round trip for all its
// statements, a prepare one round trip.
type tracer struct{ t *sqlstore.Tally }

var (
	_ pgx.QueryTracer   = tracer{}
	_ pgx.BatchTracer   = tracer{}
	_ pgx.PrepareTracer = tracer{}
)

func (tr tracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	tr.t.Add(1, 1)
	return ctx
}

func (tracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (tr tracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	tr.t.Add(0, 1)
	return ctx
}

func (tr tracer) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) { tr.t.Add(1, 0) }

func (tracer) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

func (tr tracer) TracePrepareStart(ctx context.Context, _ *pgx.Conn, _ pgx.TracePrepareStartData) context.Context {
	tr.t.Add(0, 1)
	return ctx
}

func (tracer) TracePrepareEnd(context.Context, *pgx.Conn, pgx.TracePrepareEndData) {}
