package files

import (
	"context"
	"fmt"
	"sync"

	"loket"
)

// ErrFull is returned by Space.Reserve when storing more would pass the
// quota or eat into the free-space floor. Its message can be shown to an
// operator; a person sending a file is told in their own language.
var ErrFull = &loket.Error{Code: loket.EUnavailable, Message: "document storage is full"}

// Space keeps the document store from filling the disk: a quota on the
// bytes held in its directories and a floor of free space on their file
// system. Reserve is cheap (a counter and one statfs); Measure walks the
// directories and is run at start-up and by the periodic sweep, so the
// counter also follows what other replicas and deletions did.
type Space struct {
	dirs    []*Dir
	quota   int64 // 0: no quota
	minFree int64 // 0: no floor
	free    func(path string) (int64, error)

	mu   sync.Mutex
	used int64
}

// NewSpace watches dirs (the first one's file system for free space).
func NewSpace(quota, minFree int64, dirs ...*Dir) *Space {
	return &Space{dirs: dirs, quota: max(quota, 0), minFree: max(minFree, 0), free: freeBytes}
}

// Measure recounts the bytes held in the watched directories.
func (s *Space) Measure(ctx context.Context) (int64, error) {
	var used int64
	for _, d := range s.dirs {
		if err := d.Blobs(ctx, func(b Blob) error { used += b.Size; return nil }); err != nil {
			return 0, err
		}
	}
	s.mu.Lock()
	s.used = used
	s.mu.Unlock()
	return used, nil
}

// Usage reports the bytes counted, the quota and the free space of the
// disk (-1 when unknown).
func (s *Space) Usage() (used, quota, free int64) {
	s.mu.Lock()
	used = s.used
	s.mu.Unlock()
	free = -1
	if len(s.dirs) > 0 {
		if f, err := s.free(s.dirs[0].Root()); err == nil {
			free = f
		}
	}
	return used, s.quota, free
}

// Reserve accounts n more bytes about to be stored, or returns ErrFull
// (wrapped with the reason) when they do not fit. A free space that
// cannot be read does not refuse.
func (s *Space) Reserve(n int64) error {
	if len(s.dirs) > 0 && s.minFree > 0 {
		if free, err := s.free(s.dirs[0].Root()); err == nil && free-n < s.minFree {
			return fmt.Errorf("files: %d bytes free, floor %d: %w", free, s.minFree, ErrFull)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.quota > 0 && s.used+n > s.quota {
		return fmt.Errorf("files: %d of %d bytes used: %w", s.used, s.quota, ErrFull)
	}
	s.used += n
	return nil
}

// Release gives back bytes reserved but not stored, or removed.
func (s *Space) Release(n int64) {
	s.mu.Lock()
	s.used = max(s.used-n, 0)
	s.mu.Unlock()
}
