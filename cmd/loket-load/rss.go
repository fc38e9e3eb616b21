package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// rss reads a process's resident memory and its peak (VmRSS, VmHWM) in
// kB from /proc/<pid>/status.
func rss(pid int) (now, peak int64, err error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0, fmt.Errorf("server memory: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		switch name {
		case "VmRSS":
			now = kb
		case "VmHWM":
			peak = kb
		}
	}
	return now, peak, sc.Err()
}

func printRSS(w io.Writer, pid int, when string) {
	now, peak, err := rss(pid)
	if err != nil {
		fmt.Fprintln(w, "server rss   ", err)
		return
	}
	fmt.Fprintf(w, "server rss    %.1f MB %s (peak %.1f MB), pid %d\n", float64(now)/1024, when, float64(peak)/1024, pid)
}
