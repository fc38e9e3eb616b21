package whatsapp

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"
)

// parseRendered reads RenderQR's output back into modules (true = dark),
// quiet zone included. Each line must be black-on-white and reset.
func parseRendered(t *testing.T, out string) [][]bool {
	t.Helper()
	glyph := map[rune][2]bool{' ': {false, false}, '▀': {true, false}, '▄': {false, true}, '█': {true, true}}
	var rows [][]bool
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(line, qrInk) || !strings.HasSuffix(line, qrReset) {
			t.Fatalf("line %d does not set black on white and reset: %q", i, line)
		}
		line = strings.TrimSuffix(strings.TrimPrefix(line, qrInk), qrReset)
		var top, bottom []bool
		for _, r := range line {
			g, ok := glyph[r]
			if !ok {
				t.Fatalf("line %d: unexpected character %q", i, r)
			}
			top, bottom = append(top, g[0]), append(bottom, g[1])
		}
		rows = append(rows, top, bottom)
	}
	return rows
}

func TestRenderQRDecodesBack(t *testing.T) {
	whatsappLike := "2@" + strings.Repeat("AbCdEfGhIj0123456789+/", 8) + ",Zm9vYmFyYmF6cXV4,UXVpZXRab25l,bG9rZXQ="
	for _, code := range []string{"loket", "2@first,code", whatsappLike} {
		t.Run(fmt.Sprintf("%d chars", len(code)), func(t *testing.T) {
			var out bytes.Buffer
			if err := RenderQR(&out, code); err != nil {
				t.Fatal(err)
			}
			got := parseRendered(t, out.String())
			// The reference: go-qrcode's own bitmap with its standard
			// 4-module border, cropped to the symbol.
			q, err := qrcode.New(code, qrcode.Low)
			if err != nil {
				t.Fatal(err)
			}
			ref := q.Bitmap()
			const border = 4
			n := len(ref) - 2*border
			size := n + 2*qrQuiet
			if len(got) != size+size%2 {
				t.Fatalf("%d module rows, want %d", len(got), size+size%2)
			}
			for y, row := range got {
				if len(row) != size {
					t.Fatalf("row %d has %d modules, want %d", y, len(row), size)
				}
				for x, dark := range row {
					sy, sx := y-qrQuiet, x-qrQuiet
					want := false
					if sy >= 0 && sx >= 0 && sy < n && sx < n {
						want = ref[sy+border][sx+border]
					}
					if dark != want {
						t.Fatalf("module (%d,%d) dark=%v, want %v", x, y, dark, want)
					}
				}
			}
			// a finder pattern's dark corner sits right inside the quiet zone
			if !got[qrQuiet][qrQuiet] || got[qrQuiet-1][qrQuiet] || got[qrQuiet][qrQuiet-1] {
				t.Error("quiet zone or finder pattern misplaced")
			}
			if size > 80 {
				t.Errorf("QR is %d columns wide; it does not fit an 80-column terminal", size)
			}
		})
	}
}

func TestRenderQRTooLong(t *testing.T) {
	if err := RenderQR(&bytes.Buffer{}, strings.Repeat("x", 3000)); err == nil {
		t.Error("a code too long for any QR version was drawn")
	}
}
