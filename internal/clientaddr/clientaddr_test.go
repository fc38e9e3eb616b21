package clientaddr

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClient(t *testing.T) {
	trusted, err := ParseProxies("10.0.0.0/8, 192.168.1.7 fd00::/8")
	if err != nil {
		t.Fatal(err)
	}
	r := New(trusted, "http://loket.example")
	for _, tc := range []struct {
		name, remote, xff, want string
	}{
		{"direct", "203.0.113.5:4444", "", "203.0.113.5"},
		{"untrusted peer: XFF ignored", "203.0.113.5:4444", "1.2.3.4", "203.0.113.5"},
		{"trusted proxy", "10.1.2.3:80", "198.51.100.9", "198.51.100.9"},
		{"client-written entries left of the proxy's are ignored", "10.1.2.3:80", "1.1.1.1, 198.51.100.9", "198.51.100.9"},
		{"chain of trusted proxies", "192.168.1.7:80", "198.51.100.9, 10.9.9.9", "198.51.100.9"},
		{"two headers", "10.1.2.3:80", "1.1.1.1", "1.1.1.1"},
		{"garbled entry stops at the proxy", "10.1.2.3:80", "nonsense", "10.1.2.3"},
		{"trusted proxy without XFF", "10.1.2.3:80", "", "10.1.2.3"},
		{"mapped IPv4 peer", "[::ffff:10.1.2.3]:80", "198.51.100.9", "198.51.100.9"},
		{"IPv6 client behind proxy", "[fd00::1]:80", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6"},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = tc.remote
		if tc.xff != "" {
			req.Header.Add("X-Forwarded-For", tc.xff)
		}
		if got := r.Client(req).String(); got != tc.want {
			t.Errorf("%s: Client = %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestKeyGroupsIPv6By64(t *testing.T) {
	r := New(nil, "")
	a := httptest.NewRequest("GET", "/", nil)
	a.RemoteAddr = "[2001:db8:1:2:aaaa::1]:1"
	b := httptest.NewRequest("GET", "/", nil)
	b.RemoteAddr = "[2001:db8:1:2:bbbb::9]:1"
	if r.Key(a) != r.Key(b) || r.Key(a) != "2001:db8:1:2::/64" {
		t.Fatalf("keys %q %q", r.Key(a), r.Key(b))
	}
}

func TestSecure(t *testing.T) {
	trusted, _ := ParseProxies("10.0.0.0/8")
	plain, public := New(trusted, "http://x"), New(nil, "https://loket.example")
	req := func(peer, proto string) *http.Request {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = peer
		if proto != "" {
			r.Header.Set("X-Forwarded-Proto", proto)
		}
		return r
	}
	if !public.Secure(req("203.0.113.5:1", "")) {
		t.Error("https public URL: not secure")
	}
	if !plain.Secure(req("10.0.0.1:1", "https")) {
		t.Error("trusted proxy says https: not secure")
	}
	if plain.Secure(req("203.0.113.5:1", "https")) {
		t.Error("untrusted X-Forwarded-Proto believed")
	}
	if plain.Secure(req("10.0.0.1:1", "")) {
		t.Error("plain request through proxy: secure")
	}
	tlsReq := req("203.0.113.5:1", "")
	tlsReq.TLS = &tls.ConnectionState{}
	if !plain.Secure(tlsReq) {
		t.Error("TLS terminated here: not secure")
	}
	var none *Resolver
	if none.Secure(req("10.0.0.1:1", "https")) || none.Client(req("10.0.0.1:1", "")).String() != "10.0.0.1" {
		t.Error("nil resolver must trust nothing")
	}
}

func TestParseProxiesRefusesGarbage(t *testing.T) {
	for _, s := range []string{"10.0.0.0/33", "localhost", "10.0.0.0/8,x"} {
		if _, err := ParseProxies(s); err == nil {
			t.Errorf("ParseProxies(%q) accepted", s)
		}
	}
	if p, err := ParseProxies(""); err != nil || len(p) != 0 {
		t.Errorf("empty: %v %v", p, err)
	}
}

// Whatever the headers say, the client is the peer when the peer is not
// a trusted proxy, and otherwise the peer or an address from the chain.
func FuzzClient(f *testing.F) {
	f.Add("10.1.2.3:80", "1.1.1.1, 198.51.100.9")
	f.Add("203.0.113.5:4444", "10.0.0.1")
	f.Add("[fd00::1]:80", "::ffff:1.2.3.4,,")
	trusted, _ := ParseProxies("10.0.0.0/8 fd00::/8")
	r := New(trusted, "")
	f.Fuzz(func(t *testing.T, peer, xff string) {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = peer
		req.Header.Set("X-Forwarded-For", xff)
		got, p := r.Client(req), remote(req)
		if !r.isTrusted(p) {
			if got != p {
				t.Fatalf("untrusted peer %s: client %s", p, got)
			}
			return
		}
		if got == p {
			return
		}
		for _, h := range forwardedFor([]string{xff}) {
			if a, err := netip.ParseAddr(h); err == nil && a.Unmap() == got {
				return
			}
		}
		t.Fatalf("client %s is neither the peer %s nor in %q", got, p, xff)
	})
}
