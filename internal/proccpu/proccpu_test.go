package proccpu

import (
	"os"
	"testing"
)

// Burning CPU shows in both readings of this process, and a process that
// does not exist is an error.
func TestReadings(t *testing.T) {
	self0, err := Self()
	if err != nil {
		t.Fatal(err)
	}
	of0, err := Of(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	x := 0
	for i := 0; i < 200_000_000; i++ {
		x += i % 7
	}
	_ = x
	self1, _ := Self()
	of1, err := Of(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if self1 <= self0 || of1 <= of0 {
		t.Errorf("after a busy loop: getrusage %v → %v, /proc %v → %v; want both to grow", self0, self1, of0, of1)
	}
	if _, err := Of(1 << 30); err == nil {
		t.Error("Of(a pid that does not exist) gave no error")
	}
}
