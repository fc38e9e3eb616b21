package whatsapp

import (
	"bufio"
	"fmt"
	"io"

	qrcode "github.com/skip2/go-qrcode"
)

// qrQuiet is the light border drawn around the code, in modules. The
// standard asks for 4; scanners read 2 fine and it keeps a WhatsApp code
// (version 10 at level L, 57 modules) within 61 columns.
const qrQuiet = 2

// ANSI colours: black ink on a bright white background, set explicitly so
// the code reads the same on dark and light terminal themes (an uncoloured
// "█" would come out inverted on one of them).
const (
	qrInk   = "\x1b[30;107m"
	qrReset = "\x1b[0m"
)

// qrBlocks maps a (top, bottom) pair of modules to a half-block glyph:
// dark = black ink, light = the white background.
var qrBlocks = [2][2]string{
	{" ", "▄"}, // top light: bottom light, bottom dark
	{"▀", "█"}, // top dark:  bottom light, bottom dark
}

// QRMatrix returns the modules of code's QR symbol (level L, as WhatsApp's
// own codes), true = dark, without a quiet zone.
func QRMatrix(code string) ([][]bool, error) {
	q, err := qrcode.New(code, qrcode.Low)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: encode QR code: %w", err)
	}
	q.DisableBorder = true
	return q.Bitmap(), nil
}

// RenderQR draws code as a scannable QR code for a terminal: two module
// rows per text line with Unicode half blocks, black on white with a quiet
// zone of qrQuiet modules, each line's colours reset at its end.
func RenderQR(w io.Writer, code string) error {
	m, err := QRMatrix(code)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	size := len(m) + 2*qrQuiet
	dark := func(y, x int) int {
		y, x = y-qrQuiet, x-qrQuiet
		if y < 0 || x < 0 || y >= len(m) || x >= len(m) || !m[y][x] {
			return 0
		}
		return 1
	}
	for y := 0; y < size; y += 2 {
		bw.WriteString(qrInk)
		for x := 0; x < size; x++ {
			bw.WriteString(qrBlocks[dark(y, x)][dark(y+1, x)]) // row size is outside: light
		}
		bw.WriteString(qrReset + "\n")
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("whatsapp: draw QR code: %w", err)
	}
	return nil
}
