package console

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"loket"
)

// MinPasswordLen is the shortest password the console accepts.
const MinPasswordLen = 10

// HashPassword hashes a password with bcrypt for Agent.PasswordHash.
func HashPassword(pw string) (string, error) { return hashPassword(pw, bcrypt.DefaultCost) }

// hashPassword is HashPassword at a bcrypt cost.
func hashPassword(pw string, cost int) (string, error) {
	if len(pw) < MinPasswordLen {
		return "", userErr(loket.EInvalid, "account.err_pw_short", "min", MinPasswordLen)
	}
	if len(pw) > 72 {
		return "", userErr(loket.EInvalid, "account.err_pw_long", "max", 72)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), cost)
	if err != nil {
		return "", fmt.Errorf("console: hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword reports whether pw matches a hash made by HashPassword.
func CheckPassword(hash, pw string) bool {
	if hash == "" {
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// dummyHash is compared against when the username is unknown, so a wrong
// username costs as much time as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("loket-dummy-password"), bcrypt.DefaultCost)

// hashPassword hashes at the console's cost (Config.PasswordCost).
func (c *Console) hashPassword(pw string) (string, error) {
	return hashPassword(pw, c.cfg.PasswordCost)
}

func (c *Console) burnPasswordCheck(pw string) {
	_ = bcrypt.CompareHashAndPassword(c.dummyHash, []byte(pw))
}

// dummyAt is dummyHash at another cost, so an unknown username still
// costs what a known one does.
func dummyAt(cost int) []byte {
	if cost == bcrypt.DefaultCost {
		return dummyHash
	}
	h, _ := bcrypt.GenerateFromPassword([]byte("loket-dummy-password"), cost)
	return h
}

// passwordAlphabet leaves out look-alike characters (0/O, 1/l/I).
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// GeneratePassword returns a random 16-character password.
func GeneratePassword() string {
	b := make([]byte, 16)
	out := make([]byte, len(b))
	if _, err := rand.Read(b); err != nil {
		panic(errors.New("console: crypto/rand failed")) // crypto/rand never fails on supported systems
	}
	n := byte(len(passwordAlphabet))
	for i := range b {
		// 256 % 56 != 0 gives a tiny bias; acceptable for a 16-char password.
		out[i] = passwordAlphabet[b[i]%n]
	}
	return string(out)
}

// randomToken returns 32 random bytes, base64url without padding.
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(errors.New("console: crypto/rand failed"))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenHash is what the store keeps of a session or API token.
func tokenHash(tok string) string {
	s := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(s[:])
}
