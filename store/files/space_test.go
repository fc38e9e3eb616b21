package files

import (
	"context"
	"errors"
	"testing"
)

func TestSpaceQuotaAndFloor(t *testing.T) {
	ctx := context.Background()
	d, err := NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Put(ctx, make([]byte, 1000)); err != nil {
		t.Fatal(err)
	}
	s := NewSpace(1500, 100, d)
	freeNow := int64(10_000)
	s.free = func(string) (int64, error) { return freeNow, nil }
	if used, err := s.Measure(ctx); err != nil || used != 1000 {
		t.Fatalf("Measure = %d, %v", used, err)
	}
	if err := s.Reserve(400); err != nil {
		t.Fatalf("400 of the 500 left: %v", err)
	}
	if err := s.Reserve(200); !errors.Is(err, ErrFull) {
		t.Fatalf("over the quota: %v", err)
	}
	s.Release(400)
	freeNow = 250
	if err := s.Reserve(200); !errors.Is(err, ErrFull) {
		t.Fatalf("under the free-space floor: %v", err)
	}
	if err := s.Reserve(100); err != nil {
		t.Fatalf("above the floor: %v", err)
	}
	if used, quota, free := s.Usage(); used != 1100 || quota != 1500 || free != 250 {
		t.Fatalf("Usage = %d %d %d", used, quota, free)
	}
	if real := NewSpace(0, 1, d); real.Reserve(1) != nil {
		t.Fatal("the real disk has less than 2 bytes free?")
	}
}
