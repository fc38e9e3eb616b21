package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestOfficeAdoptionInBrowser is an office making Loket its own, in
// headless Chromium against the whole binary: the admin changes the
// office profile and adds a document for companies; the next vendor
// message quotes the new address and lists the new document, without a
// restart. Two questions the bot could not answer appear as one group at
// /admin/unanswered; the admin attaches it to the location answer, and
// the next vendor asking in the same words gets that answer. The console
// speaks Indonesian until the admin switches to English. With
// LOKET_CONSOLE_SCREENSHOTS=<dir> the office and unanswered pages are
// saved there (console-office.png, console-requirements.png,
// console-unanswered.png).
func TestOfficeAdoptionInBrowser(t *testing.T) {
	b := newBrowser(t)
	sv := startServe(t)
	b.step("log in",
		chromedp.Navigate(sv.base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), "admin"),
		chromedp.SendKeys(chromedp.CSS(`#password`), sv.env["LOKET_ADMIN_PASSWORD"]),
		chromedp.Click(chromedp.CSS(`#login`)),
		chromedp.WaitVisible(chromedp.CSS(`#tickets`)),
	)
	v := newVendor(t, sv.base)
	v.send(map[string]string{"text": "alamat kantor dimana"})
	v.waitOut("Graha Tiyasa") // the seed's office until the admin saves

	const place, address = "Gedung Pelayanan Terpadu", "Lt. 2, Jalan Merdeka 10, Kabupaten Contoh"
	b.step("the office page is in Indonesian; change the counter",
		chromedp.Navigate(sv.base+"/admin/office"),
		chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "Profil kantor")]`)),
		chromedp.SetValue(chromedp.CSS(`#counter-place`), place),
		chromedp.SetValue(chromedp.CSS(`#counter-address`), address),
		chromedp.Click(chromedp.CSS(`#save-office`)),
		chromedp.WaitVisible(chromedp.Search(`//p[contains(@class,"ok") and contains(., "Profil kantor telah disimpan")]`)),
	)
	blank := `#requirements-form input[name^="company."][name$=".key"][value=""]`
	b.step("find the blank document row of companies", chromedp.WaitVisible(chromedp.CSS(blank)))
	attr, err := chromedp.Run(b.ctx, chromedp.AttributeValue(chromedp.CSS(blank), "name"))
	if err != nil || !attr.Exists {
		t.Fatalf("blank row: %v", err)
	}
	row := strings.TrimSuffix(attr.Value, ".key")
	if req, err := chromedp.Run(b.ctx, chromedp.AttributeValue(chromedp.CSS(`input[name="`+row+`.required"]`), "checked")); err != nil {
		t.Fatal(err)
	} else if !req.Exists { // a new row starts as required; make sure
		b.step("mark it required", chromedp.Click(chromedp.CSS(`input[name="`+row+`.required"]`)))
	}
	b.step("add the director's power of attorney for companies",
		chromedp.SetValue(chromedp.CSS(`input[name="`+row+`.key"]`), "power_of_attorney"),
		chromedp.SetValue(chromedp.CSS(`input[name="`+row+`.name_id"]`), "Surat Kuasa Direksi"),
		chromedp.SetValue(chromedp.CSS(`input[name="`+row+`.name_en"]`), "director's power of attorney"),
		chromedp.SetValue(chromedp.CSS(`select[name="`+row+`.purpose"]`), "verification"),
		chromedp.SetValue(chromedp.CSS(`input[name="`+row+`.words"]`), "kuasa, attorney"),
		chromedp.Click(chromedp.CSS(`#save-requirements`)),
		chromedp.WaitVisible(chromedp.Search(`//p[contains(@class,"ok") and contains(., "Persyaratan dokumen telah disimpan")]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="`+row+`.key"][value="power_of_attorney"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="`+row+`.required"][checked]`)),
	)
	b.view("console-office.png")
	b.step("scroll to the requirements", chromedp.ScrollIntoView(chromedp.CSS(`#requirements`)))
	b.view("console-requirements.png")

	// The vendor, in the same chat, without a restart.
	v.send(map[string]string{"text": "alamat kantor dimana?"})
	v.waitOut(place + ", " + address)
	v.send(map[string]string{"text": "berkas apa saja untuk CV?"})
	v.waitOut("3. Surat Kuasa Direksi")

	const pets = "bisakah saya membawa hewan peliharaan?"
	v.send(map[string]string{"text": pets})
	missed := v.waitOut("belum")
	v.send(map[string]string{"text": "Bisakah saya membawa HEWAN peliharaan??"})
	v.waitOutAfter(missed)

	b.step("the two misses are one group on the unanswered page",
		chromedp.Navigate(sv.base+"/admin/unanswered"),
		chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "Pertanyaan yang belum terjawab")]`)),
		chromedp.WaitVisible(chromedp.Search(`//section[contains(@class,"group")][contains(., "2 kali ditanyakan")][contains(., "HEWAN peliharaan")]`)),
	)
	b.view("console-unanswered.png")
	b.step("attach the group to the location answer",
		chromedp.SetValue(chromedp.CSS(`section.group select[name="answer"]`), "location"),
		chromedp.Click(chromedp.CSS(`section.group form[action="/admin/unanswered/attach"] button`)),
		chromedp.WaitVisible(chromedp.Search(`//p[contains(@class,"ok")]`)),
		chromedp.WaitVisible(chromedp.Search(`//p[contains(@class,"empty")]`)),
	)
	before := len(v.history().Lines)
	v.send(map[string]string{"text": pets})
	waitFor(t, "the location answer to the same words", func() bool {
		ls := v.history().Lines
		for _, l := range ls[min(before, len(ls)):] {
			if l.Out > 0 && strings.Contains(l.Text, place+", "+address) {
				return true
			}
		}
		return false
	})

	b.step("switch the console to English",
		chromedp.Navigate(sv.base+"/account"),
		chromedp.Click(chromedp.CSS(`#language input[value="en"]`)),
		chromedp.Click(chromedp.CSS(`#save-language`)),
		chromedp.WaitVisible(chromedp.Search(`//p[contains(., "The console language was changed.")]`)),
		chromedp.Navigate(sv.base+"/admin/office"),
		chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "Office profile")]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="`+row+`.key"][value="power_of_attorney"]`)),
		chromedp.Navigate(sv.base+"/admin/unanswered"),
		chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "Questions the bot could not answer")]`)),
	)
}

// view saves what the browser window shows (not the whole page, to keep
// the picture small) in $LOKET_CONSOLE_SCREENSHOTS, when set.
func (b *browser) view(name string) {
	b.t.Helper()
	dir := os.Getenv("LOKET_CONSOLE_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name), png, 0o644)
	}
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
	}
}
