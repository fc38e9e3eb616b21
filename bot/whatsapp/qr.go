package whatsapp

import (
	"fmt"
	"io"
)

// RenderQR writes a QR code's content for the terminal. No QR library is
// in go.mod and no encoder is written yet, so it prints the raw content
// (paste it into any QR generator, or use the console's pairing page, or
// pair by phone number, which needs no QR code at all).
func RenderQR(w io.Writer, code string) error {
	_, err := fmt.Fprintf(w, "  QR content (render with any QR tool): %s\n", code)
	return err
}
