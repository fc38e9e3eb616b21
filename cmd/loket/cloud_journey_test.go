package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	ct "loket/bot/whatsappcloud/cloudtest"
)

const cloudVendor = "6281234567890"

// cloudVendorChat drives one vendor against `loket serve` over the Cloud
// API webhook and reads the bot's answers from the fake Graph API.
type cloudVendorChat struct {
	t    *testing.T
	api  *ct.Server
	hook string // the server's /whatsapp/webhook
	n    int    // the vendor's message counter
	seen int    // messages to the vendor already read
}

func cloudEnv(api *ct.Server, data string) []string {
	return []string{"LOKET_WHATSAPP_CLOUD_TOKEN", ct.Token, "LOKET_WHATSAPP_CLOUD_PHONE_ID", ct.PhoneID,
		"LOKET_WHATSAPP_CLOUD_APP_SECRET", ct.AppSecret, "LOKET_WHATSAPP_CLOUD_VERIFY_TOKEN", ct.VerifyToken,
		"LOKET_WHATSAPP_CLOUD_API_URL", api.URL, "LOKET_DATA_DIR", data}
}

func (v *cloudVendorChat) post(typ string, content any) string {
	v.t.Helper()
	v.n++
	id := fmt.Sprintf("wamid.vendor%04d", v.n)
	if code := postRetrying(v.api, v.hook, v.api.Message(cloudVendor, "Budi", id, typ, content)); code != http.StatusOK {
		v.t.Fatalf("webhook %s answered %d", typ, code)
	}
	return id
}

func (v *cloudVendorChat) say(text string) { v.post("text", ct.Obj{"body": text}) }

func (v *cloudVendorChat) toVendor() []ct.Sent {
	var out []ct.Sent
	for _, s := range v.api.Sent() {
		if s.To == cloudVendor {
			out = append(out, s)
		}
	}
	return out
}

// expect waits for a new message to the vendor containing want.
func (v *cloudVendorChat) expect(want string) ct.Sent {
	v.t.Helper()
	var got ct.Sent
	waitFor(v.t, "a message containing "+want, func() bool {
		all := v.toVendor()
		for i := v.seen; i < len(all); i++ {
			if strings.Contains(all[i].Body, want) {
				got, v.seen = all[i], i+1
				return true
			}
		}
		return false
	})
	return got
}

// press answers menu with the choice whose (possibly shortened) title
// starts label, as a button reply or a list reply.
func (v *cloudVendorChat) press(menu ct.Sent, label string) {
	v.t.Helper()
	for _, c := range menu.Choices {
		if c.Title == label || (strings.HasSuffix(c.Title, "…") && strings.HasPrefix(label, strings.TrimSuffix(c.Title, "…"))) {
			reply := ct.Obj{"id": c.ID, "title": c.Title}
			if menu.Menu == "list" {
				v.post("interactive", ct.Obj{"type": "list_reply", "list_reply": reply})
			} else {
				v.post("interactive", ct.Obj{"type": "button_reply", "button_reply": reply})
			}
			return
		}
	}
	v.t.Fatalf("no choice %q in %q (%s %+v)", label, menu.Body, menu.Menu, menu.Choices)
}

func (v *cloudVendorChat) document(name string, data []byte) {
	id := v.api.AddMedia(data)
	v.post("document", ct.Obj{"id": id, "filename": name, "mime_type": "application/pdf", "sha256": "x"})
}

