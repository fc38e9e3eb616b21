package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestHelpAndRefusals(t *testing.T) {
	for _, c := range []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"--help"}, 0, "-visitors int", ""},
		{[]string{"-h"}, 0, "usage: loket-load [flags]", ""},
		{[]string{"-rate", "5", "-help"}, 0, "allow a non-loopback target", ""},
		{[]string{"-nope"}, 2, "", "flag provided but not defined: -nope"},
		{[]string{"-url", "http://192.0.2.1:8080"}, 2, "", "refusing non-loopback target 192.0.2.1"},
		{[]string{"-rate", "500", "-visitors", "10"}, 2, "", "raise -visitors"},
		{[]string{"extra"}, 2, "", `unexpected argument "extra"`},
	} {
		var out, errb bytes.Buffer
		code := cli(context.Background(), c.args, &out, &errb)
		if code != c.code || !strings.Contains(out.String(), c.out) || !strings.Contains(errb.String(), c.err) {
			t.Errorf("loket-load %v: exit %d, stdout %q, stderr %q; want %d, %q, %q", c.args, code, out.String(), errb.String(), c.code, c.out, c.err)
		}
	}
}

func TestParseIDs(t *testing.T) {
	for _, c := range []struct {
		data    string
		ok      bool
		in, out int64
	}{
		{`{"in":12,"text":"jam layanan","at":"2026-11-29T06:00:00Z"}`, true, 12, 0},
		{`{"out":7,"text":"Senin–Jumat","buttons":[[{"label":"Menu","data":"x|menu"}]]}`, true, 0, 7},
		{`{"out":9}`, true, 0, 9},
		{`{"text":"no id first","in":3}`, false, 0, 0},
		{`{"in":}`, false, 0, 0},
		{`{"in":0,"text":""}`, false, 0, 0},
		{`{"in":12`, false, 0, 0},
		{`{"in":99999999999999999999,"text":""}`, false, 0, 0},
	} {
		var l line
		ok := l.parseIDs([]byte(c.data))
		if ok != c.ok || (ok && (l.In != c.in || l.Out != c.out)) {
			t.Errorf("parseIDs(%s) = %v, in %d out %d; want %v, %d, %d", c.data, ok, l.In, l.Out, c.ok, c.in, c.out)
		}
		if !ok {
			continue
		}
		var full line
		if err := json.Unmarshal([]byte(c.data), &full); err != nil || full.In != l.In || full.Out != l.Out {
			t.Errorf("parseIDs(%s) disagrees with the JSON: %+v (%v)", c.data, full, err)
		}
	}
}

// -windows reports each window of due time with its own count and
// quantiles, empty windows left out.
func TestPrintWindows(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 5, 0, 0, 0, time.UTC)
	var samples []sample
	for i := range 8 { // 0–350 ms: slow in the first quarter second
		took := 5 * time.Millisecond
		if i < 2 {
			took = 300 * time.Millisecond
		}
		samples = append(samples, sample{t0.Add(time.Duration(i) * 50 * time.Millisecond), took})
	}
	samples = append(samples, sample{t0.Add(time.Second), 9 * time.Millisecond}) // after a gap
	var out bytes.Buffer
	printWindows(&out, "latency", samples, 250*time.Millisecond)
	want := "latency by when due, every 250ms:\n" +
		"  +0s           5 msgs  p50 5ms  p99 300ms  max 300ms\n" +
		"  +250ms        3 msgs  p50 5ms  p99 5ms  max 5ms\n" +
		"  +1s           1 msgs  p50 9ms  p99 9ms  max 9ms\n"
	if out.String() != want {
		t.Errorf("windows:\n%s\nwant:\n%s", out.String(), want)
	}
}
