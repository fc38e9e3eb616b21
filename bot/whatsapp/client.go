package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	waLog "go.mau.fi/whatsmeow/util/log"
)

// waClient is the part of *whatsmeow.Client the channel uses. realClient
// adapts the library; tests implement it with real whatsmeow types.
type waClient interface {
	Connect() error
	Disconnect()
	IsConnected() bool
	GetQRChannel(ctx context.Context) (<-chan whatsmeow.QRChannelItem, error)
	PairPhone(ctx context.Context, phone string, showPushNotification bool, clientType whatsmeow.PairClientType, clientDisplayName string) (string, error)
	GenerateMessageID() types.MessageID
	SendMessage(ctx context.Context, to types.JID, message *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error)
	Upload(ctx context.Context, plaintext []byte, appInfo whatsmeow.MediaType) (whatsmeow.UploadResponse, error)
	Download(ctx context.Context, msg whatsmeow.DownloadableMessage) ([]byte, error)
	MarkRead(ctx context.Context, ids []types.MessageID, timestamp time.Time, chat, sender types.JID, receiptTypeExtra ...types.ReceiptType) error
	SendChatPresence(ctx context.Context, jid types.JID, state types.ChatPresence, media types.ChatPresenceMedia) error
	IsOnWhatsApp(ctx context.Context, phones []string) ([]types.IsOnWhatsAppResponse, error)

	// DeviceID is Store.ID: nil until paired (and again after a logout).
	DeviceID() *types.JID
	// PNForLID maps a LID to the phone-number JID (Store.LIDs).
	PNForLID(ctx context.Context, lid types.JID) (types.JID, error)
}

// realClient is a *whatsmeow.Client with the two store accessors.
type realClient struct{ *whatsmeow.Client }

func (r realClient) DeviceID() *types.JID { return r.Store.ID }

func (r realClient) PNForLID(ctx context.Context, lid types.JID) (types.JID, error) {
	return r.Store.LIDs.GetPNForLID(ctx, lid)
}

// newRealClient builds a client for device with the options the delivery
// guarantee needs (see the package comment) and registers handler.
func newRealClient(device *store.Device, log *slog.Logger, handler func(evt any) bool) realClient {
	cli := whatsmeow.NewClient(device, slogWA{log: log.With("module", "whatsmeow")})
	cli.EnableAutoReconnect = true
	cli.AutomaticMessageRerequestFromPhone = true
	cli.EnableDecryptedEventBuffer = true
	cli.SetMediaHTTPClient(&http.Client{Timeout: 2 * time.Minute, Transport: capTransport{base: http.DefaultTransport}})
	cli.AddEventHandlerWithSuccessStatus(handler)
	return realClient{cli}
}

// slogWA adapts *slog.Logger to whatsmeow's logger.
type slogWA struct{ log *slog.Logger }

func (l slogWA) Errorf(msg string, args ...any) { l.log.Error(fmt.Sprintf(msg, args...)) }
func (l slogWA) Warnf(msg string, args ...any)  { l.log.Warn(fmt.Sprintf(msg, args...)) }
func (l slogWA) Infof(msg string, args ...any)  { l.log.Info(fmt.Sprintf(msg, args...)) }
func (l slogWA) Debugf(msg string, args ...any) { l.log.Debug(fmt.Sprintf(msg, args...)) }
func (l slogWA) Sub(module string) waLog.Logger {
	return slogWA{log: l.log.With("sub", module)}
}

// errBodyTooLarge is what a capped media download fails with.
var errBodyTooLarge = errors.New("media download bigger than the limit")

type capKey struct{}

// withDownloadCap makes capTransport refuse a response body over max bytes
// for requests made with the returned context (whatsmeow's Download reads
// the whole body into memory and has no limit of its own).
func withDownloadCap(ctx context.Context, max int64) context.Context {
	return context.WithValue(ctx, capKey{}, max)
}

// capTransport enforces withDownloadCap on media downloads.
type capTransport struct{ base http.RoundTripper }

func (t capTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	max, ok := req.Context().Value(capKey{}).(int64)
	if !ok {
		return resp, nil
	}
	if resp.ContentLength > max {
		resp.Body.Close()
		return nil, fmt.Errorf("%w: %d bytes announced, limit %d", errBodyTooLarge, resp.ContentLength, max)
	}
	resp.Body = &cappedBody{rc: resp.Body, left: max}
	return resp, nil
}

// cappedBody fails once more than left bytes were read.
type cappedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return 0, errBodyTooLarge
	}
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }
