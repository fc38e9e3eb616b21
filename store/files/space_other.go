//go:build !unix

package files

import "errors"

// freeBytes is unknown here: the floor is not enforced, the quota is.
func freeBytes(string) (int64, error) { return 0, errors.New("free space unknown on this platform") }