func readPDF(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../flows/pdfcheck/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCloudAPIJourney runs a vendor through `loket serve` over the Cloud
// API webhook: the handshake, a menu as a list, buttons, the intake, four
// PDFs downloaded with the token, and a booked call.
func TestCloudAPIJourney(t *testing.T) {
	t.Parallel()
	api := ct.New(t)
	sv := startServe(t, cloudEnv(api, t.TempDir())...)
	v := &cloudVendorChat{t: t, api: api, hook: sv.base + "/whatsapp/webhook"}

	q := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {ct.VerifyToken}, "hub.challenge": {"42"}}
	resp, err := http.Get(v.hook + "?" + q.Encode())
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("handshake: %v %v", err, resp)
	}
	resp.Body.Close()

	offer := v.registerAndBook()
	if len(api.Reads()) == 0 {
		t.Error("no read receipt sent")
	}

	// Delivery receipts reach the ticket's timeline; a forged one changes nothing.
	forged := api.StatusUpdate(offer.ID, cloudVendor, "failed", 131026, "Message undeliverable")
	if code := api.PostSigned(v.hook, forged, ct.Sign("not-the-secret", forged)); code != http.StatusForbidden {
		t.Fatalf("forged status: %d", code)
	}
	for _, st := range []string{"sent", "delivered", "read"} {
		if code := api.Post(v.hook, api.StatusUpdate(offer.ID, cloudVendor, st, 0, "")); code != 200 {
			t.Fatalf("status %s: %d", st, code)
		}
	}
	page := consolePage(t, sv.base, "/tickets/1001")
	if !strings.Contains(page, `d-read">dibaca`) || strings.Contains(page, "131026") {
		t.Fatalf("the ticket does not show the offer as read:\n%s", page)
	}
}

// consolePage logs in as the admin and returns a console page.
func consolePage(t *testing.T, base, path string) string {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.PostForm(base+"/login", url.Values{"username": {"admin"}, "password": {"S3cret-pass!"}})
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("login: %v %v", err, res)
	}
	res.Body.Close()
	res, err = c.Get(base + path)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %v %v", path, err, res)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// registerAndBook runs the registration with four PDFs and books the
// earliest slot; it returns the booking offer.
func (v *cloudVendorChat) registerAndBook() ct.Sent {
	t, api := v.t, v.api
	t.Helper()
	v.say("halo")
	menu := v.expect("Silakan pilih")
	if menu.Menu != "list" || len(menu.Choices) != 7 {
		t.Fatalf("main menu as %q with %d choices", menu.Menu, len(menu.Choices))
	}
	v.press(menu, "Registrasi & verifikasi berkas")
	v.press(v.expect("bentuk usaha"), "Badan usaha (PT/CV/lainnya)")
	v.expect("nama badan usaha")
	v.say("CV Maju Jaya")
	v.expect("NPWP")
	v.say("01.234.567.8-901.000")
	v.expect("email")
	v.say("info@majujaya.co.id")
	v.expect("Direksi")
	v.say("Budi Santoso")
	// The number the vendor writes from is offered as a button; they type another.
	if ask := v.expect("Nomor WhatsApp"); len(ask.Choices) != 1 || !strings.HasPrefix(ask.Choices[0].Title, "Pakai nomor ini") {
		t.Fatalf("the phone question does not offer the number the vendor writes from: %+v", ask)
	}
	v.say("0812-3456-7890")
	if summary := v.expect("Ringkasan permohonan"); summary.Menu != "list" {
		t.Fatalf("the summary's long choices should be a list: %+v", summary)
	}
	v.say("1") // a typed number still chooses: "Daring"
	v.expect("#1001")

	for _, f := range [][2]string{{"ktp-direktur.pdf", "gs_text.pdf"}, {"npwp-perusahaan.pdf", "qpdf_pdf20.pdf"},
		{"akta-pendirian.pdf", "img2pdf_scan.pdf"}, {"nib.pdf", "qpdf_linearized.pdf"}} {
		v.document(f[0], readPDF(t, f[1]))
	}
	offer := v.expect(`("nib.pdf") diterima`) // the last file's line, with the booking choices
	if offer.Menu != "button" && offer.Menu != "list" {
		t.Fatalf("booking offer without choices: %+v", offer)
	}
	if api.Downloads() != 4 {
		t.Fatalf("%d downloads, want the four PDFs once each", api.Downloads())
	}
	v.press(offer, offer.Choices[0].Title)
	v.expect("terjadwal")
	return offer
}

// postRetrying posts a webhook as Meta does: again, for a while, when the
// server answers 503 (still starting).
func postRetrying(api *ct.Server, hook string, body []byte) int {
	code := api.Post(hook, body)
	for tries := 0; code == http.StatusServiceUnavailable && tries < 100; tries++ {
		time.Sleep(20 * time.Millisecond)
		code = api.Post(hook, body)
	}
	return code
}
