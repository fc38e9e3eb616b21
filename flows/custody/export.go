package custody

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"loket"
)

// The export's JSON: everything Loket holds about the subject, in its own
// words (no internal ids beyond ticket numbers).
type exportFile struct {
	ExportedAt time.Time       `json:"exported_at"`
	Vendor     *exportVendor   `json:"vendor"`
	Contacts   []exportContact `json:"contacts"`
	Tickets    []exportTicket  `json:"tickets"`
}

type exportVendor struct {
	Name         string    `json:"name"`
	Form         string    `json:"business_form"`
	NPWP         string    `json:"npwp"`
	SPSEUserID   string    `json:"spse_user_id"`
	DirectorName string    `json:"director_name"`
	Phone        string    `json:"phone"`
	CreatedAt    time.Time `json:"created_at"`
}

type exportContact struct {
	Channel   string          `json:"channel"`
	Address   string          `json:"address"`
	Name      string          `json:"name"`
	Phone     string          `json:"phone"`
	Language  string          `json:"language"`
	CreatedAt time.Time       `json:"created_at"`
	Messages  []exportMessage `json:"messages"`
}

type exportMessage struct {
	Direction string    `json:"direction"` // "in" from the person, "out" to them
	Text      string    `json:"text"`
	Document  string    `json:"document,omitempty"`
	Status    string    `json:"delivery,omitempty"`
	At        time.Time `json:"at"`
}

type exportTicket struct {
	Number       int64               `json:"number"`
	Type         string              `json:"type"`
	Status       string              `json:"status"`
	Title        string              `json:"title"`
	Description  string              `json:"description"`
	Channel      string              `json:"channel"`
	CreatedAt    time.Time           `json:"created_at"`
	ClosedAt     *time.Time          `json:"closed_at,omitempty"`
	Timeline     []exportActivity    `json:"timeline"`
	Documents    []exportDocument    `json:"documents"`
	Appointments []exportAppointment `json:"appointments"`
	Survey       *exportSurvey       `json:"survey,omitempty"`
}

type exportActivity struct {
	Kind  string    `json:"kind"`
	Actor string    `json:"actor"`
	Text  string    `json:"text"`
	At    time.Time `json:"at"`
}

type exportDocument struct {
	Requirement  string    `json:"requirement"`
	FileName     string    `json:"file_name"`
	SHA256       string    `json:"sha256"`
	Size         int64     `json:"size"`
	Pages        int       `json:"pages"`
	Status       string    `json:"status"`
	RejectReason string    `json:"reject_reason,omitempty"`
	ReceivedAt   time.Time `json:"received_at"`
	File         string    `json:"file,omitempty"` // path in this ZIP; empty when the file was removed
}

type exportAppointment struct {
	StartsAt time.Time `json:"starts_at"`
	Phone    string    `json:"phone"`
	Status   string    `json:"status"`
}

type exportSurvey struct {
	Answers     []int      `json:"answers"`
	Comment     string     `json:"comment"`
	CompletedAt *time.Time `json:"completed_at,omitempty"`
}

// ExportName is the JSON's name inside the ZIP.
const ExportName = "loket-data.json"

// Export writes a ZIP of everything Loket holds about s to w: a JSON of
// the vendor, contacts with their messages, tickets with their timeline,
// documents, calls and survey, and every document's PDF. The export is
// audited (agentID, from the console or the API) before a byte is
// written, and every PDF is opened first, so a file that cannot be read
// (a files key missing) fails the export instead of leaving it short.
func (c *Custody) Export(ctx context.Context, s Subject, w io.Writer, agentID int64, now time.Time) error {
	var data *exportFile
	var pdfs []exportPDF
	err := c.inTx(ctx, func(tx Tx) error {
		h, err := collect(ctx, tx, s)
		if err != nil {
			return err
		}
		if data, pdfs, err = gather(ctx, tx, h, now); err != nil {
			return err
		}
		return auditBy(ctx, tx, agentID, "personal_data.export", s.Object(), now, "%s", h.summary(len(pdfs), countMessages(data)))
	})
	if err != nil {
		return err
	}
	opened := make([]io.ReadCloser, len(pdfs))
	defer func() {
		for _, rc := range opened {
			if rc != nil {
				rc.Close()
			}
		}
	}()
	for i, p := range pdfs {
		rc, _, err := c.blobs.Open(ctx, p.sha)
		if err != nil {
			return fmt.Errorf("custody: export %s: %w", p.path, err)
		}
		opened[i] = rc
	}
	return writeZIP(w, data, pdfs, opened, now)
}

type exportPDF struct{ path, sha string }

