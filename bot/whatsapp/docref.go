package whatsapp

import (
	"encoding/base64"
	"errors"
	"fmt"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"
)

// maxDocRefLen bounds an encoded DocumentRef.FileID.
const maxDocRefLen = 4096

// encodeDocRef serialises what Download needs to find a document again
// (direct path, URL, media key, hashes, length, mime type) as base64url
// of a trimmed DocumentMessage.
func encodeDocRef(d *waE2E.DocumentMessage) string {
	ref := &waE2E.DocumentMessage{
		URL:           d.URL,
		DirectPath:    d.DirectPath,
		MediaKey:      d.MediaKey,
		FileEncSHA256: d.FileEncSHA256,
		FileSHA256:    d.FileSHA256,
		FileLength:    d.FileLength,
		Mimetype:      d.Mimetype,
	}
	b, err := proto.Marshal(ref)
	if err != nil {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeDocRef reads an encodeDocRef string back.
func decodeDocRef(s string) (*waE2E.DocumentMessage, error) {
	if s == "" || len(s) > maxDocRefLen {
		return nil, errors.New("empty or oversized file id")
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("file id: %w", err)
	}
	var d waE2E.DocumentMessage
	if err := proto.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("file id: %w", err)
	}
	if d.GetDirectPath() == "" && d.GetURL() == "" || len(d.GetMediaKey()) == 0 {
		return nil, errors.New("file id names no downloadable media")
	}
	return &d, nil
}
