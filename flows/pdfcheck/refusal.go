package pdfcheck

import (
	"errors"
	"fmt"

	"loket"
)

// Reason says precisely why a document was refused. The values are stable
// strings, safe to use as template keys and in logs and metrics.
type Reason string

// Reasons for refusing a document.
const (
	TooLarge      Reason = "too_large"      // over Options.MaxBytes (declared or read); Limit and Size are bytes
	Empty         Reason = "empty"          // zero bytes, or a valid PDF with no pages (Detail says which)
	NotPDF        Reason = "not_pdf"        // no %PDF- signature; LooksLike hints at what it is
	NeedsPassword Reason = "needs_password" // needs a user password (or certificate) to open
	Broken        Reason = "broken"         // has a PDF signature but does not parse or validate
	TooManyPages  Reason = "too_many_pages" // more than Options.MaxPages; Limit and Pages are pages
	Timeout       Reason = "timeout"        // validation took longer than Options.Timeout
)

// Kind is a guess at what a non-PDF file is, from its magic bytes.
type Kind string

// Kinds a non-PDF file can look like. Unknown is the empty string.
const (
	Unknown Kind = ""
	JPEG    Kind = "jpeg"
	PNG     Kind = "png"
	HEIC    Kind = "heic" // HEIF family (iPhone photos), also AVIF
	GIF     Kind = "gif"
	WebP    Kind = "webp"
	TIFF    Kind = "tiff"
	BMP     Kind = "bmp"
	Office  Kind = "office" // OOXML zip: .docx, .xlsx, .pptx
	OLE     Kind = "ole"    // legacy Office: .doc, .xls, .ppt
	ZIP     Kind = "zip"    // another zip archive
	RAR     Kind = "rar"
	Text    Kind = "text" // printable text (HTML, a pasted number…)
)

// IsImage reports whether the file looks like a photo or screenshot, so the
// vendor can be told to scan the document as a PDF instead.
func (k Kind) IsImage() bool {
	switch k {
	case JPEG, PNG, HEIC, GIF, WebP, TIFF, BMP:
		return true
	}
	return false
}

// Refusal is the error Check returns when the document is not acceptable.
// It is not a failure of Loket: callers tell the vendor and move on.
type Refusal struct {
	Reason    Reason
	Limit     int64  // the limit broken: bytes for TooLarge, pages for TooManyPages
	Size      int64  // bytes: declared, or Limit+1 when more was streamed; 0 when unknown
	Pages     int    // page count when known (TooManyPages, Empty)
	LooksLike Kind   // for NotPDF
	Detail    string // technical detail for logs, never shown to a vendor
	Err       error  // the parser's error, when there is one
}

func (r *Refusal) Error() string {
	s := "pdfcheck: refused: " + string(r.Reason)
	switch {
	case r.Reason == TooLarge:
		s += fmt.Sprintf(" (%d bytes, limit %d)", r.Size, r.Limit)
	case r.Reason == TooManyPages:
		s += fmt.Sprintf(" (%d pages, limit %d)", r.Pages, r.Limit)
	case r.LooksLike != Unknown:
		s += " (looks like " + string(r.LooksLike) + ")"
	}
	if r.Detail != "" {
		s += ": " + r.Detail
	}
	if r.Err != nil {
		s += ": " + r.Err.Error()
	}
	return s
}

func (r *Refusal) Unwrap() error { return r.Err }

// Is maps a refusal onto the domain sentinels: errors.Is(err,
// loket.ErrTooLarge) for TooLarge, loket.ErrInvalid for every other reason.
func (r *Refusal) Is(target error) bool {
	if r.Reason == TooLarge {
		return target == loket.ErrTooLarge
	}
	return target == loket.ErrInvalid
}

// AsRefusal returns the *Refusal in err's chain, or nil.
func AsRefusal(err error) *Refusal {
	var r *Refusal
	if errors.As(err, &r) {
		return r
	}
	return nil
}
