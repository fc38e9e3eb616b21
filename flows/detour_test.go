package flows

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket"
)

// Golden transcripts of the detours real vendors take: each
// leaves a step and must come back to the same question with every
// answer kept, in one message, in both languages. They run like the
// document journeys (due jobs run after every act) and are written to
// testdata/detour/<name>.<lang>.golden.

// answers of the registration, in the order they are asked.
var intakeAnswers = []act{say("CV Maju Jaya"), say("01.234.567.8-901.000"), say("info@majujaya.co.id"),
	say("Budi Santoso"), say("0812-3456-7890")}

// intakeTo starts a company registration and gives its first n answers.
func intakeTo(n int) []act {
	return append([]act{say("halo"), choose(2), choose(1)}, intakeAnswers[:n]...)
}

// fourPDFs are a company's four documents sent in one go.
func fourPDFs() dact {
	return batch(pdf("ktp-direktur.pdf", "gs_text.pdf"), pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf"),
		pdf("akta-pendirian.pdf", "img2pdf_scan.pdf"), pdf("nib.pdf", "qpdf_linearized.pdf"))
}

// twoScans are two PDFs sent together whose names say nothing.
func twoScans() dact {
	return batch(pdf("scan1.pdf", "gs_text.pdf"), pdf("scan2.pdf", "qpdf_pdf20.pdf"))
}

// bookedCall is a registration with its four PDFs and the earliest
// slot booked in one tap.
func bookedCall() []dact {
	return steps(registerCompanyOnline(), fourPDFs(), choose(1))
}

// officerTakesTicket assigns the contact's newest ticket to an officer,
// as the console does.
func officerTakesTicket() act {
	return setup(func(tx testTx, ct *loket.Contact) error {
		ctx := context.Background()
		sa, ok := tx.(interface {
			SaveAgent(context.Context, *loket.Agent) error
		})
		if !ok {
			return errors.New("officerTakesTicket: the store cannot save agents")
		}
		ag := &loket.Agent{Username: "rina", Name: "Rina", Role: loket.RoleAgent, Active: true}
		if err := sa.SaveAgent(ctx, ag); err != nil {
			return err
		}
		ts, err := tx.ListTickets(ctx, loket.TicketFilter{ContactID: ct.ID})
		if err != nil || len(ts) == 0 {
			return errors.Join(errors.New("officerTakesTicket: no ticket"), err)
		}
		ts[0].AssigneeID = ag.ID
		return tx.UpdateTicket(ctx, &ts[0])
	})
}

type detourJourney struct {
	name   string
	id, en []dact // en nil: the same acts
}

func dj(name string, id []dact, en []dact) detourJourney { return detourJourney{name, id, en} }

