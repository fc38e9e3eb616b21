package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"loket"
)

// turnBuf gathers the writes of consecutive turns (WriteTurn, and
// SaveContact of the turns' contacts) until the transaction's next
// statement or its commit, and then queues them (PostgreSQL, a Deferrer)
// as three statements whatever their number: one UPDATE for the
// contacts, one for the conversations and one INSERT for the replies
// with their timeline entries; without a Deferrer (SQLite) they run then,
// as four (writeTurnsNow).
type turnBuf struct {
	d        Deferrer        // nil: written by writeTurnsNow
	actor    loket.ActorType // of the replies; "" until a turn is added
	contacts []loket.Contact // one per contact, as last saved
	convs    []turnConv
	outs     []*loket.Outbound
	btns     []*string // encoded buttons of outs
}

// gatherContact adds a contact's update to the turns' writes (see
// SaveContact); a later save of the same contact replaces the earlier.
func (tx *Tx) gatherContact(c *loket.Contact) {
	if tx.turns == nil {
		d, _ := tx.raw.(Deferrer)
		tx.turns = &turnBuf{d: d}
	}
	b := tx.turns
	for i := range b.contacts {
		if b.contacts[i].ID == c.ID {
			b.contacts[i] = *c
			return
		}
	}
	b.contacts = append(b.contacts, *c)
}

type turnConv struct {
	id, version int64
	state       *string
	at          time.Time
}

func (b *turnBuf) has(convID int64) bool {
	return slices.ContainsFunc(b.convs, func(c turnConv) bool { return c.id == convID })
}

func (b *turnBuf) add(conv *loket.Conversation, outs []*loket.Outbound, btns []*string) {
	var state *string
	if len(conv.State) > 0 {
		s := string(conv.State)
		state = &s
	}
	b.convs = append(b.convs, turnConv{conv.ID, conv.Version, state, conv.UpdatedAt.UTC().Truncate(time.Millisecond)})
	b.outs = append(b.outs, outs...)
	b.btns = append(b.btns, btns...)
}

// savedElsewhere is how the batched conversation update reports that a
// conversation of the batch was saved by someone else.
const savedElsewhere = "a conversation of the batch was saved by someone else"

// flushTurns hands the gathered writes to the Deferrer, or writes them
// now where there is none.
func (tx *Tx) flushTurns(ctx context.Context) error {
	b := tx.turns
	if b == nil {
		return nil
	}
	tx.turns = nil
	if b.d == nil {
		return tx.writeTurnsNow(ctx, b)
	}
	tx.deferTurns(b)
	return nil
}

// contactGone is how the batched contact update reports that a contact
// of the batch is no longer there.
const contactGone = "a contact of the batch is gone"

