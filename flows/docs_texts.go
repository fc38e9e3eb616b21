package flows

import (
	"fmt"

	"loket/flows/pdfcheck"
)

// docsKeys lists the texts of document intake (templates/bot/<lang>.docs.tmpl).
func docsKeys() []string {
	keys := []string{
		"docs.checking", "docs.refused.too_large", "docs.refused.photo", "docs.refused.not_pdf",
		"docs.refused.needs_password", "docs.refused.broken", "docs.refused.empty", "docs.refused.too_many_pages",
		"docs.refused.timeout", "docs.refused.identical", "docs.refused.expired",
		"docs.got", "docs.got_replaced", "docs.tail.count", "docs.tail.assist", "docs.tail.optional", "docs.attached", "docs.next", "docs.complete",
		"docs.which", "docs.which_one", "docs.btn.skip", "docs.skipped", "docs.which_gone", "docs.which_cancelled",
		"docs.all_accepted", "docs.label.file", "docs.act.got", "docs.act.refused", "docs.act.unknown",
		"docs.got_unknown", "docs.assist_missing", "docs.ready", "btn.bk_take", "docs.held", "docs.held_unknown",
		"docs.wrong_file", "docs.wrong_file_named", "docs.held_full", "docs.held_relabel", "docs.held_labelled", "docs.held_none", "docs.held_offer", "docs.held_continue", "docs.held_attached",
		"docs.act.active", "docs.active.javascript", "docs.active.launch", "docs.active.embedded_file",
		"docs.relabelled", "docs.relabel_same", "docs.relabel_which", "docs.relabel_none", "docs.relabel_reviewed",
		"docs.relabel_verified", "docs.act.relabelled", "docs.act.type_unknown", "docs.relabel_kept",
		"docs.swapped", "docs.swap_with", "docs.swap_missing", "docs.swap_which", "docs.swap_one", "docs.none_here",
	}
	for _, r := range []pdfcheck.Reason{"photo", "expired", "identical", pdfcheck.TooLarge, pdfcheck.Empty, pdfcheck.NotPDF,
		pdfcheck.NeedsPassword, pdfcheck.Broken, pdfcheck.TooManyPages, pdfcheck.Timeout} {
		keys = append(keys, "docs.reason."+string(r)) // a refusal in words, on the timeline
	}
	for _, k := range []pdfcheck.Kind{pdfcheck.JPEG, pdfcheck.PNG, pdfcheck.HEIC, pdfcheck.GIF, pdfcheck.WebP, pdfcheck.TIFF,
		pdfcheck.BMP, pdfcheck.Office, pdfcheck.OLE, pdfcheck.ZIP, pdfcheck.RAR, pdfcheck.Text} {
		keys = append(keys, "docs.looks."+string(k))
	}
	return keys
}

// checkDocsTexts fails when a document-intake text is missing (the
// catalogue already checked both languages define the same keys and
// render with sample data).
func (f *Flows) checkDocsTexts() error {
	for _, k := range docsKeys() {
		if !f.texts.has(k) {
			return fmt.Errorf("flows: text %q is missing", k)
		}
	}
	return nil
}
