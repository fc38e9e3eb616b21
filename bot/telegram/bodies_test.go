package telegram

import (
	"bytes"
	"context"
	"testing"

	"loket"
	tt "loket/bot/telegram/telegramtest"
)

// TestCallsCarryTheirLength: the Bot API client streams its forms through
// a pipe; the channel's transport sends a form that fits in wholeBodyMax
// with its Content-Length, in one piece, instead of chunk by chunk (a
// write to the connection, against api.telegram.org a TLS record, for
// every header, value and boundary of the form). A document larger than
// that still streams, and arrives whole.
func TestCallsCarryTheirLength(t *testing.T) {
	srv := tt.New(t, "")
	c := newChannel(t, srv, nil)
	small := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("s"), 10<<10)...)
	large := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("L"), 3*wholeBodyMax)...)
	c.files = memFiles{"small": small, "large": large}
	sends := []*loket.Outbound{
		{ChatID: "42", Text: "Silakan pilih layanan.", Buttons: [][]loket.Button{{{Label: "Registrasi", Data: "reg"}, {Label: "Bantuan", Data: "help"}}}},
		{ChatID: "42", Text: "Formulir", Document: &loket.OutboundDocument{SHA256: "small", FileName: "formulir.pdf"}},
		{ChatID: "42", Text: "Panduan", Document: &loket.OutboundDocument{SHA256: "large", FileName: "panduan.pdf"}},
	}
	for _, m := range sends {
		if _, err := c.Send(t.Context(), m); err != nil {
			t.Fatalf("send %q: %v", m.Text, err)
		}
	}
	msgs, docs := srv.Calls("sendMessage"), srv.Calls("sendDocument")
	if len(msgs) != 1 || len(docs) != 2 {
		t.Fatalf("calls: %d sendMessage, %d sendDocument; want 1 and 2", len(msgs), len(docs))
	}
	if msgs[0].Chunked || msgs[0].Params["text"] != "Silakan pilih layanan." || msgs[0].Params["reply_markup"] == "" {
		t.Errorf("sendMessage: chunked %v, params %v; want a whole body with text and keyboard", msgs[0].Chunked, msgs[0].Params)
	}
	if docs[0].Chunked || !bytes.Equal(docs[0].Files["document"].Data, small) {
		t.Errorf("small document: chunked %v, %d bytes arrived of %d; want one piece, whole", docs[0].Chunked, len(docs[0].Files["document"].Data), len(small))
	}
	if !docs[1].Chunked || !bytes.Equal(docs[1].Files["document"].Data, large) {
		t.Errorf("large document: chunked %v, %d bytes arrived of %d; want streamed, whole", docs[1].Chunked, len(docs[1].Files["document"].Data), len(large))
	}
	for _, call := range srv.Calls("setMyCommands") {
		if call.Chunked {
			t.Errorf("setMyCommands went chunked")
		}
	}
}

// BenchmarkSendMessage is one sendMessage with a keyboard, from Send to
// the fake Bot API's answer (both sides in this process), by 8 callers at
// once:
//
//	go test -run '^$' -bench SendMessage -benchmem ./bot/telegram/
func BenchmarkSendMessage(b *testing.B) {
	srv := tt.New(b, "")
	c := newChannel(b, srv, nil)
	m := &loket.Outbound{ChatID: "42", Text: "Terima kasih, data Anda sudah kami terima. Silakan lanjut ke langkah berikutnya.",
		Buttons: [][]loket.Button{{{Label: "Lanjut", Data: "next"}, {Label: "Ubah data", Data: "edit"}}}}
	b.SetParallelism(4)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Send(context.Background(), m); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
