package files

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"

	"loket"
)

// A sealed blob is a 64-byte header followed by the plaintext in chunks,
// each encrypted with AES-256-GCM:
//
//	0  magic "LOKETENC"        16 key id (8 bytes)
//	8  format version (1)      24 plaintext length (uint64, big endian)
//	9  reserved, zero          32 salt (32 random bytes)
//	12 chunk size (uint32)
//
// Each file has its own AES key, derived with HKDF-SHA256 from the files
// key and the salt. Chunk i (from 0) is sealed with the nonce i (8 bytes,
// big endian) followed by 3 zero bytes and a last-chunk flag, and the
// whole header as additional data, so a chunk cannot be moved, dropped,
// added or cut short, nor the header edited, without Read failing. A
// blob has at least one chunk (an empty file: one empty last chunk).
const (
	sealMagic     = "LOKETENC"
	sealVersion   = 1
	headerSize    = 64
	tagSize       = 16
	sealChunk     = 64 << 10
	maxChunk      = 16 << 20
	maxSealLength = 1 << 40
)

// ErrWrongKey: a sealed blob names a key that is not configured.
var ErrWrongKey = &loket.Error{Code: loket.EUnavailable, Message: "the document is encrypted with a files key that is not configured"}

// ErrCorrupt: a sealed blob does not authenticate (damaged, tampered
// with, or sealed by a different key with the same id).
var ErrCorrupt = &loket.Error{Code: loket.EInternal, Message: "the encrypted document is damaged or does not match its key"}

// errLooksSealed refuses plain content that would read as a sealed blob.
var errLooksSealed = &loket.Error{Code: loket.EInvalid, Message: "content begins like an encrypted blob"}

// header is a parsed sealed-blob header.
type header struct {
	raw    [headerSize]byte
	chunk  int
	keyID  [keyIDSize]byte
	length int64
}

func (h *header) KeyID() string { return hex.EncodeToString(h.keyID[:]) }

// chunks is how many chunks the blob holds.
func (h *header) chunks() int64 {
	if h.length == 0 {
		return 1
	}
	return (h.length + int64(h.chunk) - 1) / int64(h.chunk)
}

// sealedSize is the size on disk of a blob with this header.
func (h *header) sealedSize() int64 { return headerSize + h.length + tagSize*h.chunks() }

// looksSealed reports whether a blob's first bytes are a sealed header's magic.
func looksSealed(prefix []byte) bool {
	return len(prefix) >= len(sealMagic) && string(prefix[:len(sealMagic)]) == sealMagic
}

func parseHeader(b []byte) (*header, error) {
	if len(b) < headerSize || !looksSealed(b) {
		return nil, fmt.Errorf("%w: no header", ErrCorrupt)
	}
	h := &header{}
	copy(h.raw[:], b[:headerSize])
	if b[8] != sealVersion {
		return nil, fmt.Errorf("%w: unknown format version %d", ErrCorrupt, b[8])
	}
	if b[9] != 0 || b[10] != 0 || b[11] != 0 {
		return nil, fmt.Errorf("%w: reserved header bytes set", ErrCorrupt)
	}
	chunk := binary.BigEndian.Uint32(b[12:16])
	length := binary.BigEndian.Uint64(b[24:32])
	if chunk == 0 || chunk > maxChunk || length > maxSealLength {
		return nil, fmt.Errorf("%w: header out of range", ErrCorrupt)
	}
	h.chunk, h.length = int(chunk), int64(length)
	copy(h.keyID[:], b[16:24])
	return h, nil
}

func newHeader(k *Key, length int64) (*header, error) {
	if length < 0 || length > maxSealLength {
		return nil, fmt.Errorf("files: seal: length %d out of range", length)
	}
	h := &header{chunk: sealChunk, keyID: k.id, length: length}
	copy(h.raw[:], sealMagic)
	h.raw[8] = sealVersion
	binary.BigEndian.PutUint32(h.raw[12:16], sealChunk)
	copy(h.raw[16:24], k.id[:])
	binary.BigEndian.PutUint64(h.raw[24:32], uint64(length))
	if _, err := rand.Read(h.raw[32:64]); err != nil {
		return nil, fmt.Errorf("files: seal: salt: %w", err)
	}
	return h, nil
}