func detourJourneys() []detourJourney {
	return []detourJourney{
		// Global words in the middle of the registration.
		dj("intake_language", steps(intakeTo(3), say("bahasa"), choose(2), intakeAnswers[3:], choose(1)), nil),
		dj("intake_language_word", steps(intakeTo(2), say("english"), intakeAnswers[2:]), steps(intakeTo(2), say("bahasa indonesia"), intakeAnswers[2:])),
		dj("intake_help", steps(intakeTo(1), say("bantuan"), intakeAnswers[1:2]), steps(intakeTo(1), say("help"), intakeAnswers[1:2])),
		dj("intake_npwp_in_sentence", steps(intakeTo(1), say("npwp saya 01.234.567.8-901.000"), intakeAnswers[2:3]),
			steps(intakeTo(1), say("our NPWP is 01.234.567.8-901.000"), intakeAnswers[2:3])),
		dj("intake_self_and_phone_in_sentence", steps(intakeTo(3), say("direkturnya sy sendiri"), intakeAnswers[3:4], say("ini no wa nya 0812 3456 7890")),
			steps(intakeTo(3), say("the director is me"), intakeAnswers[3:4], say("my whatsapp number is 0812 3456 7890"))),
		dj("greeting_language", steps(say("good morning"), say("do I need to come in person?")),
			steps(say("selamat pagi"), say("harus datang langsung gak?"))),
		dj("booking_day_in_words", steps(registerCompanyOnline(), fourPDFs(), choose(2), say("jam 11 aja"),
			say("petugas nelpon dari nomor berapa?"), say("bisa hari selasa?"), say("jam 11 aja")),
			steps(registerCompanyOnline(), fourPDFs(), choose(2), say("at 11 please"), say("which number will call me?"),
				say("can we do tuesday?"), say("11 am please"))),
		dj("old_menu_button", steps(say("halo"), say("alamat mpp dimana"), say("Panduan pendaftaran")),
			steps(say("hello"), say("where is the office"), say("registration guide"))),
		dj("ticket_ok_then_message", steps(registerCompanyOnline(), say("oke"), say("berkasnya nyusul ya, sy lagi di luar kota")),
			steps(registerCompanyOnline(), say("ok"), say("I will send the files later, I'm out of town"))),
		dj("intake_words_for_slots", steps(intakeTo(1), say("blm punya npwp gmn ya"), intakeAnswers[1:3], say("yg daring aja"),
			intakeAnswers[3:4], say("gk jadi deh, batal aja")),
			steps(intakeTo(1), say("we don't have an NPWP yet"), intakeAnswers[1:3], say("online is fine"), intakeAnswers[3:4],
				say("never mind, cancel it"))),
		dj("intake_no_account_yet", steps(intakeTo(2), say("saya belum punya akun spse"), intakeAnswers[2:3]),
			steps(intakeTo(2), say("I have no account yet"), intakeAnswers[2:3])),
		dj("officer_in_own_words", steps(say("halo"), choose(5), say("saya sudah daftar tapi akun belum diverifikasi"),
			say("penawaran tender kemarin tidak terkirim sebelum batas waktu")),
			steps(say("hello"), choose(5), say("I registered but my account is still not verified"),
				say("our bid for yesterday's tender did not go through before the deadline"))),
		// "gak jadi deh" while moving the call keeps it where it was (it
		// asked whether to cancel the call).
		dj("reschedule_never_mind", steps(bookedCall(), say("bisa diundur ke hari rabu?"), say("gak jadi deh"), say("jadwal"),
			choose(1), say("nggak jadi")),
			steps(bookedCall(), say("can we move it to wednesday?"), say("never mind"), say("schedule"), choose(1), say("never mind"))),
		// The vendor cancels their request with a call booked: asked first,
		// then the ticket is cancelled and the call released.
		dj("cancel_request", steps(bookedCall(), say("batalkan permohonan"), choose(1), say("status")),
			steps(bookedCall(), say("please cancel my application"), choose(1), say("status"))),
		dj("reschedule_to_a_named_day", steps(bookedCall(), say("bisa diundur ke hari rabu?"), choose(1)),
			steps(bookedCall(), say("can we move it to wednesday?"), choose(1))),
		// A company's name as the first message is told where it belongs
		// ("CV Maju Bersama" got the officers' request: "bersama").
		dj("first_words_company_name", steps(say("CV Maju Bersama"), choose(2)), steps(say("CV Maju Bersama"), choose(2))),
		dj("first_words_register", steps(say("saya mau daftar"), choose(1)), steps(say("I want to register"), choose(1))),
		dj("intake_status", steps(intakeTo(2), say("status"), intakeAnswers[2:3]), nil),
		dj("intake_menu_continue", steps(intakeTo(3), say("menu"), choose(8), intakeAnswers[3:]), nil),
		dj("intake_menu_register", steps(intakeTo(4), say("menu"), choose(2), intakeAnswers[4:]), nil),
		dj("intake_menu_guide_back", steps(intakeTo(2), say("menu"), choose(1), choose(1), say("menu"), choose(2)), nil),
		dj("intake_hours_question", steps(intakeTo(1), say("jam berapa verifikasi offline?"), intakeAnswers[1:2]),
			steps(intakeTo(1), say("what time is the offline verification?"), intakeAnswers[1:2])),
		dj("intake_docs_question", steps(intakeTo(0), say("berkas apa saja untuk CV?"), intakeAnswers[0:1]),
			steps(intakeTo(0), say("which documents does a CV need?"), intakeAnswers[0:1])),
		dj("intake_number_not_offered", steps(intakeTo(1), say("1"), intakeAnswers[1:2]), nil),
		// Talk is not data.
		dj("intake_greeting_as_name", steps(intakeTo(0), say("halo"), say("selamat pagi pak"), intakeAnswers[0:1]),
			steps(intakeTo(0), say("hello"), say("good morning"), intakeAnswers[0:1])),
		dj("intake_thanks_as_director", steps(intakeTo(3), say("terima kasih"), say("ok"), intakeAnswers[3:4]),
			steps(intakeTo(3), say("thank you"), say("ok"), intakeAnswers[3:4])),
		dj("intake_emoji_and_sticker", steps(intakeTo(2), say("👍"), media("sticker"), intakeAnswers[2:3]), nil),
		dj("intake_media_named", steps(intakeTo(1), media("voice"), media("location"), media("photo"), intakeAnswers[1:2]), nil),
		dj("intake_gibberish_escalates", steps(intakeTo(1), say("asdf"), say("qwerty"), say("zzz"), intakeAnswers[1:2]), nil),
		// Every choice takes its typed forms.
		dj("mode_typed_daring", steps(intakeTo(5), say("daring")), steps(intakeTo(5), say("online"))),
		dj("mode_typed_tatap_muka", steps(intakeTo(5), say("tatap muka")), steps(intakeTo(5), say("in person"))),
		dj("mode_typed_typo", steps(intakeTo(5), say("tatp muka")), steps(intakeTo(5), say("in persn"))),
		dj("form_typed", steps(say("halo"), choose(2), say("perorangan"), say("Siti Rahma")),
			steps(say("hi"), choose(2), say("individual"), say("Siti Rahma"))),
		// A question wrapped in a greeting at the name question is not the name ("Hallo selamat pagi" was stored).
		dj("question_at_name", steps(say("halo"), choose(2), choose(2),
			say("Hallo selamat pagi, saya ingin menanyakan bagaimana cara verifikasi berkas untuk CV"), say("Siti Rahma")),
			steps(say("hi"), choose(2), choose(2), say("Hello good morning, I would like to ask how the verification works"),
				say("Siti Rahma"))),
		dj("form_typed_in_other_words", steps(say("halo"), choose(2), say("usaha dagang"), say("Siti Rahma")),
			steps(say("hi"), choose(2), say("sole proprietorship"), say("Siti Rahma"))),
		dj("menu_typed_label", steps(say("halo"), say("jam layanan"), say("menu"), say("bicara dengan petugas")),
			steps(say("hi"), say("office hours"), say("menu"), say("talk to an officer"))),
		dj("number_words", steps(say("halo"), say("nomor 2"), say("satu")), steps(say("hi"), say("number 2"), say("one"))),
		// The summary: change one answer by its number or in words.
		dj("summary_edit_number", steps(intakeTo(5), choose(3), choose(2), say("CV Maju Jaya Abadi"), choose(1)), nil),
		dj("summary_edit_words", steps(intakeTo(5), say("ganti npwp"), say("02.345.678.9-012.000")),
			steps(intakeTo(5), say("change npwp"), say("02.345.678.9-012.000"))),
		// Only a confirmed cancel discards.
		dj("cancel_confirm_no", steps(intakeTo(3), say("batal"), choose(2), intakeAnswers[3:4]),
			steps(intakeTo(3), say("cancel"), choose(2), intakeAnswers[3:4])),
		dj("cancel_confirm_yes", steps(intakeTo(3), say("batal"), say("ya"), say("menu"), choose(2)),
			steps(intakeTo(3), say("cancel"), say("yes"), say("menu"), choose(2))),
		dj("cancel_early", steps(intakeTo(0), say("batal")), steps(intakeTo(0), say("cancel"))),
		dj("intake_idle_resume", steps(intakeTo(3), act{kind: "wait", d: 25 * time.Hour}, say("halo"), choose(1), intakeAnswers[3:4]),
			steps(intakeTo(3), act{kind: "wait", d: 25 * time.Hour}, say("hi"), choose(1), intakeAnswers[3:4])),
		// Stale and forged buttons: one message, the question again, nothing changed.
		dj("stale_button_intake", steps(say("halo"), choose(2), choose(1), again(), intakeAnswers[0:1]), nil),
		dj("forged_button", steps(intakeTo(2), press("zz|bogus"), press("garbage"), intakeAnswers[2:3]), nil),
		// The video-call number must be a mobile.
		dj("phone_landline", steps(intakeTo(4), say("0251-8325943"), say("0812 3456 7890")), nil),
		// Documents never wait in a hidden queue.
		dj("pdf_first_message", steps(pdf("ktp.pdf", "gs_text.pdf"), choose(1), choose(1), intakeAnswers, say("daring"), say("status")),
			steps(pdf("ktp.pdf", "gs_text.pdf"), choose(1), choose(1), intakeAnswers, say("online"), say("status"))),
		dj("bad_files_first", steps(file("scan.jpg", "image/jpeg", 90_000), file("besar.pdf", "application/pdf", 4_404_019),
			pdf("kosong.pdf", "zero_pages.pdf"), say("menu")), nil),
		dj("docs_batch_book", steps(registerCompanyOnline(), fourPDFs(), choose(1), say("status")), nil),
		dj("docs_question_status", steps(registerCompanyOnline(), twoScans(),
			say("status"), choose(1), choose(1)), nil),
		dj("docs_question_number_after_help", steps(registerCompanyOnline(), twoScans(), say("bantuan"), say("2")),
			steps(registerCompanyOnline(), twoScans(), say("help"), say("2"))),
		dj("docs_question_stale_button", steps(registerCompanyOnline(), twoScans(),
			choose(1), again(), choose(2)), nil),
		dj("docs_question_several_named", steps(registerCompanyOnline(), twoScans(), say("yang pertama ktp, kedua npwp"),
			say("ktp"), say("npwp perusahaan")),
			steps(registerCompanyOnline(), twoScans(), say("the first one is the KTP and the second the NPWP"), say("ktp"),
				say("company npwp"))),
		dj("docs_question_refusal_between", steps(registerCompanyOnline(), twoScans(),
			file("foto.jpg", "image/jpeg", 80_000), say("ktp"), say("npwp perusahaan")), nil),
		dj("docs_resend_after_rejection", steps(bookedCall(), review("npwp_company", false, "Scan buram."), say("status"),
			pdf("npwp-baru.pdf", "qpdf_objstreams.pdf"), say("status")), nil),
		// The vendor's own data, in their own words.
		dj("my_call_words", steps(bookedCall(), say("kapan video call saya?")), steps(bookedCall(), say("when is my call?"))),
		dj("reschedule_words", steps(bookedCall(), say("bisa ganti jadwal?"), choose(2), choose(1)),
			steps(bookedCall(), say("can I reschedule?"), choose(2), choose(1))),
		dj("cancel_call_words", steps(bookedCall(), say("batalkan jadwal"), choose(2)),
			steps(bookedCall(), say("cancel my call"), choose(2))),
		// Online, then in person after all: asked once, the call cancelled on yes, where and what to bring;
		// "jadwal" books a call again. Kept online, nothing changes.
		// A foreign company said once: its NPWP question is the home tax ID, its documents its own list.
		dj("foreign_company_no_npwp", steps(say("halo, kami perusahaan dari Malaysia, bisa daftar jadi penyedia?"),
			say("kami tidak punya NPWP"), say("dokumen apa saja yang dibutuhkan?")),
			steps(say("hi, I'm from a Malaysian company, can we register as a vendor?"), say("we don't have an NPWP"),
				say("what documents do we need?"))),
		// "Thursday afternoon": that day's times from midday; the morning from the start.
		dj("booking_afternoon", steps(registerCompanyOnline(), fourPDFs(), choose(2), say("kamis siang ada?"),
			say("kalau jumat pagi?"), choose(1)),
			steps(registerCompanyOnline(), fourPDFs(), choose(2), say("anything on thursday afternoon?"),
				say("what about friday morning?"), choose(1))),
		// Who calls whom, and which originals the call wants; "boleh diwakilkan?" is still who must attend.
		dj("call_questions", steps(bookedCall(), say("yg nelpon petugas atau saya?"), say("berkas asli apa aja yg harus ditunjukin?"),
			say("kalau direkturnya di luar kota boleh diwakilkan?")),
			steps(bookedCall(), say("who calls, me or you?"), say("which originals do I show?"),
				say("can someone else attend for the director?"))),
		// A problem told in full with help asked for, which no answer is about, goes to the officers
		// with those words; "3 hari" is how long, not the 3rd (it got that day's hours).
		dj("help_with_problem", steps(say("selamat pagi pak, saya sudah 3 hari kirim email ke lpse tapi tidak ada balasan, padahal tender sudah mau tutup, tolong dibantu pak"),
			say("terima kasih")),
			steps(say("Good morning, I emailed LPSE 3 days ago and nobody has replied, and the tender closes soon. Please help me."),
				say("thank you"))),
		// "What else do I need to send?" with the required documents in: the SIKaP assistance's are named.
		dj("missing_after_required", steps(registerCompanyOnline(), batch(pdf("ktp-direktur.pdf", "gs_text.pdf"),
			pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf")), say("menu"), say("apa lagi yang harus dikirim?")),
			steps(registerCompanyOnline(), batch(pdf("ktp-direktur.pdf", "gs_text.pdf"),
				pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf")), say("menu"), say("what else do I need to send?"))),
		// A file promised for later while booking: noted, and the booking's question again.
		dj("file_promised_later", steps(registerCompanyOnline(), batch(pdf("ktp-direktur.pdf", "gs_text.pdf"),
			pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf")), choose(2), say("izin usaha nya nyusul ya")),
			steps(registerCompanyOnline(), batch(pdf("ktp-direktur.pdf", "gs_text.pdf"),
				pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf")), choose(2), say("ok I will send the business licence later"))),
		// Late for a booked call, or wanting it now: that call, not the counter's hours.
		dj("late_for_call", steps(bookedCall(), say("kalau saya telat gimana?"), say("bisa vc sekarang gak?")),
			steps(bookedCall(), say("what if I arrive late?"), say("can we do the call now?"))),
		dj("switch_to_in_person", steps(bookedCall(), say("gak jadi vc, mau datang langsung ke MPP aja"), choose(1),
			say("status"), say("jadwal")),
			steps(bookedCall(), say("can I come in person instead?"), choose(1), say("status"), say("schedule"))),
		// In person, then online after all: what the call needs; the PDFs sent make it online.
		dj("in_person_then_online", steps(registerActs()[:8], choose(2), say("mau ganti jadi online aja"),
			say("ok makasih infonya"), batch(pdf("ktp-direktur.pdf", "gs_text.pdf"), pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf"))),
			steps(registerActs()[:8], choose(2), say("I'd rather do it online"), say("ok thanks for the info"),
				batch(pdf("ktp-direktur.pdf", "gs_text.pdf"), pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf")))),
		dj("switch_to_in_person_kept", steps(registerCompanyOnline(), say("sy ganti tatap muka aja deh"), say("tetap daring"),
			say("status")),
			steps(registerCompanyOnline(), say("I'd rather come to the office"), say("stay online"), say("status"))),
		dj("status_words", steps(registerCompanyOnline(), pdf("ktp.pdf", "gs_text.pdf"), say("sudah sampai mana berkas saya?")),
			steps(registerCompanyOnline(), pdf("ktp.pdf", "gs_text.pdf"), say("how far is my file?"))),
		dj("missing_words", steps(registerCompanyOnline(), say("menu"), say("apa yang masih kurang?")),
			steps(registerCompanyOnline(), say("menu"), say("what is still missing?"))),
		dj("officer_words", steps(say("halo"), say("mau bicara dengan petugas")), steps(say("hi"), say("I want to talk to a human"))),
		dj("small_talk_after_booking", steps(bookedCall(), say("terima kasih"), say("ok"), say("halo")),
			steps(bookedCall(), say("thank you"), say("ok"), say("hello"))),
		// One short message in the other language keeps the conversation's language; a long sentence
		// or two clear messages in a row switch it.
		dj("language_kept_on_short_messages", steps(say("halo"), say("ok thank you"), say("jam buka mpp kapan?"),
			say("sorry, I was away"), say("berkas apa saja untuk CV?"), say("Office Desk and Chair"), say("menu"),
			say("can you help me"), say("what is still missing")),
			steps(say("hi"), say("ok makasih ya"), say("what are the office hours?"), say("maaf ya kak"),
				say("which documents does a CV need?"), say("Meja Kantor dan Kursi"), say("menu"), say("bisa bantu saya"),
				say("apa yang masih kurang"))),
		dj("language_kept_in_form", steps(intakeTo(1), say("ok thank you"), intakeAnswers[1:3], say("sorry"), intakeAnswers[3:4]),
			steps(intakeTo(1), say("oke makasih ya"), intakeAnswers[1:3], say("maaf ya kak"), intakeAnswers[3:4])),
		dj("other_language_message", steps(say("halo"), say("when is my video call?")), steps(say("hi"), say("kapan video call saya?"))),
		// Detours inside the booking.
		dj("booking_help_and_language", steps(registerCompanyOnline(), fourPDFs(), choose(2), say("bantuan"), say("bahasa"), choose(2), choose(1)),
			steps(registerCompanyOnline(), fourPDFs(), choose(2), say("help"), say("language"), choose(1), choose(1))),
		// "udah semua ya?" at the booking asks where the documents stand: the
		// status, not the "Baik." an "oke" gets.
		dj("booking_all_sent_question", steps(registerCompanyOnline(), fourPDFs(), say("udah semua ya?"), say("oke"), choose(1)),
			steps(registerCompanyOnline(), fourPDFs(), say("all done, right?"), say("ok"), choose(1))),
		// An address or a navigation word at the menu is not a question.
		dj("menu_email", steps(say("halo"), say("info@majujaya.co.id"), say("2")),
			steps(say("hi"), say("info@majujaya.co.id"), say("2"))),
		dj("menu_email_half_registration", steps(intakeTo(2), say("menu"), say("info@majujaya.co.id"), intakeAnswers[3:4]), nil),
		dj("menu_navigation_words", steps(say("halo"), say("kode keamanan diisi di mana"), say("menu"), say("lanjut"),
			say("menu"), say("selesai")),
			steps(say("hi"), say("where do I type the security code"), say("menu"), say("next"), say("menu"), say("done, thanks"))),
		dj("guide_end_navigation", steps(say("halo"), say("setelah daftar online, langkah selanjutnya apa?"), say("lanjut"), say("menu"), say("selesai")),
			steps(say("hi"), say("after registering online, what is the next step?"), say("continue"), say("menu"), say("that's all"))),
		// The documents needed, before there is a ticket; files still being checked are not missing.
		dj("docs_needed_without_ticket", steps(say("halo"), say("dokumen apa saja yang harus dikirim"), choose(1)),
			steps(say("hi"), say("which files do you need"), choose(1))),
		dj("docs_needed_half_registration", steps(intakeTo(2), say("dokumen apa saja yang harus dikirim"), intakeAnswers[2:3]),
			steps(intakeTo(2), say("which files do you need"), intakeAnswers[2:3])),
		dj("sent_all_while_checking", steps(registerCompanyOnline(), batch(pdf("ktp-direktur.pdf", "gs_text.pdf"), say("udh kirim semua"))),
			steps(registerCompanyOnline(), batch(pdf("ktp-direktur.pdf", "gs_text.pdf"), say("is that everything?")))),
		// A new phone number: taken into the registration being filled in, else how to change it.
		dj("phone_changed_in_registration", steps(intakeTo(5), say("hp saya ganti, nomor wa 0813 1111 2222"), choose(1)),
			steps(intakeTo(5), say("my phone changed, the new whatsapp number is 0813 1111 2222"), choose(1))),
		// With a ticket open the new number goes on it for the officers: in the message itself, or typed next.
		dj("phone_changed_after_registration", steps(registerCompanyOnline(), say("menu"), say("hp saya ganti, nomor wa 0813 1111 2222"),
			say("makasih")),
			steps(registerCompanyOnline(), say("menu"), say("my phone changed, the new whatsapp number is 0813 1111 2222"),
				say("thanks"))),
		dj("phone_change_then_number", steps(registerCompanyOnline(), say("menu"), say("ganti nomor WA"), say("0813 1111 2222")),
			steps(registerCompanyOnline(), say("menu"), say("change my WhatsApp number"), say("+62 813 1111 2222"))),
		// Right after booking, "ganti nomor WA" is the number, not the "Ubah jadwal" button ("ganti").
		dj("phone_change_after_booking", steps(bookedCall(), say("ganti nomor WA"), say("0813 1111 2222")), nil),
		dj("phone_changed_before_registration", steps(say("halo"), say("hp saya ganti, nomor wa 0813 1111 2222")),
			steps(say("hi"), say("my phone changed, the new whatsapp number is 0813 1111 2222"))),
		// An English greeting first asks for English.
		dj("greeting_english_first", steps(say("hello"), choose(6)), steps(say("hi there"), choose(6))),
		// Answers the seed gives that were missing or wrong.
		dj("npwp_for_company_form", steps(say("halo"), say("npwp pribadi bisa dipake untuk CV?")),
			steps(say("hi"), say("can I use my personal NPWP for the company?"))),
		dj("who_verifies", steps(say("halo"), say("siapa yang memverifikasi berkas saya?")),
			steps(say("hi"), say("whos in charge of verification, can i call them"))),
		// Vendors' questions that found a wrong answer or none.
		dj("rejected_without_ticket", steps(say("halo"), say("kenapa berkas saya ditolak?")),
			steps(say("hi"), say("why was my file rejected?"))),
		dj("rejected_with_ticket", steps(bookedCall(), review("npwp_company", false, "Scan buram."), say("kenapa berkas saya ditolak?")),
			steps(bookedCall(), review("npwp_company", false, "Scan buram."), say("why was my file rejected?"))),
		dj("hours_on_holiday", steps(say("halo"), say("kalau tanggal merah buka gak?"), say("hari minggu buka?")),
			steps(say("hi"), say("is the office open on public holidays?"), say("open on sunday?"))),
		dj("docs_by_email", steps(say("halo"), say("bisa kirim berkas lewat email saja?")),
			steps(say("hi"), say("can I send the documents by email instead?"))),
		dj("english_docs_question", steps(say("halo"), say("what documents do I need?")), nil),
		dj("question_mark_only", steps(say("halo"), say("?"), choose(2), choose(1), say("??"), intakeAnswers[0:1]), nil),
		dj("resume_after_cancel", steps(intakeTo(2), say("batal"), say("ya"), say("lanjutkan pendaftaran tadi")),
			steps(intakeTo(2), say("cancel"), say("yes"), say("continue my registration"))),
		// Several answers in one message, and corrections in passing.
		dj("intake_two_answers_in_one", steps(intakeTo(0), say("nama CV Maju Jaya, npwp 01.234.567.8-901.000"), intakeAnswers[2:]),
			steps(intakeTo(0), say("company name CV Maju Jaya, NPWP 01.234.567.8-901.000"), intakeAnswers[2:])),
		dj("intake_all_answers_in_one", steps(intakeTo(0),
			say("CV Maju Jaya, NPWP 01.234.567.8-901.000, email info@majujaya.co.id, direktur Budi Santoso, wa 0812-3456-7890")),
			steps(intakeTo(0), say("CV Maju Jaya, NPWP 01.234.567.8-901.000, email info@majujaya.co.id, director Budi Santoso, whatsapp 0812-3456-7890"))),
		dj("intake_name_with_label", steps(intakeTo(0), say("nama CV Maju Jaya"), intakeAnswers[1:3], say("direktur: Budi Santoso"), intakeAnswers[4:]),
			steps(intakeTo(0), say("name CV Maju Jaya"), intakeAnswers[1:3], say("director: Budi Santoso"), intakeAnswers[4:])),
		dj("summary_correction_in_words", steps(intakeTo(5), say("eh salah, npwpnya 02.345.678.9-012.000")),
			steps(intakeTo(5), say("sorry wrong email, it's budi@majujaya.co.id"))),
		dj("intake_correction_midway", steps(intakeTo(3), say("ralat, npwp yang benar 02.345.678.9-012.000"), intakeAnswers[3:]),
			steps(intakeTo(3), say("oops, the NPWP should be 02.345.678.9-012.000"), intakeAnswers[3:])),
		dj("intake_pause", steps(intakeTo(2), say("nanti saya lanjut lagi ya, mau cari email dulu"), intakeAnswers[2:3]),
			steps(intakeTo(2), say("wait, let me find the email first"), intakeAnswers[2:3])),
		dj("guide_question_unanswered", steps(say("halo"), choose(1), say("kalau akta hilang gimana?"), choose(1)),
			steps(say("hi"), choose(1), say("what if the deed is lost?"), choose(1))),
		dj("question_announced", steps(say("halo min mau nanya"), say("di lantai berapa loketnya?"), say("alamat email lpse apa?")),
			steps(say("hi, I have a question"), say("where is the MPP counter?"), say("can someone call me back?"))),
		dj("question_announced_in_intake", steps(intakeTo(1), say("boleh tanya?"), say("kalau akun saya diblokir gimana?"), intakeAnswers[1:2]), nil),
		dj("ticket_question_answered", steps(registerCompanyOnline(), say("saya tidak bisa scan, boleh kirim foto?"), say("bisa kirim lewat email saja?"),
			say("berkasnya nyusul ya")),
			steps(registerCompanyOnline(), say("I can't scan, can I send a photo?"), say("can I send the documents by email instead?"),
				say("the files will follow"))),
		dj("words_without_spaces", steps(say("halo"), say("kirimberkasdimana"), say("JAMBUKAMPP")),
			steps(say("hi"), say("lupapassword"), say("emailkonfirmasitidakmasuk"))),
		dj("intake_back_and_repeat", steps(intakeTo(2), say("kembali"), say("01.234.567.8-901.000"), say("ulangi pertanyaannya"), intakeAnswers[2:]),
			steps(intakeTo(2), say("go back"), say("02.345.678.9-012.000"), say("please repeat the question"), intakeAnswers[2:])),
		dj("company_name_at_other_step", steps(intakeTo(1), say("CV Maju Jaya Abadi"), intakeAnswers[1:2]), nil),
		dj("menu_number_not_offered", steps(say("halo"), say("8"), choose(6)), steps(say("hi"), say("8"), choose(6))),
		dj("intake_no_email", steps(intakeTo(2), say("saya tidak punya email"), intakeAnswers[2:3]),
			steps(intakeTo(2), say("we don't have an email"), intakeAnswers[2:3])),
		dj("gmail_and_out_of_town", steps(say("halo"), say("boleh pakai email gmail?"), say("saya dari luar kota, bisa online?")),
			steps(say("hi"), say("can I use a gmail address?"), say("can my staff attend the video call instead?"))),
		dj("summary_correction_name_phone", steps(intakeTo(5), say("salah, namanya CV Maju Jaya Abadi"), say("maaf nomor wa salah, yang benar 0813 1111 2222"), choose(1)),
			steps(intakeTo(5), say("sorry, wrong name, the name is CV Maju Jaya Abadi"), say("sorry wrong number, it's 0813 1111 2222"), choose(1))),
		dj("menu_npwp_phone_help", steps(say("halo"), say("01.234.567.8-901.000"), say("0812 3456 7890"), say("tolong bantu")),
			steps(say("hi"), say("01.234.567.8-901.000"), say("0812 3456 7890"), say("please help"))),
		dj("menu_npwp_half_registration", steps(intakeTo(1), say("menu"), say("01.234.567.8-901.000"), intakeAnswers[2:3]), nil),
		dj("summary_confirmed_in_words", steps(intakeTo(5), say("ya benar semua"), say("sudah sesuai"), choose(1)),
			steps(intakeTo(5), say("yes that's all correct"), say("looks right"), choose(1))),
		dj("farewells", steps(say("halo"), say("jam layanan"), say("makasih ya min, sangat membantu"), say("dadah")),
			steps(say("hi"), say("office hours"), say("thanks, very helpful"), say("ok thanks bye"))),
		dj("booking_day_and_time_together", steps(registerCompanyOnline(), fourPDFs(), choose(2), say("selasa jam 11 bisa?"), say("ya")),
			steps(registerCompanyOnline(), fourPDFs(), choose(2), say("tuesday at 11 please"))),
		dj("booking_day_and_time_at_days", steps(registerCompanyOnline(), fourPDFs(), choose(2), choose(2), say("kalau rabu jam 10.20?"), choose(1)), nil),
		dj("reschedule_to_day_and_time", steps(bookedCall(), say("bisa diundur ke rabu jam 11?"), say("ya")),
			steps(bookedCall(), say("can we move it to wednesday at 11?"), say("yes"))),
		dj("zoom_and_no_call_yet", steps(say("halo"), say("verifikasi via zoom bisa?")), steps(say("hi"), say("can we do the verification on zoom?"))),
		dj("no_call_yet_after_booking", steps(bookedCall(), say("kok belum ditelpon?")), steps(bookedCall(), say("the officer has not called me yet"))),
		dj("question_wrapped_in_greeting", steps(say("halo"), say("Hallo selamat pagi, saya ingin menanyakan bagaimana cara verifikasi berkas untuk CV"),
			say("mohon info syarat pendaftaran")), steps(say("hi"), say("what are the registration requirements?"))),
		dj("forgot_password_question", steps(say("halo"), say("lupa password gimana?")), nil),
		dj("forgot_password_question_in_intake", steps(intakeTo(1), say("saya lupa password spse gimana?"), intakeAnswers[1:2]), nil),
		// An answer inside a form step carries no buttons: it says what to type instead of "the button below".
		dj("data_change_question_in_form", steps(intakeTo(2), say("kalau mau ganti alamat perusahaan di spse gimana?"), intakeAnswers[2:3]),
			steps(intakeTo(2), say("how do I change the director data in SPSE?"), intakeAnswers[2:3])),
		dj("who_attends_commissioner", steps(say("halo"), say("saya komisaris, bisa ikut verifikasi?"), say("kalau belum punya akta gimana")), nil),
		// A name beside "it's me", and a number with a question at another question: values taken, talk never stored.
		dj("intake_director_beside_self", steps(intakeTo(3), say("pak Budi Santoso, sy sendiri direkturnya"), intakeAnswers[4:5]),
			steps(intakeTo(3), say("Mr Budi Santoso, I'm the director myself"), intakeAnswers[4:5])),
		dj("intake_number_and_question", steps(intakeTo(3), say("ini no wa sy 0812 3456 7890, btw video callnya bisa sabtu gak?"),
			intakeAnswers[3:4]),
			steps(intakeTo(3), say("this is my wa 0812 3456 7890, btw can the video call be on saturday?"), intakeAnswers[3:4])),
		// The company named in the wish to register fills the form and the name.
		dj("register_with_company_name", steps(say("halo min"), say("mau daftar verifikasi berkas, sy dari CV Maju Jaya"), intakeAnswers[1:2]),
			steps(say("hi"), say("I want to register for document verification, we are PT Maju Jaya Abadi"), intakeAnswers[1:2])),
		// "Daftar sekarang" after an answer that offers the registration takes that button.
		dj("register_now_after_answer", steps(say("assalamualaikum"), say("sy mau tanya, utk usaha perorangan brkas apa aja ya"),
			say("oke sy daftar skrg")),
			steps(say("hello"), say("which documents does an individual business need?"), say("ok, register now then"))),
		// The e-mail inside a sentence at the User ID question is the answer.
		dj("intake_email_in_sentence", steps(intakeTo(2), say("gak punya user id, email aja ya info@majujaya.co.id"), intakeAnswers[3:4]),
			steps(intakeTo(2), say("no user id yet, use the email info@majujaya.co.id"), intakeAnswers[3:4])),
		// "This number" typed: the chat's own number on WhatsApp; elsewhere the vendor is asked to type it.
		dj("intake_this_number", steps(intakeTo(4), say("pake no ini aja")),
			steps(intakeTo(4), say("just use this number"), say("0812 3456 7890"))),
		// An individual business's documents are named as its own checklist names them.
		dj("individual_documents", steps(say("halo"), choose(2), choose(2), say("Siti Rahmawati"), say("09.876.543.2-101.000"),
			say("sitirahma@yahoo.co.id"), say("Siti Rahmawati"), say("0812-3456-7890"), choose(1), pdf("IMG_0001.pdf", "gs_text.pdf"),
			say("status"), say("file tadi salah, harusnya npwp")), nil),
		// A changed schedule in the vendor's words names the new day; a farewell may name the day of the call.
		dj("reschedule_in_own_words", steps(bookedCall(), say("jadwal sy berubah, bisa hari selasa aja?"), choose(1), say("menu"),
			say("makasih banyak, sampai ketemu hari selasa")),
			steps(bookedCall(), say("my schedule changed, can we do tuesday instead?"), choose(1), say("menu"),
				say("thanks a lot, see you on tuesday"))),
		// A first message that asks to register and gives answers starts the registration with them.
		dj("first_message_registers", steps(say("siang kak, sy mau verifikasi berkas CV Maju Jaya, npwp 01.234.567.8-901.000"),
			say("emailnya info@majujaya.co.id, direktur Bpk. Budi Santoso"), intakeAnswers[4:5]),
			steps(say("good afternoon, we want to register for document verification, PT Maju Jaya, NPWP 01.234.567.8-901.000"),
				say("email info@majujaya.co.id, director Mr. Budi Santoso"), intakeAnswers[4:5])),
		// "mau daftar" (which may mean the SPSE account) with answers given is
		// the registration too: the answers were dropped for the SPSE answer.
		dj("first_message_daftar_with_answers", steps(say("saya mau daftar, CV Maju Jaya, npwp 01.234.567.8-901.000"),
			intakeAnswers[2:]),
			steps(say("I want to register, PT Maju Jaya, tax id 01.234.567.8-901.000"), intakeAnswers[2:])),
		// A director given with an honorific or in a sentence is stored as the name alone.
		dj("intake_director_honorific", steps(intakeTo(3), say("direkturnya bu Rina Wati"), intakeAnswers[4:5]),
			steps(intakeTo(3), say("the director is Mrs. Rina Wati"), intakeAnswers[4:5])),
		// A User ID typed with its label ("userid mitrasejati01") is the id.
		dj("intake_user_id_with_label", steps(intakeTo(2), say("userid majujaya01"), intakeAnswers[3:4]),
			steps(intakeTo(2), say("my user id is majujaya01"), intakeAnswers[3:4])),
		// Whether a document is needed, from the requirements: every form
		// that lists it, or the vendor's own (whose list, when it lists none).
		dj("doc_needed", steps(say("halo"), say("apakah harus punya NIB?"), choose(1), choose(1), say("akta perubahan perlu dikirim juga?"),
			say("SBU wajib ga?"), intakeAnswers[0:1]),
			steps(say("hello"), say("do I need a business licence?"), choose(1), choose(1), say("is the deed required too?"),
				say("is an ISO certificate required?"), intakeAnswers[0:1])),
		// "Next week" at the booking lists next week's days (it got the
		// office hours); a day then typed by name is one of those.
		dj("booking_next_week", steps(registerCompanyOnline(), fourPDFs(), say("minggu depan aja"), say("senin"), choose(1)),
			steps(registerCompanyOnline(), fourPDFs(), say("next week please"), say("monday"), choose(1))),
		// A document no form lists, before any form is known: every form's list.
		dj("doc_other_unknown_form", steps(say("SBU wajib ga?")), steps(say("is an ISO certificate required?"))),
		// A wrong file said before the right one comes: send the right one
		// here, it replaces the other (it got the file-format rules, or the
		// vendor-data change).
		dj("wrong_file_resent", steps(registerCompanyOnline(), pdf("ktp.pdf", "gs_text.pdf"), pdf("npwp.pdf", "qpdf_pdf20.pdf"),
			say("maaf tadi file npwp nya salah, saya kirim ulang ya"), pdf("npwp-benar.pdf", "qpdf_linearized.pdf")),
			steps(registerCompanyOnline(), pdf("ktp.pdf", "gs_text.pdf"), pdf("npwp.pdf", "qpdf_pdf20.pdf"),
				say("sorry, wrong file"), pdf("npwp-correct.pdf", "qpdf_linearized.pdf"))),
		// The right file sent with a name that says nothing ("scan001.pdf")
		// is filed as the document said to be wrong (or, unnamed, the last
		// one filed) and replaces it; it was filed as the next one missing.
		dj("wrong_file_resent_unnamed", steps(registerCompanyOnline(), pdf("ktp.pdf", "gs_text.pdf"), pdf("npwp.pdf", "qpdf_pdf20.pdf"),
			say("maaf tadi file npwp nya salah, saya kirim ulang ya"), pdf("scan001.pdf", "qpdf_linearized.pdf")),
			steps(registerCompanyOnline(), pdf("ktp.pdf", "gs_text.pdf"), pdf("npwp.pdf", "qpdf_pdf20.pdf"),
				say("sorry, wrong file"), pdf("scan001.pdf", "qpdf_linearized.pdf"))),
		// "ok sebentar ya" when the call is offered, and again once the
		// documents wait on the ticket: the vendor needs a moment; it is
		// neither a yes nor a message for the officers (it got "I did not
		// catch the time", and on the ticket "officers will reply").
		dj("pause_at_booking", steps(registerCompanyOnline(), say("bentar ya kak"), pdf("ktp.pdf", "gs_text.pdf"),
			pdf("npwp.pdf", "qpdf_pdf20.pdf"), say("ok sebentar ya"), say("ya")),
			steps(registerCompanyOnline(), say("one moment please"), pdf("ktp.pdf", "gs_text.pdf"),
				pdf("npwp.pdf", "qpdf_pdf20.pdf"), say("ok wait a moment"), say("yes"))),
		// Whether a document may come later, asked on the ticket: answered
		// from the requirements (it went to the officers, read the next day).
		dj("doc_later_on_ticket", steps(registerCompanyOnline(), say("akta nya nyusul boleh?"), say("npwp nya nyusul gpp?")),
			steps(registerCompanyOnline(), say("can I send the deed later?"), say("can the NPWP come later?"))),
		// A foreign company's tax number typed in a sentence is taken and
		// said back (it was refused as not a tax number).
		dj("foreign_tax_number_in_words", steps(say("halo"), choose(2), choose(3), say("Tech Solutions Sdn Bhd"),
			say("nomor pajak kami 200901012345 (Malaysia)")),
			steps(say("hello"), choose(2), choose(3), say("Tech Solutions Sdn Bhd"), say("our tax number is 200901012345 (Malaysia)"))),
		// A wish to verify online starts the registration: the answers
		// typed next fill it (they met the menu after how-it-works).
		dj("wish_to_verify_online", steps(say("assalamualaikum"), say("mau daftar verifikasi online min"), choose(1), intakeAnswers),
			steps(say("hello"), say("I want to verify online"), choose(1), intakeAnswers)),
		// A question and files sent at the summary: the summary is asked
		// again in one short line, not in full after each of them.
		dj("summary_question_and_files", steps(intakeTo(5), say("jam berapa verifikasi offline?"), fourPDFs(), choose(1)),
			steps(intakeTo(5), say("what time is the offline verification?"), fourPDFs(), choose(1))),
		// At the summary, "all correct" and the way of verification in one message choose that way.
		dj("summary_confirmed_with_mode", steps(intakeTo(5), say("udh bener smua, yg online aja")),
			steps(intakeTo(5), say("all correct, online please"))),
		// How to change the call's number, asked with "vc" in it, is the number change (it showed the call menu).
		dj("phone_change_question", steps(registerCompanyOnline(), say("menu"), say("cara ganti no wa utk vc gmn")),
			steps(registerCompanyOnline(), say("menu"), say("how do I change the whatsapp number for the video call?"))),
		// "Kok belum dibalas?": their own ticket's state, who has it, when officers answer; the message is on the ticket.
		dj("no_reply_on_request", steps(say("halo"), choose(5), choose(4), say("Tolong bantu, saya tidak bisa login ke SPSE."),
			say("kok belum dibalas?"), officerTakesTicket(), act{kind: "wait", d: 6 * time.Hour}, say("menu"),
			say("kenapa belum ada balasan?")),
			steps(say("hi"), choose(5), choose(4), say("Please help, I cannot log in to SPSE."), say("why no reply yet?"),
				officerTakesTicket(), act{kind: "wait", d: 6 * time.Hour}, say("menu"), say("still no answer from the officer?"))),
		dj("no_reply_registration", steps(registerCompanyOnline(), pdf("ktp-direktur.pdf", "gs_text.pdf"), say("kok belum ada balasan dr petugas?")),
			steps(registerCompanyOnline(), pdf("ktp-direktur.pdf", "gs_text.pdf"), say("why has nobody replied to me yet?"))),
		dj("no_reply_without_ticket", steps(say("halo"), say("kok belum dibalas?"), intakeTo(2), say("kenapa belum ada balasan?")),
			steps(say("hi"), say("why no reply yet?"), intakeTo(2), say("why no reply yet?"))),
		// "Ditunggu kabarnya": every update comes to this chat and what is next; not "no reply yet", not "take your
		// time". Inside the ticket a short line; mid-form a moment; without a ticket nothing waits for the office.
		dj("await_news", steps(bookedCall(), say("ok siap, ditunggu kabarnya ya pak"), say("halo"), choose(5), choose(4),
			say("Tolong bantu, saya tidak bisa login ke SPSE."), say("baik, saya tunggu")),
			steps(bookedCall(), say("ok, waiting for your update"), say("hi"), choose(5), choose(4),
				say("Please help, I cannot log in to SPSE."), say("I'll wait"))),
		dj("await_without_ticket", steps(say("halo"), say("ditunggu kabarnya"), intakeTo(2), say("ditunggu kabarnya")),
			steps(say("hi"), say("waiting for the news"), intakeTo(2), say("waiting for the news"))),
		// A file filed under the wrong document is relabelled in chat; officers see the change on the timeline.
		dj("relabel_named_document", steps(registerCompanyOnline(), pdf("ktp-direktur.pdf", "gs_text.pdf"),
			say("itu bukan ktp, itu npwp"), say("status")),
			steps(registerCompanyOnline(), pdf("ktp-direktur.pdf", "gs_text.pdf"), say("that file is the NPWP, not the KTP"), say("status"))),
		dj("relabel_which_file", steps(registerCompanyOnline(), fourPDFs(), say("file tadi salah, harusnya akta"), choose(1)),
			steps(registerCompanyOnline(), fourPDFs(), say("wrong file earlier, it should be the deed"), choose(1))),
		dj("relabel_not_that_document", steps(registerCompanyOnline(), pdf("ktp-direktur.pdf", "gs_text.pdf"),
			say("eh maaf itu bukan ktp"), say("npwp perusahaan")),
			steps(registerCompanyOnline(), pdf("ktp-direktur.pdf", "gs_text.pdf"), say("sorry, that one is not the KTP"), say("company npwp"))),
		dj("relabel_during_booking", steps(registerCompanyOnline(), fourPDFs(), say("npwp-perusahaan.pdf itu bukan npwp, harusnya izin usaha"),
			say("status")),
			steps(registerCompanyOnline(), fourPDFs(), say("npwp-perusahaan.pdf is not the NPWP, it should be the business licence"), say("status"))),
		dj("relabel_after_review", steps(bookedCall(), review("ktp", true, ""), say("ktp-direktur.pdf itu bukan ktp, harusnya akta")),
			steps(bookedCall(), review("ktp", true, ""), say("ktp-direktur.pdf is not the KTP, it should be the deed"))),
		// Two files filed under each other's document are swapped in chat, when the words name exactly two documents on the ticket.
		dj("swap_two_documents", steps(registerCompanyOnline(), fourPDFs(), say("ktp sama npwp ketuker"), say("status")),
			steps(registerCompanyOnline(), fourPDFs(), say("I swapped the KTP and NPWP files"), say("status"))),
		// Words that do not name two documents with files: a question that says what to do, nothing changed.
		dj("swap_words_unclear", steps(registerCompanyOnline(), pdf("ktp-direktur.pdf", "gs_text.pdf"), say("file KTP dan NPWP tertukar"),
			say("filenya ketuker"), pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf"), say("filenya ketuker"), say("ktp nya ketuker"), choose(1)),
			steps(registerCompanyOnline(), pdf("ktp-direktur.pdf", "gs_text.pdf"), say("the KTP and NPWP files are swapped"),
				say("I mixed up the files"), pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf"), say("I mixed up the files"),
				say("the KTP file got swapped"), choose(1))),
		// A file relabelled onto a document that already has one: the earlier file is kept and the bot asks what it is.
		dj("relabel_onto_filled", steps(registerCompanyOnline(), batch(pdf("ktp-direktur.pdf", "gs_text.pdf"), pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf")),
			say("ktp-direktur.pdf itu bukan ktp, itu npwp"), choose(1), say("status")),
			steps(registerCompanyOnline(), batch(pdf("ktp-direktur.pdf", "gs_text.pdf"), pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf")),
				say("ktp-direktur.pdf is not the KTP, it is the NPWP"), choose(1), say("status"))),
		dj("request_greeting_not_description", steps(say("halo"), choose(5), choose(4), say("halo"),
			say("Tolong bantu, saya tidak bisa login ke SPSE.")),
			steps(say("hi"), choose(5), choose(4), say("hello"), say("Please help, I cannot log in to SPSE."))),
	}
}

func TestDetourTranscripts(t *testing.T) {
	f := newFlows(t)
	for _, j := range detourJourneys() {
		for _, v := range variants {
			t.Run(j.name+"/"+string(v.lang), func(t *testing.T) {
				t.Parallel()
				acts := j.id
				if v.lang == loket.LangEN && j.en != nil {
					acts = j.en
				}
				r := newDocRunner(t, f, v, mondayMorning)
				r.play(acts)
				r.dump()
				r.dumpDocs()
				golden(t, "detour/"+j.name+"."+string(v.lang), r.out.String())
			})
		}
	}
}
