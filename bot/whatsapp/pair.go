package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"
)

// ErrPairingTimeout says no QR code was scanned and no pairing code entered
// in time (WhatsApp offers about six codes, two minutes in all).
var ErrPairingTimeout = errors.New("whatsapp: pairing timed out")

// connectWait bounds the wait for the first connection after pairing.
const connectWait = time.Minute

// pairRequest asks the session loop (or Pair) to pair the unpaired device.
type pairRequest struct {
	phone       string            // for a pairing code; empty = QR only
	onQR        func(code string) // each new QR code
	onPhoneCode func(code string) // the pairing code to type on the phone
	done        chan error        // buffered (1)
}

// Pair links the session to a phone from a terminal (`loket whatsapp
// pair`): it draws each QR code in the terminal (RenderQR) and, when phone is given
// (international, e.g. "6281234567890"), a pairing code to enter under
// Linked devices → Link with phone number. It returns once paired and
// connected, or with ErrPairingTimeout. With a Locker it first takes the
// session lock, so it refuses while a running server holds the session
// (then pair from the console). The pairing is kept in the device store.
func Pair(ctx context.Context, ch *Channel, out io.Writer, phone string) error {
	cli := ch.client()
	if id := cli.DeviceID(); id != nil {
		fmt.Fprintf(out, "WhatsApp is already paired as %s.\n", id.ToNonAD())
		return nil
	}
	phone, err := normalizePhone(phone)
	if err != nil {
		return err
	}
	if l := ch.cfg.Locker; l != nil {
		token, ok, err := l.Acquire(ctx, ch.cfg.LockKey, ch.cfg.Owner, 10*time.Minute)
		if err != nil {
			return fmt.Errorf("whatsapp: pair: session lock: %w", err)
		}
		if !ok {
			return errors.New("whatsapp: pair: a running Loket holds the WhatsApp session; pair from the console (/admin) or stop it first")
		}
		defer l.Release(context.WithoutCancel(ctx), ch.cfg.LockKey, ch.cfg.Owner, token)
	}
	defer cli.Disconnect()
	req := pairRequest{phone: phone,
		onQR: func(code string) {
			fmt.Fprintln(out, "\nOn the phone: WhatsApp → Settings (or ⋮) → Linked devices → Link a device, and scan:")
			if err := RenderQR(out, code); err != nil {
				fmt.Fprintf(out, "(cannot draw the QR code: %v; pair by phone number with --phone instead)\n", err)
			}
			fmt.Fprintln(out, "A new code follows every 20 seconds or so; the last one expires after about two minutes.")
		},
		onPhoneCode: func(code string) {
			fmt.Fprintf(out, "Or, on the phone with number +%s: Linked devices → Link with phone number, and enter: %s\n", phone, code)
		},
	}
	if err := ch.pair(ctx, cli, req); err != nil {
		return err
	}
	fmt.Fprintf(out, "Paired as %s.\n", ch.Status().JID)
	return nil
}

// StartPairing starts a QR pairing in the running session, for the
// console: Status().QRCode then carries the latest code (State pairing)
// until paired (State connected) or timed out (State logged_out). It
// fails when this replica does not hold the session, when already paired,
// or when a pairing is in progress.
func (c *Channel) StartPairing(ctx context.Context) error {
	_, err := c.startPairing(ctx, "")
	return err
}

// StartPhonePairing starts pairing by phone number and returns the code
// to enter on that phone (Linked devices → Link with phone number).
func (c *Channel) StartPhonePairing(ctx context.Context, phone string) (string, error) {
	phone, err := normalizePhone(phone)
	if err != nil {
		return "", err
	}
	if phone == "" {
		return "", errors.New("whatsapp: pairing by phone needs a number")
	}
	return c.startPairing(ctx, phone)
}

func (c *Channel) startPairing(ctx context.Context, phone string) (string, error) {
	if !c.Active() {
		return "", errors.New("whatsapp: this replica does not hold the session")
	}
	if c.client().DeviceID() != nil {
		return "", errors.New("whatsapp: already paired")
	}
	codes := make(chan string, 1)
	req := pairRequest{phone: phone, done: make(chan error, 1),
		onPhoneCode: func(code string) { codes <- code }}
	select {
	case c.pairReq <- req:
	default:
		return "", errors.New("whatsapp: a pairing is already in progress")
	}
	go func() {
		if err := <-req.done; err != nil {
			c.log.Warn("whatsapp: pairing ended", "err", err)
		}
	}()
	if phone == "" {
		return "", nil
	}
	select {
	case code := <-codes:
		return code, nil
	case err := <-req.done:
		return "", err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// pair runs one pairing on the unpaired client: QR channel first, then
// connect; on the first code it requests a phone pairing code if asked.
func (c *Channel) pair(ctx context.Context, cli waClient, req pairRequest) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	qr, err := cli.GetQRChannel(ctx)
	if err != nil {
		return fmt.Errorf("whatsapp: pair: %w", err)
	}
	c.setState(StatePairing, "")
	if err := cli.Connect(); err != nil {
		c.setState(StateLoggedOut, "")
		return fmt.Errorf("whatsapp: pair: connect: %w", err)
	}
	phoneAsked := req.phone == ""
	for {
		var item whatsmeow.QRChannelItem
		var open bool
		select {
		case <-ctx.Done():
			cli.Disconnect()
			c.setState(StateLoggedOut, "")
			return ctx.Err()
		case item, open = <-qr:
		}
		if !open {
			item = whatsmeow.QRChannelTimeout
		}
		switch item.Event {
		case whatsmeow.QRChannelEventCode:
			c.setQR(item.Code)
			if req.onQR != nil {
				req.onQR(item.Code)
			}
			if !phoneAsked {
				phoneAsked = true
				code, err := cli.PairPhone(ctx, req.phone, true, whatsmeow.PairClientChrome, "Chrome (Linux)")
				if err != nil {
					cli.Disconnect()
					c.setState(StateLoggedOut, "")
					return fmt.Errorf("whatsapp: pair by phone: %w", err)
				}
				if req.onPhoneCode != nil {
					req.onPhoneCode(code)
				}
			}
		case whatsmeow.QRChannelSuccess.Event:
			return c.awaitConnected(ctx)
		case whatsmeow.QRChannelTimeout.Event:
			cli.Disconnect()
			c.setState(StateLoggedOut, "")
			return ErrPairingTimeout
		default:
			cli.Disconnect()
			c.setStateDetail(StateLoggedOut, "", item.Event)
			return fmt.Errorf("whatsapp: pairing failed (%s): %v", item.Event, item.Error)
		}
	}
}

// awaitConnected waits for the connection whatsmeow opens after pairing.
func (c *Channel) awaitConnected(ctx context.Context) error {
	deadline := c.now().Add(connectWait)
	for c.Status().State != StateConnected {
		if c.now().After(deadline) || !c.sleep(ctx, 200*time.Millisecond) {
			return errors.New("whatsapp: paired, but no connection followed; it will be retried")
		}
	}
	return nil
}

// normalizePhone keeps the digits of an international number.
func normalizePhone(phone string) (string, error) {
	phone = strings.TrimSpace(phone)
	if phone == "" {
		return "", nil
	}
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		if strings.ContainsRune("+-() .", r) {
			return -1
		}
		return 'x'
	}, phone)
	if strings.ContainsRune(d, 'x') || len(d) < 8 || len(d) > 15 || d[0] == '0' {
		return "", fmt.Errorf("whatsapp: %q is not an international phone number (e.g. 6281234567890)", phone)
	}
	return d, nil
}
