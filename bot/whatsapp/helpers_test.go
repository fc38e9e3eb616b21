package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"

	"loket"
)

// fakeClient is a waClient recording what the channel asks of whatsmeow.
type fakeClient struct {
	mu         sync.Mutex
	id         *types.JID
	connected  bool
	connectErr error
	sent       []sentMessage
	sendErr    error
	uploads    [][]byte
	downloads  int
	dlData     []byte
	dlErr      error
	presences  []types.JID
	reads      []types.MessageID
	notOnWA    map[string]bool
	waChecks   int
	lids       map[types.JID]types.JID
	qr         chan whatsmeow.QRChannelItem
	phoneAsked string
	disconnect int
}

type sentMessage struct {
	to  types.JID
	msg *waE2E.Message
	id  types.MessageID
}

func paired(user string) *types.JID {
	j := types.NewADJID(user, 0, 7)
	return &j
}

func (f *fakeClient) Connect() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.connectErr != nil {
		return f.connectErr
	}
	f.connected = true
	return nil
}
func (f *fakeClient) Disconnect() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.connected = false
	f.disconnect++
}
func (f *fakeClient) IsConnected() bool { f.mu.Lock(); defer f.mu.Unlock(); return f.connected }
func (f *fakeClient) DeviceID() *types.JID {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.id
}
func (f *fakeClient) GetQRChannel(ctx context.Context) (<-chan whatsmeow.QRChannelItem, error) {
	if f.id != nil {
		return nil, whatsmeow.ErrQRStoreContainsID
	}
	return f.qr, nil
}
func (f *fakeClient) PairPhone(ctx context.Context, phone string, show bool, ct whatsmeow.PairClientType, name string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.phoneAsked = phone
	return "ABCD-EFGH", nil
}
func (f *fakeClient) GenerateMessageID() types.MessageID { return "3EB0GENERATED" }
func (f *fakeClient) SendMessage(ctx context.Context, to types.JID, m *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sendErr != nil {
		return whatsmeow.SendResponse{}, f.sendErr
	}
	f.sent = append(f.sent, sentMessage{to: to, msg: m, id: extra[0].ID})
	return whatsmeow.SendResponse{ID: extra[0].ID, Timestamp: time.Unix(1700000000, 0)}, nil
}
func (f *fakeClient) Upload(ctx context.Context, data []byte, mt whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if mt != whatsmeow.MediaDocument {
		return whatsmeow.UploadResponse{}, errors.New("wrong media type")
	}
	f.uploads = append(f.uploads, data)
	return whatsmeow.UploadResponse{URL: "https://mmg.example/d", DirectPath: "/v/t62/doc", MediaKey: []byte("key"),
		FileEncSHA256: []byte("enc"), FileSHA256: []byte("sha"), FileLength: uint64(len(data))}, nil
}
func (f *fakeClient) Download(ctx context.Context, msg whatsmeow.DownloadableMessage) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.downloads++
	return f.dlData, f.dlErr
}
func (f *fakeClient) MarkRead(ctx context.Context, ids []types.MessageID, ts time.Time, chat, sender types.JID, _ ...types.ReceiptType) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads = append(f.reads, ids...)
	return nil
}
func (f *fakeClient) SendChatPresence(ctx context.Context, jid types.JID, st types.ChatPresence, m types.ChatPresenceMedia) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.presences = append(f.presences, jid)
	return nil
}
func (f *fakeClient) IsOnWhatsApp(ctx context.Context, phones []string) ([]types.IsOnWhatsAppResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waChecks++
	var out []types.IsOnWhatsAppResponse
	for _, p := range phones {
		out = append(out, types.IsOnWhatsAppResponse{Query: p, IsIn: !f.notOnWA[p]})
	}
	return out, nil
}
func (f *fakeClient) PNForLID(ctx context.Context, lid types.JID) (types.JID, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lids[lid], nil
}

func (f *fakeClient) readIDs() []types.MessageID {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]types.MessageID(nil), f.reads...)
}

// fakeSink records accepted messages; the first failN calls fail.
type fakeSink struct {
	mu    sync.Mutex
	got   []loket.Inbound
	failN int
	calls int
}

func (s *fakeSink) Accept(ctx context.Context, msgs ...loket.Inbound) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.calls <= s.failN {
		return errors.New("database down")
	}
	s.got = append(s.got, msgs...)
	return nil
}

func (s *fakeSink) accepted() []loket.Inbound {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]loket.Inbound(nil), s.got...)
}

// sleeps records the waits the channel asked for, without waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) bool {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	select {
	case <-ctx.Done():
		return false
	case <-time.After(time.Millisecond):
		return true
	}
}

// testChannel builds a channel on cli, active and with recorded sleeps.
func testChannel(t *testing.T, cfg Config, cli *fakeClient, files FileOpener) (*Channel, *sleeps) {
	t.Helper()
	c := newChannel(cfg, files, slog.New(slog.DiscardHandler), func(context.Context) (waClient, error) { return cli, nil })
	if err := c.reopen(context.Background()); err != nil {
		t.Fatal(err)
	}
	sl := &sleeps{}
	c.sleep = sl.sleep
	c.randDur = func(n time.Duration) time.Duration { return n / 2 }
	c.backoffMin, c.backoffMax = time.Millisecond, 4*time.Millisecond
	return c, sl
}

// memFiles is a FileOpener over a map.
type memFiles map[string][]byte

func (m memFiles) Open(ctx context.Context, sha string) (io.ReadCloser, int64, error) {
	b, ok := m[sha]
	if !ok {
		return nil, 0, loket.ErrNotFound
	}
	return io.NopCloser(bytes.NewReader(b)), int64(len(b)), nil
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}
