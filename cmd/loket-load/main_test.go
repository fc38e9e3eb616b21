package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
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