// aead derives the blob's own AES-GCM from the files key and the salt.
func (h *header) aead(k *Key) (cipher.AEAD, error) {
	fk, err := hkdf.Key(sha256.New, k.secret[:], h.raw[32:64], "loket files v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(fk)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func chunkNonce(i int64, last bool) []byte {
	n := make([]byte, 12)
	binary.BigEndian.PutUint64(n[:8], uint64(i))
	if last {
		n[11] = 1
	}
	return n
}

// seal writes src (exactly length bytes) to dst as a sealed blob under k,
// holding one chunk at a time.
func seal(dst io.Writer, src io.Reader, length int64, k *Key) error {
	h, err := newHeader(k, length)
	if err != nil {
		return err
	}
	g, err := h.aead(k)
	if err != nil {
		return fmt.Errorf("files: seal: %w", err)
	}
	if _, err := dst.Write(h.raw[:]); err != nil {
		return err
	}
	buf := make([]byte, h.chunk+tagSize)
	left := length
	for i := range h.chunks() {
		n := min(int64(h.chunk), left)
		if _, err := io.ReadFull(src, buf[:n]); err != nil {
			return fmt.Errorf("files: seal: read plaintext: %w", err)
		}
		left -= n
		ct := g.Seal(buf[:0], chunkNonce(i, left == 0), buf[:n], h.raw[:])
		if _, err := dst.Write(ct); err != nil {
			return err
		}
	}
	var extra [1]byte
	if n, _ := src.Read(extra[:]); n > 0 {
		return fmt.Errorf("files: seal: plaintext longer than %d bytes", length)
	}
	return nil
}

// unsealer streams the plaintext of a sealed blob, one chunk at a time.
type unsealer struct {
	src   io.Reader
	close func() error
	h     *header
	g     cipher.AEAD
	buf   []byte
	out   []byte
	next  int64 // index of the next chunk to read
	left  int64 // plaintext bytes not yet decrypted
	err   error
}

// newUnsealer reads the header from src, checks the key and the size on
// disk, and decrypts the first chunk so a wrong key or a damaged blob is
// an error here rather than halfway through a response.
func newUnsealer(src io.Reader, size int64, keys []*Key) (*unsealer, error) {
	var raw [headerSize]byte
	if _, err := io.ReadFull(src, raw[:]); err != nil {
		return nil, fmt.Errorf("%w: short header", ErrCorrupt)
	}
	h, err := parseHeader(raw[:])
	if err != nil {
		return nil, err
	}
	k := findKey(keys, h.keyID)
	if k == nil {
		return nil, fmt.Errorf("%w (blob key %s; configured: %s)", ErrWrongKey, h.KeyID(), keyIDs(keys))
	}
	if size != h.sealedSize() {
		return nil, fmt.Errorf("%w: %d bytes on disk, header says %d", ErrCorrupt, size, h.sealedSize())
	}
	g, err := h.aead(k)
	if err != nil {
		return nil, err
	}
	u := &unsealer{src: src, h: h, g: g, buf: make([]byte, h.chunk+tagSize), left: h.length}
	if err := u.fill(); err != nil {
		return nil, err
	}
	return u, nil
}

func findKey(keys []*Key, id [keyIDSize]byte) *Key {
	for _, k := range keys {
		if k != nil && k.id == id {
			return k
		}
	}
	return nil
}

func keyIDs(keys []*Key) string {
	var b bytes.Buffer
	for _, k := range keys {
		if k == nil {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k.ID())
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

// fill decrypts the next chunk into out.
func (u *unsealer) fill() error {
	n := min(int64(u.h.chunk), u.left)
	if _, err := io.ReadFull(u.src, u.buf[:n+tagSize]); err != nil {
		return fmt.Errorf("%w: chunk %d: %v", ErrCorrupt, u.next, err)
	}
	last := u.left-n == 0
	pt, err := u.g.Open(u.buf[:0], chunkNonce(u.next, last), u.buf[:n+tagSize], u.h.raw[:])
	if err != nil {
		return fmt.Errorf("%w: chunk %d", ErrCorrupt, u.next)
	}
	u.out, u.left = pt, u.left-n
	u.next++
	return nil
}

func (u *unsealer) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		if u.left == 0 {
			return 0, io.EOF
		}
		if err := u.fill(); err != nil {
			u.err = err
			return 0, err
		}
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

func (u *unsealer) Close() error {
	if u.close == nil {
		return nil
	}
	return u.close()
}
