package custody

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket"
	"loket/internal/testkit"
	"loket/store"
)

// person is a vendor seeded with everything Loket can hold about one.
type person struct {
	vendor  *loket.Vendor
	tickets []*loket.Ticket
	shas    []string // document files only this person sent
	marks   []string // strings that identify them, wherever they are stored
}

// seedPerson stores a vendor with two contacts (one linked, one that only
// opened a ticket), tickets with timeline, documents (one file shared
// with `shared`), a call, a survey, chat messages both ways, staff-group
// and webhook copies, and an audited document view.
func (e *env) seedPerson(name, npwp, chat, phone, shared string) *person {
	e.t.Helper()
	ctx := context.Background()
	p := &person{marks: []string{name, npwp, chat, phone, "Direktur " + name, "spse-" + npwp, "pesan dari " + name,
		"balasan untuk " + name, "catatan " + name, "komentar " + name, "deskripsi " + name, name + "-ktp.pdf", "web-" + chat}}
	own := e.blob("%PDF ktp " + name)
	p.shas = []string{own}
	e.tx(func(tx store.Tx) error {
		p.vendor = &loket.Vendor{Name: name, Form: loket.FormCompany, NPWP: npwp, SPSEUserID: "spse-" + npwp,
			DirectorName: "Direktur " + name, Phone: phone, CreatedAt: now0.Add(-30 * day)}
		must(e.t, tx.SaveVendor(ctx, p.vendor))
		tg := &loket.Contact{Channel: loket.ChannelTelegram, ChatID: chat, Name: name, Phone: phone, VendorID: p.vendor.ID, CreatedAt: now0.Add(-30 * day)}
		must(e.t, tx.SaveContact(ctx, tg))
		web := &loket.Contact{Channel: loket.ChannelWebChat, ChatID: "web-" + chat, Name: "", CreatedAt: now0.Add(-20 * day)}
		must(e.t, tx.SaveContact(ctx, web))
		for _, c := range []*loket.Contact{tg, web} { // the web chat contact is not linked, its ticket is
			tk := &loket.Ticket{Channel: c.Channel, ContactID: c.ID, VendorID: p.vendor.ID, Title: loket.RegistrationTitle,
				Type: loket.TypeRegistration, Description: "deskripsi " + name, CreatedAt: now0.Add(-20 * day)}
			must(e.t, tx.CreateTicket(ctx, tk))
			p.tickets = append(p.tickets, tk)
		}
		t1 := p.tickets[0]
		for _, a := range []*loket.Activity{
			{TicketID: t1.ID, Kind: loket.ActMessageIn, Actor: loket.ActorVendor, Body: "pesan dari " + name, CreatedAt: now0.Add(-20 * day)},
			{TicketID: t1.ID, Kind: loket.ActMessageOut, Actor: loket.ActorAgent, Body: "balasan untuk " + name, CreatedAt: now0.Add(-19 * day)},
			{TicketID: t1.ID, Kind: loket.ActNote, Actor: loket.ActorAgent, Body: "catatan " + name, CreatedAt: now0.Add(-19 * day)},
			{TicketID: t1.ID, Kind: loket.ActDocument, Actor: loket.ActorBot, Body: name + "-ktp.pdf diterima", CreatedAt: now0.Add(-19 * day)},
		} {
			must(e.t, tx.AddActivity(ctx, a))
		}
		for req, sha := range map[string]string{"ktp": own, "npwp": shared} {
			d := &loket.Document{TicketID: t1.ID, Requirement: req, FileName: name + "-" + req + ".pdf", SHA256: sha, Size: 9, Pages: 1,
				CreatedAt: now0.Add(-19 * day)}
			must(e.t, tx.AddDocument(ctx, d))
			d.Status, d.ReviewedAt, d.RejectReason = loket.DocRejected, now0.Add(-18*day), "blurry"
			must(e.t, tx.UpdateDocument(ctx, d))
			must(e.t, tx.AddAudit(ctx, &loket.Audit{AgentID: 1, Action: "document.view", Object: "document:" + itoa(d.ID),
				Detail: t1.Ref() + " " + d.FileName, CreatedAt: now0.Add(-18 * day)}))
		}
		must(e.t, tx.BookAppointment(ctx, &loket.Appointment{TicketID: t1.ID, StartsAt: now0.Add(-17*day + time.Duration(len(name))*time.Hour), Phone: phone,
			Status: loket.ApptBooked, CreatedAt: now0.Add(-18 * day)}, 1))
		must(e.t, loket.SetStatus(ctx, tx, t1, loket.StatusClosed, loket.ActorAgent, 0, "", now0.Add(-16*day)))
		must(e.t, tx.SaveSurvey(ctx, &loket.Survey{TicketID: t1.ID, Answers: [loket.SurveyAnswers]int{4, 3, 4, 4, 3, 4, 4, 2},
			Comment: "komentar " + name, CreatedAt: now0.Add(-16 * day), CompletedAt: now0.Add(-15 * day)}))
		return nil
	})
	in, err := e.st.RecordInbound(ctx, []loket.Inbound{{Channel: loket.ChannelTelegram, ExternalID: "m-" + chat, ChatID: chat,
		SenderID: chat, SenderName: name, Kind: loket.InText, Text: "pesan dari " + name, Phone: phone, ReceivedAt: now0.Add(-20 * day)}})
	must(e.t, err)
	var jobs []*loket.Job
	e.tx(func(tx store.Tx) error {
		_, err := tx.ClaimInbound(ctx, in[0].ID, now0.Add(-20*day))
		must(e.t, err)
		for i := range 2 {
			j := &loket.Job{Kind: "doc.check", Key: fmt.Sprintf("doc.check:telegram:m%s:%d", chat, i), DueAt: now0.Add(-19 * day), CreatedAt: now0.Add(-19 * day),
				Payload: []byte(fmt.Sprintf(`{"chat":%q,"file_name":%q}`, chat, name+"-ktp.pdf"))}
			must(e.t, tx.ScheduleJob(ctx, j))
			jobs = append(jobs, j)
		}
		for _, o := range []*loket.Outbound{
			{Channel: loket.ChannelTelegram, ChatID: chat, TicketID: p.tickets[0].ID, Text: "balasan untuk " + name,
				Buttons: [][]loket.Button{{{Label: "Pakai nomor ini (" + phone + ")", Data: "x"}}}, CreatedAt: now0.Add(-19 * day)},
			{Channel: loket.ChannelTelegram, ChatID: "-100staff", TicketID: p.tickets[0].ID, Text: name + ": pesan dari " + name, CreatedAt: now0.Add(-19 * day)},
			{Channel: loket.ChannelWebhook, ChatID: "hook1", CreatedAt: now0.Add(-19 * day),
				Text: fmt.Sprintf(`{"id":"1:message.created","ticket":{"number":%d,"status":"new"},"data":{"text":"pesan dari %s"}}`, p.tickets[0].Number, name)},
		} {
			must(e.t, tx.EnqueueOutbound(ctx, o))
		}
		return nil
	})
	// The first job done (its id is set once the schedule ran: on
	// PostgreSQL, with the transaction).
	e.tx(func(tx store.Tx) error { return tx.CompleteJob(ctx, jobs[0].ID, 0, now0.Add(-19*day)) })
	return p
}

