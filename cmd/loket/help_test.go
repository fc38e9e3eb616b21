package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// Every command and subcommand answers --help (and -h, -help) with its
// usage on stdout and exit code 0, before reading any configuration: a
// broken LOKET_* variable does not stop the help, and serve does not start.
func TestHelpOnEveryCommand(t *testing.T) {
	broken := func(k string) string {
		if k == "LOKET_DATABASE_URL" {
			return "not a url"
		}
		return ""
	}
	for _, c := range []struct{ args, want string }{
		{"--help", "Usage:\n  loket serve"},
		{"-h", "Usage:\n  loket serve"},
		{"help", "Usage:\n  loket serve"},
		{"serve --help", "usage: loket serve"},
		{"migrate -h", "usage: loket migrate"},
		{"agent --help", "usage: loket agent add NAME"},
		{"agent add --help", "-role string"},
		{"agent add rina --role admin -help", "full name shown to colleagues"},
		{"whatsapp --help", "usage: loket whatsapp pair"},
		{"whatsapp pair --help", "-phone string"},
		{"backup --help", "usage: loket backup FILE"},
		{"restore --help", "usage: loket restore FILE"},
		{"files --help", "usage: loket files encrypt | loket files rotate-key"},
		{"files encrypt --help", "rotate-key  re-encrypts"},
		{"files rotate-key -h", "usage: loket files"},
		{"version --help", "usage: loket version"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), strings.Fields(c.args), broken, &out, &errb)
		if code != 0 || !strings.Contains(out.String(), c.want) || errb.Len() != 0 {
			t.Errorf("loket %s: exit %d, stdout %q, stderr %q; want 0 and %q", c.args, code, out.String(), errb.String(), c.want)
		}
	}
	// Without --help a usage mistake is still one.
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"whatsapp", "link"}, broken, &out, &errb); code != 2 || !strings.Contains(errb.String(), "usage: loket whatsapp pair") {
		t.Errorf("loket whatsapp link: exit %d, stderr %q", code, errb.String())
	}
}
