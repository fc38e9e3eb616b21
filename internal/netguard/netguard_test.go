package netguard

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"loket"
)

func TestAllowed(t *testing.T) {
	g := New([]netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")})
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "1.1.1.1": true, "2606:4700::1111": true,
		"127.0.0.1": false, "127.9.9.9": false, "::1": false, "0.0.0.0": false, "::": false,
		"169.254.169.254": false, "fe80::1": false, "10.0.0.1": false, "172.16.5.5": false, "192.168.1.1": false,
		"fd00::1": false, "100.64.1.1": false, "224.0.0.1": false, "255.255.255.255": false,
		"::ffff:127.0.0.1": false, "::ffff:169.254.169.254": false,
		"64:ff9b::7f00:1": false, "64:ff9b::808:808": true, "2002:7f00:1::": false, "2002:808:808::": true,
		"10.20.3.4": true, // allowed by the operator
	} {
		if got := g.Allowed(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Allowed(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestCheckURL(t *testing.T) {
	g := New(nil)
	ctx := context.Background()
	for _, raw := range []string{"http://127.0.0.1:8080/x", "http://[::1]/", "https://localhost/hook", "http://api.localhost./",
		"http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/", "http://[::ffff:192.168.0.1]/"} {
		err := g.CheckURL(ctx, raw)
		var le *loket.Error
		if !errors.Is(err, ErrRefused) || !errors.As(err, &le) || le.Code != loket.EInvalid {
			t.Errorf("CheckURL(%s) = %v, want a refusal", raw, err)
		}
	}
	if err := g.CheckURL(ctx, "https://203.0.114.7/hook"); err != nil {
		t.Errorf("public address refused: %v", err)
	}
	if err := New([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}).CheckURL(ctx, "http://127.0.0.1:9/"); err != nil {
		t.Errorf("allowed loopback refused: %v", err)
	}
}

// The connection-time check refuses the address really dialled, whatever
// the URL said.
func TestDialRefusesLoopback(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }))
	defer srv.Close()
	client := func(g *Guard) *http.Client {
		return &http.Client{Transport: &http.Transport{DialContext: g.DialContext(time.Second)}}
	}
	_, err := client(New(nil)).Get(srv.URL)
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("dial to %s: %v, want refused", srv.URL, err)
	}
	res, err := client(New([]netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")})).Get(srv.URL)
	if err != nil {
		t.Fatalf("allowed dial: %v", err)
	}
	res.Body.Close()
}

func FuzzAllowed(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:c0a8:101::1", "8.8.8.8"} {
		f.Add(s)
	}
	g := New(nil)
	f.Fuzz(func(t *testing.T, s string) {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return
		}
		if g.Allowed(a) && (a.Unmap().IsLoopback() || a.Unmap().IsPrivate() || a.Unmap().IsLinkLocalUnicast()) {
			t.Fatalf("%s allowed", s)
		}
	})
}