// textValues returns every string stored in every table of the store.
func textValues(t *testing.T, st store.Store) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	switch s := st.(type) {
	case interface{ DB() *sql.DB }:
		tables := queryStrings(t, s.DB(), `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
		for _, tb := range tables {
			out = append(out, queryStrings(t, s.DB(), `SELECT * FROM "`+tb+`"`)...)
		}
	case interface{ Pool() *pgxpool.Pool }:
		rows, err := s.Pool().Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
		must(t, err)
		var tables []string
		for rows.Next() {
			var n string
			must(t, rows.Scan(&n))
			tables = append(tables, n)
		}
		rows.Close()
		for _, tb := range tables {
			rows, err := s.Pool().Query(ctx, `SELECT * FROM "`+tb+`"`)
			must(t, err)
			for rows.Next() {
				vals, err := rows.Values()
				must(t, err)
				for _, v := range vals {
					out = append(out, fmt.Sprint(v))
				}
			}
			rows.Close()
		}
	default:
		t.Fatalf("cannot read the tables of %T", st)
	}
	return out
}

func queryStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	must(t, err)
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		must(t, rows.Scan(ptrs...))
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			out = append(out, fmt.Sprint(v))
		}
	}
	return out
}

// found lists the marks that occur in any of values.
func found(values []string, marks []string) []string {
	var out []string
	for _, m := range marks {
		for _, v := range values {
			if strings.Contains(v, m) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

func (e *env) export(s Subject) (map[string]string, string) {
	e.t.Helper()
	var buf bytes.Buffer
	must(e.t, e.c.Export(context.Background(), s, &buf, 1, now0))
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	must(e.t, err)
	pdfs := map[string]string{}
	var js string
	for _, f := range zr.File {
		rc, err := f.Open()
		must(e.t, err)
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == ExportName {
			js = string(b)
			continue
		}
		sum := sha256.Sum256(b)
		pdfs[f.Name] = hex.EncodeToString(sum[:])
	}
	return pdfs, js
}

type reportTotals struct {
	tickets, activities, documents, surveys string
}

func (e *env) reports() reportTotals {
	var r reportTotals
	from, to := now0.Add(-365*day), now0.Add(day)
	e.tx(func(tx store.Tx) error {
		ctx := context.Background()
		ts, err := tx.ReportTickets(ctx, from, to)
		must(e.t, err)
		for _, t := range ts {
			r.tickets += fmt.Sprintf("%d %s %s %v %v|", t.Number, t.Status, t.Channel, t.CreatedAt.Unix(), t.ClosedAt.Unix())
		}
		as, err := tx.ReportActivities(ctx, from, to)
		must(e.t, err)
		for _, a := range as {
			r.activities += fmt.Sprintf("%d %s %v|", a.TicketID, a.Kind, a.CreatedAt.Unix())
		}
		ds, err := tx.ReportDocuments(ctx, from, to)
		must(e.t, err)
		for _, d := range ds {
			r.documents += fmt.Sprintf("%d %s %s %s|", d.ID, d.Requirement, d.Status, d.RejectReason)
		}
		ss, err := tx.ReportSurveys(ctx, from, to)
		must(e.t, err)
		for _, s := range ss {
			r.surveys += fmt.Sprintf("%d %v|", s.TicketID, s.Answers)
		}
		return nil
	})
	return r
}

// TestExportAndErase: a vendor's export holds everything about them and
// nothing about another; their erasure leaves no identifying field or
// file anywhere while the reports keep their totals; on both databases.
func TestExportAndErase(t *testing.T) {
	for name, open := range testkit.Stores(t, "custody") {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, open)
			shared := e.blob("%PDF the same NPWP scan")
			budi := e.seedPerson("CV Maju Jaya", "012345678901000", "777555333", "+6281234567890", shared)
			sinar := e.seedPerson("PT Sinar Bogor", "987654321012000", "888444222", "+6289999000111", shared)
			subject := Subject{VendorID: budi.vendor.ID}

			pdfs, js := e.export(subject)
			if miss := found([]string{js}, budi.marks); len(miss) != len(budi.marks) {
				t.Errorf("export lacks some of the vendor's data: has %v of %v", miss, budi.marks)
			}
			if leak := found([]string{js}, sinar.marks); len(leak) != 0 {
				t.Errorf("export holds another vendor's data: %v", leak)
			}
			for _, tk := range budi.tickets {
				if !strings.Contains(js, fmt.Sprintf(`"number": %d`, tk.Number)) {
					t.Errorf("export lacks ticket #%d", tk.Number)
				}
			}
			if strings.Contains(js, fmt.Sprintf(`"number": %d`, sinar.tickets[0].Number)) {
				t.Error("export holds another vendor's ticket")
			}
			var got []string
			for _, sha := range pdfs {
				got = append(got, sha)
			}
			if len(pdfs) != 2 || !strings.Contains(strings.Join(got, " "), budi.shas[0]) || !strings.Contains(strings.Join(got, " "), shared) {
				t.Errorf("export PDFs = %v", pdfs)
			}
			// The same from the ticket opened by the contact that is no vendor.
			s2, err := subjectOf(e, budi.tickets[1].Number)
			must(t, err)
			if _, js2 := e.export(s2); js2 == "" || len(found([]string{js2}, budi.marks)) != len(budi.marks) {
				t.Errorf("export from the web chat ticket differs")
			}

			before := e.reports()
			res, err := e.c.Erase(context.Background(), subject, 1, now0)
			must(t, err)
			if res.Tickets != 2 || res.Contacts != 2 || res.Documents != 2 || res.Files != 1 {
				t.Errorf("erased %+v", res)
			}
			if after := e.reports(); after != before {
				t.Errorf("reports changed:\n%+v\n%+v", before, after)
			}
			all := textValues(t, e.st)
			if left := found(all, budi.marks); len(left) != 0 {
				t.Errorf("identifying data left after the erasure: %v", left)
			}
			if kept := found(all, sinar.marks); len(kept) != len(sinar.marks) {
				t.Errorf("another vendor's data touched: kept only %v", kept)
			}
			if e.exists(budi.shas[0]) || !e.exists(shared) || !e.exists(sinar.shas[0]) {
				t.Errorf("files after the erasure: own %v, shared %v, other's %v", e.exists(budi.shas[0]), e.exists(shared), e.exists(sinar.shas[0]))
			}
			if got := e.audits("personal_data."); len(got) != 3 || got[0] != "personal_data.erase "+subject.Object() {
				t.Errorf("audit = %v", got)
			}
			// An erasure run again changes nothing and fails nothing.
			if _, err := e.c.Erase(context.Background(), subject, 1, now0.Add(time.Minute)); err != nil {
				t.Errorf("second erasure: %v", err)
			}
		})
	}
}

func subjectOf(e *env, number int64) (Subject, error) {
	var s Subject
	err := e.st.InTx(context.Background(), func(tx store.Tx) error {
		var err error
		s, err = SubjectOfTicket(context.Background(), tx, number)
		return err
	})
	return s, err
}