func writeZIP(w io.Writer, data *exportFile, pdfs []exportPDF, opened []io.ReadCloser, now time.Time) error {
	zw := zip.NewWriter(w)
	jw, err := zw.CreateHeader(&zip.FileHeader{Name: ExportName, Method: zip.Deflate, Modified: now})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(jw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(data); err != nil {
		return fmt.Errorf("custody: export: %w", err)
	}
	for i, p := range pdfs {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.path, Method: zip.Store, Modified: now})
		if err != nil {
			return err
		}
		if _, err := io.Copy(fw, opened[i]); err != nil {
			return fmt.Errorf("custody: export %s: %w", p.path, err)
		}
	}
	return zw.Close()
}

func countMessages(f *exportFile) int {
	n := 0
	for _, c := range f.Contacts {
		n += len(c.Messages)
	}
	return n
}

// gather reads the subject's holdings into the export's shape.
func gather(ctx context.Context, tx Tx, h *holdings, now time.Time) (*exportFile, []exportPDF, error) {
	f := &exportFile{ExportedAt: now.UTC(), Contacts: []exportContact{}, Tickets: []exportTicket{}}
	if v := h.Vendor; v != nil {
		f.Vendor = &exportVendor{Name: v.Name, Form: string(v.Form), NPWP: v.NPWP, SPSEUserID: v.SPSEUserID,
			DirectorName: v.DirectorName, Phone: v.Phone, CreatedAt: v.CreatedAt}
	}
	for _, c := range h.Contacts {
		ec := exportContact{Channel: string(c.Channel), Address: c.ChatID, Name: c.Name, Phone: c.Phone,
			Language: string(c.Lang), CreatedAt: c.CreatedAt, Messages: []exportMessage{}}
		lines, err := tx.ChatMessages(ctx, c.Channel, c.ChatID)
		if err != nil {
			return nil, nil, fmt.Errorf("custody: %w", err)
		}
		for _, l := range lines {
			m := exportMessage{Direction: "in", Text: l.Text, Document: l.Document, At: l.At}
			if l.OutboundID != 0 {
				m.Direction, m.Status = "out", string(l.Status)
			}
			ec.Messages = append(ec.Messages, m)
		}
		f.Contacts = append(f.Contacts, ec)
	}
	var pdfs []exportPDF
	for _, t := range h.Tickets {
		et, tp, err := gatherTicket(ctx, tx, t)
		if err != nil {
			return nil, nil, err
		}
		f.Tickets = append(f.Tickets, *et)
		pdfs = append(pdfs, tp...)
	}
	return f, pdfs, nil
}

func gatherTicket(ctx context.Context, tx Tx, t loket.Ticket) (*exportTicket, []exportPDF, error) {
	et := &exportTicket{Number: t.Number, Type: string(t.Type), Status: string(t.Status), Title: t.Title,
		Description: t.Description, Channel: string(t.Channel), CreatedAt: t.CreatedAt, ClosedAt: optTime(t.ClosedAt),
		Timeline: []exportActivity{}, Documents: []exportDocument{}, Appointments: []exportAppointment{}}
	acts, err := tx.Activities(ctx, t.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("custody: %w", err)
	}
	for _, a := range acts {
		et.Timeline = append(et.Timeline, exportActivity{Kind: string(a.Kind), Actor: string(a.Actor), Text: a.Body, At: a.CreatedAt})
	}
	docs, err := tx.Documents(ctx, t.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("custody: %w", err)
	}
	var pdfs []exportPDF
	for _, d := range docs {
		ed := exportDocument{Requirement: d.Requirement, FileName: d.FileName, SHA256: d.SHA256, Size: d.Size, Pages: d.Pages,
			Status: string(d.Status), RejectReason: d.RejectReason, ReceivedAt: d.CreatedAt}
		if d.SHA256 != "" {
			ed.File = fmt.Sprintf("documents/%d-%d-%s.pdf", t.Number, d.ID, safeName(d.Requirement))
			pdfs = append(pdfs, exportPDF{path: ed.File, sha: d.SHA256})
		}
		et.Documents = append(et.Documents, ed)
	}
	appts, err := tx.TicketAppointments(ctx, t.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("custody: %w", err)
	}
	for _, a := range appts {
		et.Appointments = append(et.Appointments, exportAppointment{StartsAt: a.StartsAt, Phone: a.Phone, Status: string(a.Status)})
	}
	sv, err := tx.SurveyByTicket(ctx, t.ID)
	switch {
	case errors.Is(err, loket.ErrNotFound):
	case err != nil:
		return nil, nil, fmt.Errorf("custody: %w", err)
	default:
		et.Survey = &exportSurvey{Answers: sv.Answers[:], Comment: sv.Comment, CompletedAt: optTime(sv.CompletedAt)}
	}
	return et, pdfs, nil
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// safeName keeps a requirement key usable in a ZIP path.
func safeName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "document"
	}
	return string(b)
}
