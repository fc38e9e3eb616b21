package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"
)

// clockTicks is the kernel's USER_HZ, the unit of /proc/<pid>/stat's CPU
// times (100 on every Linux this runs on).
const clockTicks = 100

// procCPU reads the user and system CPU time a process has used so far
// from /proc/<pid>/stat.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, fmt.Errorf("server cpu: %w", err)
	}
	// The command name (field 2) may hold spaces; the fields after its
	// closing parenthesis are fixed: utime and stime are the 12th and 13th.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("server cpu: unexpected /proc/%d/stat", pid)
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("server cpu: unexpected /proc/%d/stat", pid)
	}
	ut, err1 := strconv.ParseInt(string(f[11]), 10, 64)
	st, err2 := strconv.ParseInt(string(f[12]), 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("server cpu: unexpected /proc/%d/stat", pid)
	}
	return time.Duration(ut+st) * time.Second / clockTicks, nil
}

// selfCPU is the CPU time this process has used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuMeter measures the CPU the server (pid, when known) and this load
// tool spend over a run, to report it per message: on a shared machine
// that is steadier than the throughput.
type cpuMeter struct {
	pid          int
	server, self time.Duration
	serverErr    error
}

func startCPU(pid int) *cpuMeter {
	m := &cpuMeter{pid: pid, self: selfCPU()}
	if pid > 0 {
		m.server, m.serverErr = procCPU(pid)
	}
	return m
}

// stop returns the CPU the server (0 when unknown) and this tool used
// since start.
func (m *cpuMeter) stop() (server, self time.Duration) {
	self = selfCPU() - m.self
	if m.pid > 0 && m.serverErr == nil {
		if now, err := procCPU(m.pid); err == nil {
			server = now - m.server
		}
	}
	return server, self
}

// printCPU writes CPU times in all and per message of n.
func printCPU(w io.Writer, server, self time.Duration, n int) {
	per := func(d time.Duration) string {
		if n == 0 {
			return "-"
		}
		return (d / time.Duration(n)).Round(time.Microsecond).String()
	}
	if server > 0 {
		fmt.Fprintf(w, "server cpu    %s (%s per message)\n", server.Round(10*time.Millisecond), per(server))
	}
	fmt.Fprintf(w, "load cpu      %s (%s per message, this tool)\n", self.Round(10*time.Millisecond), per(self))
}

// profileCPU writes this process's CPU profile to path until stop.
func profileCPU(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
