package pdfcheck

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"unicode/utf8"
)

// headerWindow is how far into the file the %PDF- signature may start.
// Acrobat and pdf.js tolerate leading junk (mail or scanner prefixes) within
// the first kilobyte.
const headerWindow = 1024

var pdfMagic = []byte("%PDF-")

// headerOffset returns where %PDF- starts within the first headerWindow
// bytes, or -1.
func headerOffset(data []byte) int {
	return bytes.Index(data[:min(len(data), headerWindow+len(pdfMagic))], pdfMagic)
}

// headLen is how many first bytes the sniffing needs: the signature
// window and the text check.
const headLen = headerWindow + len("%PDF-")

// looksLike guesses what a non-PDF file of size bytes is from data, its
// first bytes (at least headLen of them, or all), and for a zip archive
// from its central directory read through ra.
func looksLike(data []byte, ra io.ReaderAt, size int64) Kind {
	has := func(off int, magic string) bool {
		return len(data) >= off+len(magic) && string(data[off:off+len(magic)]) == magic
	}
	switch {
	case has(0, "\xff\xd8\xff"):
		return JPEG
	case has(0, "\x89PNG\r\n\x1a\n"):
		return PNG
	case has(0, "GIF87a"), has(0, "GIF89a"):
		return GIF
	case has(0, "RIFF") && has(8, "WEBP"):
		return WebP
	case has(0, "II*\x00"), has(0, "MM\x00*"):
		return TIFF
	case has(0, "BM") && len(data) >= 26:
		return BMP
	case has(4, "ftyp"):
		return ftypKind(data)
	case has(0, "PK\x03\x04"), has(0, "PK\x05\x06"):
		return zipKind(ra, size)
	case has(0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
		return OLE
	case has(0, "Rar!\x1a\x07"):
		return RAR
	case looksText(data):
		return Text
	}
	return Unknown
}

// ftypKind tells HEIF/AVIF photos from other ISO media files (videos).
func ftypKind(data []byte) Kind {
	if len(data) < 12 {
		return Unknown
	}
	switch string(data[8:12]) {
	case "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1", "avif", "avis":
		return HEIC
	}
	return Unknown
}

// zipKind tells Office documents from other zip archives by their entries.
func zipKind(ra io.ReaderAt, size int64) Kind {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return ZIP
	}
	for _, f := range zr.File {
		if f.Name == "[Content_Types].xml" || strings.HasPrefix(f.Name, "word/") ||
			strings.HasPrefix(f.Name, "xl/") || strings.HasPrefix(f.Name, "ppt/") {
			return Office
		}
	}
	return ZIP
}

// looksText reports whether the first bytes are valid UTF-8 without
// control characters other than whitespace.
func looksText(data []byte) bool {
	head := data[:min(len(data), 512)]
	for len(head) > 0 {
		r, size := utf8.DecodeRune(head)
		if r == utf8.RuneError && size <= 1 {
			// A rune cut by the end of the window is fine.
			return len(data) > 512 && !utf8.FullRune(head)
		}
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f {
			return false
		}
		head = head[size:]
	}
	return true
}