// deferTurns queues the gathered writes with the Deferrer.
func (tx *Tx) deferTurns(b *turnBuf) {
	if n := len(b.contacts); n > 0 {
		ids, names, phones, langs := make([]int64, n), make([]string, n), make([]string, n), make([]string, n)
		vendors, unreachable, ats := make([]*int64, n), make([]bool, n), make([]time.Time, n)
		for i := range b.contacts {
			c := &b.contacts[i]
			ids[i], names[i], phones[i], langs[i], unreachable[i] = c.ID, c.Name, c.Phone, string(c.Lang), c.Unreachable
			if c.VendorID != 0 {
				vendors[i] = &c.VendorID
			}
			ats[i] = c.UpdatedAt
		}
		b.d.Defer(Deferred{
			// A contact gone (it was read locked, so it cannot be) fails
			// the statement, and the commit with it, as SaveContact's
			// update fails for a contact not there.
			Query: `WITH s AS (UPDATE contacts AS c SET name = u.name, phone = u.phone, lang = u.lang, vendor_id = u.vendor,
					unreachable = u.unreachable, updated_at = u.at
				FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::boolean[], $7::timestamptz[])
					AS u(id, name, phone, lang, vendor, unreachable, at)
				WHERE c.id = u.id RETURNING c.id)
				SELECT (CASE WHEN count(*) = $8 THEN '0' ELSE '` + contactGone + `' END)::int FROM s`,
			Args: []any{ids, names, phones, langs, vendors, unreachable, ats, n},
			Done: func(rs Rows) error {
				_, err := collect(rs, nil, func(r Row, v *int64) error { return r.Scan(v) })
				return tx.d.fail("update contacts", err)
			},
			Err: func(err error) error {
				if strings.Contains(err.Error(), contactGone) {
					return notFound("update contact")
				}
				return tx.d.fail("update contacts", err)
			},
		})
	}
	if len(b.convs) > 0 {
		n := len(b.convs)
		ids, versions, states, ats := make([]int64, n), make([]int64, n), make([]*string, n), make([]time.Time, n)
		for i, c := range b.convs {
			ids[i], versions[i], states[i], ats[i] = c.id, c.version, c.state, c.at
		}
		b.d.Defer(Deferred{
			// A conversation saved by someone else (its version moved) is
			// not updated: the statement then fails (a cast of the text
			// below to an integer), so the commit that may travel with it
			// does not run.
			Query: `WITH s AS (UPDATE conversations AS v SET state = u.state::jsonb, version = v.version + 1, updated_at = u.at
				FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[]) AS u(id, version, state, at)
				WHERE v.id = u.id AND v.version = u.version RETURNING v.id)
				SELECT (CASE WHEN count(*) = $5 THEN '0' ELSE '` + savedElsewhere + `' END)::int FROM s`,
			Args: []any{ids, versions, states, ats, n},
			Done: func(rs Rows) error {
				_, err := collect(rs, nil, func(r Row, v *int64) error { return r.Scan(v) })
				return tx.d.fail("save conversations", err)
			},
			Err: func(err error) error {
				if strings.Contains(err.Error(), savedElsewhere) {
					return fmt.Errorf("store: save conversations: %w", loket.Errorf(loket.EConflict, savedElsewhere))
				}
				return tx.d.fail("save conversations", err)
			},
		})
	}
	if len(b.outs) == 0 {
		return
	}
	n := len(b.outs)
	chs, chats, texts, shas, names, kinds := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	convs, tickets := make([]*int64, n), make([]*int64, n)
	next, created := make([]time.Time, n), make([]time.Time, n)
	tokens, attempts := make([]int64, n), make([]int64, n)
	for i, m := range b.outs {
		tokens[i], attempts[i] = m.LeaseToken, int64(m.Attempts)
		chs[i], chats[i], texts[i], kinds[i] = string(m.Channel), m.ChatID, m.Text, string(m.Kind)
		if m.Document != nil {
			shas[i], names[i] = m.Document.SHA256, m.Document.FileName
		}
		if m.ConversationID != 0 {
			convs[i] = &m.ConversationID
		}
		if m.TicketID != 0 {
			tickets[i] = &m.TicketID
		}
		next[i], created[i] = m.NextAttemptAt.UTC().Truncate(time.Millisecond), m.CreatedAt.UTC().Truncate(time.Millisecond)
	}
	outs := b.outs
	b.d.Defer(Deferred{
		// Rows go in in input order, so their ids do: a chat's replies keep
		// their order in the outbox. A pre-leased reply (see
		// EnqueueOutbound) behind a queued one of its chat is queued as
		// usual instead. A timeline entry's meta is loket.OutboundMeta's,
		// written in SQL (the kind of a notice; none for a reply), as
		// enqueueNow writes it from Go; the WriteTurn contract test
		// holds both to it.
		Query: `WITH o AS (INSERT INTO outbox (channel, chat_id, conversation_id, ticket_id, text, buttons,
				doc_sha256, doc_file_name, status, attempts, next_attempt_at, created_at, kind, lease_token)
				SELECT channel, chat_id, conv, ticket, text, buttons::jsonb, sha, fname, 'queued',
					CASE WHEN b.behind OR lease_token = 0 THEN 0 ELSE tries END,
					CASE WHEN b.behind THEN created ELSE next_at END, created, kind, CASE WHEN b.behind THEN 0 ELSE lease_token END
				FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[],
					$8::text[], $9::timestamptz[], $10::timestamptz[], $11::text[], $14::bigint[], $15::bigint[]) WITH ORDINALITY
					AS u(channel, chat_id, conv, ticket, text, buttons, sha, fname, next_at, created, kind, lease_token, tries, ord)
				CROSS JOIN LATERAL (SELECT u.lease_token <> 0 AND ` + queuedBefore("u") + ` AS behind) AS b
				ORDER BY ord RETURNING id, ticket_id, text, created_at, lease_token, kind),
			a AS (INSERT INTO activities (ticket_id, kind, actor, body, outbound_id, created_at, meta)
				SELECT ticket_id, $12, $13, text, id, created_at,
					CASE WHEN kind <> '' THEN jsonb_build_object('kind', kind) END
				FROM o WHERE ticket_id IS NOT NULL ORDER BY id RETURNING id)
			SELECT id, lease_token FROM o ORDER BY id`,
		Args: []any{chs, chats, convs, tickets, texts, b.btns, shas, names, next, created, kinds,
			string(loket.ActMessageOut), string(b.actor), tokens, attempts},
		Done: func(rs Rows) error {
			type row struct{ id, token int64 }
			rows, err := collect(rs, nil, func(r Row, v *row) error { return r.Scan(&v.id, &v.token) })
			if err == nil && len(rows) != len(outs) {
				err = ErrNoRows
			}
			if err != nil {
				return tx.d.fail("enqueue outbound", err)
			}
			for i, r := range rows {
				outs[i].ID = r.id
				if r.token != outs[i].LeaseToken || r.token == 0 {
					outs[i].LeaseToken, outs[i].Attempts, outs[i].NextAttemptAt = 0, 0, outs[i].CreatedAt
				}
			}
			return nil
		},
	})
}
