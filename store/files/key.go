package files

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length of a files key: 32 bytes, for AES-256.
const KeySize = 32

// Key is a secret files key (LOKET_FILES_KEY). Its ID is a short hash
// that names it in blob headers and messages without revealing it.
type Key struct {
	secret [KeySize]byte
	id     [keyIDSize]byte
}

const keyIDSize = 8

// ParseKey decodes a key written in base64 (standard or URL alphabet,
// padded or not), which must hold exactly 32 bytes.
func ParseKey(s string) (*Key, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("empty key")
	}
	var raw []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if raw, err = enc.DecodeString(s); err == nil {
			break
		}
	}
	if err != nil {
		return nil, errors.New("not base64")
	}
	if len(raw) != KeySize {
		return nil, fmt.Errorf("decodes to %d bytes, want %d", len(raw), KeySize)
	}
	return NewKey(raw)
}

// NewKey makes a key from 32 raw bytes.
func NewKey(raw []byte) (*Key, error) {
	if len(raw) != KeySize {
		return nil, fmt.Errorf("files: key of %d bytes, want %d", len(raw), KeySize)
	}
	k := &Key{}
	copy(k.secret[:], raw)
	h := sha256.Sum256(append([]byte("loket files key id\x00"), raw...))
	copy(k.id[:], h[:keyIDSize])
	return k, nil
}

// ID is the key's short public name (16 hex digits).
func (k *Key) ID() string { return hex.EncodeToString(k.id[:]) }

// String never prints the secret.
func (k *Key) String() string { return "files key " + k.ID() }
