package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDataDir takes an exclusive lock on the data directory so a second
// `loket serve` on the same directory refuses instead of corrupting the
// embedded database or the WhatsApp session. The lock dies with the process.
func lockDataDir(dir string) (func(), error) {
	path := filepath.Join(dir, "loket.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, &configError{"LOKET_DATA_DIR", fmt.Sprintf("cannot create lock file %s: %v", path, err)}
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, &configError{"LOKET_DATA_DIR", fmt.Sprintf("%s is in use by another loket process (lock %s held); stop it or use another LOKET_DATA_DIR", dir, path)}
	}
	_ = f.Truncate(0)
	fmt.Fprintf(f, "%d\n", os.Getpid())
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
