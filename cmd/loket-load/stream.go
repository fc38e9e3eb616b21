package main

import (
	"bufio"
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
	client  *http.Client
	base    string
	counts  *streamCounts
	lastID  string
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
		if f.lastID != "" {
			req.Header.Set("Last-Event-ID", f.lastID)
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
	id := ""
	for sc.Scan() {
		text := sc.Text()
		if rest, ok := strings.CutPrefix(text, "id: "); ok {
			id = rest
			continue
		}
		data, ok := strings.CutPrefix(text, "data: ")
		if !ok {
			continue
		}
		var l line
		if json.Unmarshal([]byte(data), &l) != nil {
			continue
		}
		if id != "" {
			f.lastID = id
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
