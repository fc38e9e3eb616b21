package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestWhatsAppStateInReadyzAndMetrics enables WhatsApp without a paired
// number: the service runs, /readyz and /metrics say the session needs
// pairing, and the console's channel page exists.
func TestWhatsAppStateInReadyzAndMetrics(t *testing.T) {
	t.Parallel()
	sv := startServe(t, "LOKET_WHATSAPP", "1")
	get := func(path string) (int, string) {
		resp, err := http.Get(sv.base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	waitFor(t, "whatsapp state in /readyz", func() bool {
		_, body := get("/readyz")
		return strings.Contains(body, `"whatsapp":{"status":"logged_out"}`)
	})
	_, metrics := get("/metrics")
	for _, want := range []string{"loket_whatsapp_connected 0", "loket_whatsapp_needs_attention 1"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	// The channel page exists and is behind the login.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(sv.base + "/admin/channels")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
		t.Errorf("/admin/channels answered %d → %q; want a redirect to the login", resp.StatusCode, loc)
	}
}
