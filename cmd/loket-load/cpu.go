package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	"loket/internal/proccpu"
)

// selfCPU is the CPU time this process has used so far (0 when unknown).
func selfCPU() time.Duration {
	d, _ := proccpu.Self()
	return d
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
		m.server, m.serverErr = proccpu.Of(pid)
	}
	return m
}

// stop returns the CPU the server (0 when unknown) and this tool used
// since start.
func (m *cpuMeter) stop() (server, self time.Duration) {
	self = selfCPU() - m.self
	if m.pid > 0 && m.serverErr == nil {
		if now, err := proccpu.Of(m.pid); err == nil {
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
