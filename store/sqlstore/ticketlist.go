package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket"
)

// ListTickets returns tickets matching f, newest first (by ID), at most
// f.Limit (default 50, max 200), after the keyset cursor f.Before.
//
// f.Query matches the ticket number ("1001" or "#1001"), digits of the
// vendor's NPWP, the vendor's name and SPSE user id (case-insensitive
// substrings), the phone of the contact or the vendor (a leading 0 also
// matches +62) and, from minSearchText characters on, the text of what
// the vendor wrote — on the ticket or anywhere in the chat, also what the
// bot answered without the ticket — and what agents replied or noted on
// the ticket (not the bot's own messages, which every ticket shares).
func (tx *Tx) ListTickets(ctx context.Context, f loket.TicketFilter) ([]loket.Ticket, error) {
	var w where
	if len(f.Statuses) > 0 {
		var ph []string
		for _, s := range f.Statuses {
			ph = append(ph, w.arg(string(s)))
		}
		w.add("t.status IN (" + strings.Join(ph, ", ") + ")")
	}
	if f.Channel != "" {
		w.add("t.channel = " + w.arg(string(f.Channel)))
	}
	switch {
	case f.AssigneeID == -1:
		w.add("t.assignee_id IS NULL")
	case f.AssigneeID > 0:
		w.add("t.assignee_id = " + w.arg(f.AssigneeID))
	}
	if f.VendorID > 0 {
		w.add("t.vendor_id = " + w.arg(f.VendorID))
	}
	if f.ContactID > 0 {
		w.add("t.contact_id = " + w.arg(f.ContactID))
	}
	if !f.OlderThan.IsZero() {
		w.add("t.created_at < " + w.arg(tm(f.OlderThan)))
	}
	if f.Before > 0 {
		w.add("t.id < " + w.arg(f.Before))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(queryMatch(&w, q))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	} else if limit > 200 {
		limit = 200
	}
	sql := `SELECT ` + ticketCols + ` FROM tickets t
		LEFT JOIN vendors v ON v.id = t.vendor_id
		LEFT JOIN contacts c ON c.id = t.contact_id` + w.sql() + `
		ORDER BY t.id DESC LIMIT ` + w.arg(limit)
	rs, err := tx.q.Query(ctx, sql, w.args...)
	out, err := collect(rs, err, scanTicket)
	return out, tx.d.fail("list tickets", err)
}

// minSearchText is the shortest search that also looks in messages: one
// or two letters would match nearly every conversation.
const minSearchText = 3

// queryMatch builds the OR of everything a search string may mean.
func queryMatch(w *where, q string) string {
	var or []string
	like := w.arg("%" + escapeLike(strings.ToLower(q)) + "%")
	or = append(or, `lower(v.name) LIKE `+like+` ESCAPE '\'`, `lower(v.spse_user_id) LIKE `+like+` ESCAPE '\'`)
	if utf8.RuneCountInString(q) >= minSearchText {
		// Not correlated: the database scans the people's messages once
		// and looks each ticket up in the result, whatever the order.
		or = append(or, `t.id IN (SELECT a.ticket_id FROM activities a
			WHERE a.kind IN ('message_in', 'message_out', 'note') AND a.actor IN ('vendor', 'agent')
			AND lower(a.body) LIKE `+like+` ESCAPE '\')`,
			`t.contact_id IN (SELECT ct.id FROM inbound i JOIN contacts ct ON ct.channel = i.channel AND ct.chat_id = i.chat_id
			WHERE lower(i.text) LIKE `+like+` ESCAPE '\')`)
	}
	digits := onlyDigits(q)
	if n, err := strconv.ParseInt(strings.TrimPrefix(q, "#"), 10, 64); err == nil {
		or = append(or, "t.number = "+w.arg(n))
	}
	if len(digits) >= 4 {
		d := w.arg("%" + digits + "%")
		or = append(or, "v.npwp LIKE "+d, "c.phone LIKE "+d, "v.phone LIKE "+d)
		if strings.HasPrefix(digits, "0") && len(digits) > 1 {
			intl := w.arg("%62" + digits[1:] + "%")
			or = append(or, "c.phone LIKE "+intl, "v.phone LIKE "+intl)
		}
	}
	return "(" + strings.Join(or, " OR ") + ")"
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// where collects conditions and numbered arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

func (w *where) add(cond string) { w.conds = append(w.conds, cond) }

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return "\n\t\tWHERE " + strings.Join(w.conds, " AND ")
}
