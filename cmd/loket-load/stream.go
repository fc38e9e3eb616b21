package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// line is a transcript line as the event stream carries it.
type line struct {
	In      int64 `json:"in"`
	Out     int64 `json:"out"`
	Text    string
	Buttons [][]struct{ Label, Data string }
}

// button returns the first button whose action (the part after
// "nonce|") starts with prefix, or "".
func (l line) button(prefix string) (label, data string) { return l.nthButton(prefix, 0) }

// nthButton returns the i-th (modulo their number) of the buttons whose
// action starts with prefix, or "".
func (l line) nthButton(prefix string, i int) (label, data string) {
	var labels, datas []string
	for _, row := range l.Buttons {
		for _, b := range row {
			_, action, _ := strings.Cut(b.Data, "|")
			if strings.HasPrefix(action, prefix) {
				labels, datas = append(labels, b.Label), append(datas, b.Data)
			}
		}
	}
	if len(datas) == 0 {
		return "", ""
	}
	return labels[i%len(datas)], datas[i%len(datas)]
}

// streamCounts are what the streams themselves went through.
type streamCounts struct {
	reconnects atomic.Int64
	duplicates atomic.Int64 // a line carried twice (by id), over all reconnects
}

// follower reads one visitor's event stream until ctx ends, reconnecting
// after the server closed it or went away (a restart): the first time from
// the start, then with Last-Event-ID, so the server resumes after the last
// line seen. Every line reaches onLine once; one seen again is counted as
// a duplicate and dropped.
type follower struct {
	client *http.Client
	base   string
	counts *streamCounts
	// header is set on every request (the visitor's cookie and address)
	// when the client does not add them itself.
	header http.Header
	// idsOnly: onLine reads only a line's ids, so they are taken from the
	// front of the JSON without decoding the rest.
	idsOnly bool
	lastID  []byte
	seenIn  map[int64]bool
	seenOut map[int64]bool
}

func newFollower(client *http.Client, base string, counts *streamCounts) *follower {
	return &follower{client: client, base: base, counts: counts, seenIn: map[int64]bool{}, seenOut: map[int64]bool{}}
}

// follow calls opened once after the first attempt to connect (whether or
// not it worked), then onLine for every new line.
func (f *follower) follow(ctx context.Context, opened func(), onLine func(line)) {
	first := true
	for ctx.Err() == nil {
		if !first {
			f.counts.reconnects.Add(1)
			select {
			case <-ctx.Done():
				return
			case <-time.After(300 * time.Millisecond):
			}
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.base+"/chat/events", nil)
		for k, v := range f.header {
			req.Header[k] = v
		}
		if len(f.lastID) > 0 {
			req.Header.Set("Last-Event-ID", string(f.lastID))
		}
		resp, err := f.client.Do(req)
		if first {
			opened()
			first = false
		}
		if err != nil {
			continue
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			continue
		}
		f.read(resp, onLine)
		resp.Body.Close()
	}
}

func (f *follower) read(resp *http.Response, onLine func(line)) {
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 4<<10), 1<<20) // grows for a long line
	var id []byte
	for sc.Scan() {
		text := sc.Bytes()
		if rest, ok := bytes.CutPrefix(text, []byte("id: ")); ok {
			id = append(id[:0], rest...)
			continue
		}
		data, ok := bytes.CutPrefix(text, []byte("data: "))
		if !ok {
			continue
		}
		var l line
		if !f.idsOnly || !l.parseIDs(data) {
			if json.Unmarshal(data, &l) != nil {
				continue
			}
		}
		if len(id) > 0 {
			f.lastID = append(f.lastID[:0], id...)
		}
		seen := f.seenOut
		key := l.Out
		if l.In > 0 {
			seen, key = f.seenIn, l.In
		}
		if seen[key] {
			f.counts.duplicates.Add(1)
			continue
		}
		seen[key] = true
		onLine(l)
	}
}

// parseIDs reads a line's id from the front of its JSON, as the server
// writes it: {"in":N,... for a message, {"out":N,... for a reply. False
// when the data does not start so (the caller decodes it).
func (l *line) parseIDs(data []byte) bool {
	var dst *int64
	switch {
	case bytes.HasPrefix(data, []byte(`{"in":`)):
		dst, data = &l.In, data[len(`{"in":`):]
	case bytes.HasPrefix(data, []byte(`{"out":`)):
		dst, data = &l.Out, data[len(`{"out":`):]
	default:
		return false
	}
	var n int64
	i := 0
	for ; i < len(data) && i < 19 && data[i] >= '0' && data[i] <= '9'; i++ {
		n = n*10 + int64(data[i]-'0')
	}
	if i == 0 || i == len(data) || (data[i] != ',' && data[i] != '}') || n <= 0 {
		return false
	}
	*dst = n
	return true
}

// forwardedAs sends every request with X-Forwarded-For set to one
// address, so a Loket that trusts this machine as its proxy
// (LOKET_TRUSTED_PROXIES) counts each visitor as its own client.
type forwardedAs struct {
	addr string
	next http.RoundTripper
}

func (f forwardedAs) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", f.addr)
	return f.next.RoundTrip(r)
}

// visitorAddr is visitor i's address in 198.18.0.0/15 (set aside for
// benchmarks).
func visitorAddr(i int) string {
	return fmt.Sprintf("198.%d.%d.%d", 18+(i>>16)&1, (i>>8)&255, i&255)
}
