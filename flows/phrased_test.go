package flows

import (
	"slices"
	"strings"
	"testing"
)

// phrasedQuestions are questions and remarks typed at the main menu the
// way vendors type them: informal Indonesian, slang, typos, English and
// mixed. Each names what the bot should do with it: an answer id of the
// matcher (faq or intent), "talk.*" for small talk, or "" for an honest
// "no answer" (gibberish, off-topic). Alternatives are separated by "|".
var phrasedQuestions = []struct{ q, want string }{
	// confirmation e-mail
	{"email konfirmasi tidak masuk", "confirm_email"},
	{"email konfirmasi gak masuk2 min", "confirm_email"},
	{"emailnya ga dateng", "confirm_email"},
	{"blm dpt email konfirmasi dr spse", "confirm_email|guide.3"},
	{"the confirmation email never arrived", "confirm_email"},
	{"I didn't get the confirmation email", "confirm_email"},
	{"email verifikasi masuk spam ya?", "confirm_email|guide.3"},
	{"I never got the activation email", "confirm_email"},
	// which e-mails come when (flows/emails.go)
	{"kapan saya dapat email konfirmasi?", "intent.emails"},
	{"email konfirmasinya kapan dikirim ya", "intent.emails"},
	{"email apa saja yang akan saya terima?", "intent.emails"},
	{"when do I get the confirmation email?", "intent.emails"},
	{"which emails will I get from spse?", "intent.emails"},
	{"berapa lama email konfirmasi datang setelah video call?", "intent.emails"},
	{"how long until the confirmation email after the video call?", "intent.emails"},
	// the call on another app (flows/call_questions.go)
	{"apakah video call bisa pakai zoom?", "video_call"},
	{"verifikasinya bisa lewat zoom?", "video_call"},
	{"can the verification be done over zoom?", "video_call"},
	{"can we use google meet instead?", "video_call"},
	// the director away: the call from there; someone else: no
	{"direkturnya lagi di luar kota, bisa vc dari sana?", "intent.call_away"},
	{"direktur di luar negeri bisa verifikasi?", "intent.call_away"},
	{"the director is overseas, can we still verify?", "intent.call_away"},
	{"direktur lagi dinas ke surabaya, vc nya bisa dari hotel?", "intent.call_away"},
	{"direkturnya di luar negeri, bisa diwakilkan?", "who_attends"},
	{"direktur di kota lain, bisa vc?", "intent.call_away"},
	// a wish to be verified, the business one's own (the individual form)
	{"hello, I run a small catering business on my own, I want to get verified", "intent.register"},
	{"halo, saya punya usaha sendiri jualan katering, mau diverifikasi", "intent.register"},
	{"I was verified yesterday but login says my account is not active", "login"},
	// a phone call instead; "don't" is a "not", not "don"
	{"bisa telpon aja ga? saya gak ngerti", "call_me"},
	{"can someone call me please", "call_me"},
	{"bisa telpon?", "call_me"}, // "no answer" (2026-12-03, over HTTP)
	{"boleh saya telepon aja?", "call_me"},
	{"I don't understand", ""},
	{"I don't know my user id", "user_id"},
	{"halo, benar ini lpse kota bogor?", "bot|talk.greeting"},
	{"hello, is this the LPSE helpdesk?", "bot"},
	{"is this the official whatsapp?", "bot|contact"},
	// no company, only the owner; recording; which tenders
	{"we don't have a company, just me", "docs_individual"},
	{"saya tidak punya perusahaan, usaha sendiri", "docs_individual"},
	// whether a company is needed at all (they got no answer, the guide's
	// step 2, or one account for each business)
	// the portal slow, its captcha or a list in its form (they got the
	// call's connection, the guide's step 2, the other-LPSE answer)
	// English at the menu (no answer, the vendor's call, or a registration
	// started for "register again")
	{"is it free?", ""},
	// the portal's own language switch (it got the portal-problem answer)
	{"the page is in Indonesian, can't read it", "portal_english"},
	{"is the SPSE portal in english?", "portal_english"},
	{"website spse ada bahasa inggris?", "portal_english"},
	// a scanner app, a locked PDF, the tax slip by its initials, which
	// licence (they got the other-LPSE answer, no request open, the
	// company's document list)
	{"boleh pakai camscanner?", "file_format"},
	{"pdf nya di password boleh?", "file_format"},
	{"ssp dapat dari mana?", "docs_individual|ssp_what"},
	{"izin usaha apa yang dimaksud?", "licence_kind"},
	{"mau tanya status pendaftaran saya", "intent.status"}, // no answer: a three-way tie on "status"
	{"what is my registration status?", "intent.status"},
	{"what needs fixing?", "intent.status"}, // no answer, after "some documents need fixing"
	{"apa yang harus diperbaiki?", "intent.status"},
	{"bisa dibantu daftar?", "register_how"}, // no answer
	{"can you help me register?", "register_how"},
	{"where are you located?", "location"},
	{"who are you?", "bot"},
	{"can my assistant do the video call?", "who_attends"},
	{"I registered at LPSE Jakarta, do I need to register again?", "other_lpse"},
	{"saya sudah daftar di lpse jakarta, perlu daftar lagi?", "other_lpse"},
	{"situsnya lemot", "app_problem"},
	// one document in several files (it got the company's document list)
	{"akta saya 2 file, gimana?", "docs_one_file"},
	{"our deed is scanned in two files", "docs_one_file"},
	{"kode keamanannya ga muncul", "app_problem"},
	{"kota/kabupaten ga ada pilihannya", "app_problem"},
	{"the portal is so slow", "app_problem"},
	{"apakah harus punya perusahaan?", "business_forms"},
	{"perorangan bisa daftar?", "business_forms"},
	{"wajib punya cv?", "business_forms"},
	{"do I need a company?", "business_forms"},
	{"can an individual register?", "business_forms"},
	{"apakah video call direkam?", "call_recording"},
	{"will the call be recorded?", "call_recording"},
	// which licence: NIB or SIUP (one got "cannot be delegated", menggantikan
	// read as someone standing in; one the other LPSE answer)
	{"NIB bisa menggantikan SIUP?", "licence_kind"},
	{"siup sudah tidak berlaku, pakai nib saja?", "licence_kind"},
	{"kami belum punya siup, cuma nib", "licence_kind"},
	{"we only have an NIB, no SIUP, is that ok?", "licence_kind"},
	{"apakah wajib isi SIKaP?", "sikap"},                                         // it got the guide's step 6
	{"akta perubahan juga dibawa?", "docs_company"},                              // it got the data change
	{"siapkan apa saja untuk video call?", "call_content"},                       // it got the general call text
	{"apakah petugas akan telepon duluan atau saya yang telepon?", "video_call"}, // it got no answer
	{"who calls first, do you call me or do I call you?", "video_call"},
	{"nomor wa direktur beda dengan yang terdaftar", "intent.phone_change"}, // it got the contact list
	// a city named is no clock: where to verify (they got the time zones for "jakarta")
	{"perusahaan kami di jakarta, bisa verifikasi di sini?", "other_lpse"},
	{"my company is registered in Jakarta, can I verify here?", "other_lpse"},
	{"jakarta time?", "intent.time_zone"},
	// the NPWP's digits and how to type them (the first got which NPWP a company uses)
	{"npwp cv kami 15 digit atau 16?", "npwp_digits"},
	{"npwp nya pakai titik atau tidak?", "npwp_digits"},
	{"how many digits is the npwp?", "npwp_digits"},
	{"user id sama dengan email bukan?", "user_id"}, // it got the guide's step 7
	{"is the user id the same as my email?", "user_id"},
	{"berarti sudah selesai ya?", "intent.status"}, // it got the guide's step 7
	{"so it's done?", "intent.status"},
	// the whole process, doing it all online, weekends (no answer, the hours, the missing documents)
	{"what's the process?", "process_overview"},
	{"prosesnya gimana?", "process_overview"},
	{"do i need to come to the office?", "online_verification"},
	{"can i do everything online?", "online_verification"},
	{"bisa semuanya online?", "online_verification"},
	{"is it possible to verify on weekends", "hours"},
	{"permisi, untuk verifikasi berkas apakah bisa hari ini?", "intent.process_length"}, // it got how verification works
	{"min mau tanya, kalau sudah daftar di spse kota bogor, apakah bisa ikut tender kabupaten bogor?", "other_lpse"},
	{"can we bid on tenders in other cities too?", "other_lpse"},
	// chat shorthand and a question closed by a negation (no answer, or how the call works)
	{"syrt nya apa aj", "intent.missing"},
	{"bs vc hr ini gk", "intent.process_length"},
	{"kpn sy ditlp", "intent.my_call|video_call"},
	{"tender apa saja yang ada sekarang?", "tender"},
	{"salam kenal", "talk.greeting"},
	// after the call; a broken phone; a call breaking up
	{"sudah di vc barusan, selanjutnya apa?", "intent.after_call"},
	{"done, the officer just called us. what now?", "intent.after_call"},
	{"video callnya sudah, terus gimana?", "intent.after_call"},
	{"my director's phone broke, he'll use his wife's phone for the call", "intent.phone_change"},
	{"hp direktur rusak, vc pakai hp istrinya boleh?", "intent.phone_change"},
	{"the call keeps breaking up", "call_connection"},
	// misread before: "someone else", "meninggal" as "tinggal", a foreign company, SIKaP, today
	{"my npwp is registered by someone else", "npwp_registered"},
	{"direktur meninggal, gimana?", "data_change"},
	{"the director died", "data_change"},
	{"sorry, I was away", ""},
	{"do you accept foreign companies?", "docs_foreign"},
	{"is the SPSE account the same as SIKaP?", "sikap"},
	{"bisa verifikasi hari ini?", "intent.process_length"},
	{"can you verify today?", "intent.process_length"},
	{"bisa ganti email setelah verifikasi?", "data_change"},
	{"how do I know if I'm verified?", "intent.status"},
	{"email lama sudah tidak aktif", "data_change"},
	{"akta pendirian atau akta perubahan?", "docs_company"},
	{"bisa dipindah ke kamis?", "intent.reschedule"},
	{"can we move it to friday?", "intent.reschedule"},
	// misspelled and chat shorthand
	{"how do i regster as a vender", "register_how|intent.register"},
	{"wat docments do i need", "intent.missing"},
	{"whre is ur ofice", "location"},
	{"i forgt my pasword", "forgot_password"},
	{"can i do verfication onlin", "online_verification"},
	{"gmna cara daftarnya?", "register_how|intent.register"},
	{"brkas apa aj yg hrs dkirim", "intent.missing"},
	{"kntor buka jam brp", "hours"},
	// the clock the times are in
	{"what time zone are the calls in? we are in Singapore", "intent.time_zone"},
	{"jamnya WIB atau WITA?", "intent.time_zone"},
	{"saya di makassar, jam layanannya wita?", "intent.time_zone|hours"},
	// why PDF; was my file sent
	{"kenapa harus pdf?", "file_format"},
	{"why does it have to be pdf?", "file_format"},
	{"ktp direktur udah dikirim blm ya?", "intent.missing"},
	{"lokasi MPP nya di mana ya? ada link maps?", "location"},
	{"ada link google maps?", "location"},
	// a document of many pages
	{"our deed is 30 pages, is that ok?", "docs_one_file"},
	{"aktanya 30 halaman, gpp?", "docs_one_file"},
	{"how many pages can the pdf have?", "docs_one_file"},
	// which way of verifying is faster
	{"mana yang lebih cepat, online atau datang langsung?", "intent.mode_compare"},
	{"which one is faster, online or in person?", "intent.mode_compare"},
	{"should we do it online or come in person?", "intent.mode_compare"},
	// what happens in the call; who sees the files
	{"apa saja yang akan ditanyakan saat video call?", "call_content"},
	{"what will the officer ask during the call?", "call_content"},
	{"apakah data saya aman?", "privacy"},
	{"who can see my documents?", "privacy"},
	{"hapus data saya", "privacy"},
	// when the documents are checked; making it sooner
	{"when will someone check my documents?", "intent.status"},
	{"kapan berkas saya dicek petugas?", "intent.status"},
	{"bisa minta dipercepat?", "intent.reschedule"},
	{"can you speed it up? we have a tender next week", "intent.reschedule"},
	// another business
	{"bisa daftar dua perusahaan sekaligus?", "another_business"},
	{"saya mau daftar perusahaan kedua", "another_business"},
	{"can I register two companies?", "another_business"},
	{"I want to register another company too", "another_business"},
	// NPWP / KSWP
	{"NPWP saya katanya sudah terdaftar", "npwp_registered"},
	{"npwp sdh terdaftar di lpse lain gmn", "npwp_registered"},
	{"cek kswp muncul duplikasi data", "npwp_registered"},
	{"kswp gagal terus", "npwp_registered|guide.4"},
	{"my NPWP is already registered", "npwp_registered"},
	{"apa itu kswp?", "npwp_registered"},
	{"kswp itu apa ya kak", "npwp_registered"},
	{"what is KSWP?", "npwp_registered"},
	// hours and place
	{"jam berapa bisa verifikasi?", "hours"},
	{"jam layanan kapan ya", "hours"},
	{"sabtu buka gak?", "hours"},
	{"what time can I do the verification?", "hours"},
	{"opening hours", "hours"},
	{"sekarang buka ga?", "hours"},
	{"are you open now?", "hours"},
	{"bisa dtg tanpa janji?", "location|hours"},
	{"do I need an appointment to come in person?", "location|hours"},
	{"alamat mpp dimana", "location"},
	{"lokasi verifikasi tatap muka", "location"},
	{"where is the office", "location"},
	{"mpp graha tiyasa di mana ya kak", "location"},
	// documents
	{"berkas apa saja untuk CV?", "docs_company"},
	{"syarat dokumen PT apa aja", "docs_company"},
	{"persyaratan usaha perorangan", "docs_individual"},
	{"dokumen untuk perusahaan asing", "docs_foreign"},
	{"which documents does a CV need?", "docs_company"},
	{"documents for an individual business", "docs_individual"},
	{"ukuran file maksimal berapa mb", "file_format"},
	{"maximum file size", "file_format"},
	{"bisa kirim foto ktp?", "file_format"},
	{"file saya lebih dari 4mb gimana?", "file_format"},
	{"my file is bigger than 4 MB, what do I do?", "file_format"},
	// a phone's camera is the file, not the video call (added with the camera keywords)
	{"is pdf from phone camera ok?", "file_format"},
	{"pdf hasil foto kamera hp boleh?", "file_format"},
	// passwords and accounts
	{"lupa password", "forgot_password"},
	{"lupa pasword akun spse", "forgot_password"},
	{"tidak bisa login", "forgot_password"},
	{"I forgot my password", "forgot_password"},
	{"syarat password apa", "password_rules"},
	{"password requirements", "password_rules"},
	{"indikator password tidak hijau", "password_rules|guide.5"},
	// the process
	{"bisa verifikasi online?", "online_verification"},
	{"verifkasi berkas gmn caranya", "online_verification"},
	{"cara daftar jadi penyedia", "register_how"},
	{"how to register as a vendor", "register_how"},
	{"permisi mau tanya cara daftar", "register_how"},
	{"good morning, I'd like to know how to become a vendor for Bogor city", "register_how"}, // it got another LPSE ("city")
	{"apakah akun ini berlaku untuk semua lpse?", "other_lpse"},                              // it got one PDF per document
	{"is the account valid at every LPSE?", "other_lpse"},
	{"how long is the account valid?", ""}, // no text says; it got how long verification takes
	{"maaf mengganggu, mau tanya soal pendaftaran", "register_how"},
	{"sorry to bother you, I have a question about registration", "register_how"},
	{"hi, how do I register as a supplier?", "register_how|guide.1"},
	{"cara daftar jadi rekanan", "register_how|guide.1"},
	{"apa itu sikap", "sikap"},
	{"what is SIKaP", "sikap"},
	{"email kedua data terkirim maksudnya apa", "second_email"},
	{"kode keamanan captcha salah terus", "security_code"},
	{"nomor telepon lpse berapa", "contact"},
	{"mau ganti alamat email perusahaan", "data_change"},
	{"I want to change our company address", "data_change"},
	{"aplikasi error terus", "app_problem"},
	{"the application shows an error", "app_problem"},
	// my call, in my words
	{"kapan video call saya?", "intent.my_call|video_call"},
	{"jadwal vc saya kapan ya", "intent.my_call"},
	{"jam berapa saya ditelepon petugas", "intent.my_call"},
	{"when is my call?", "intent.my_call"},
	// which number calls (added with the office's call number in the answer)
	{"petugas nelpon dari nomor berapa?", "video_call"},
	{"nanti yg video call nelpon dari nomor apa", "video_call"},
	{"which number will call me?", "video_call"},
	// after the call: the guide's last step says what follows (a confirmation e-mail, then login)
	{"setelah video call apa lagi", "intent.after_call|guide.8"},
	{"what happens after the video call", "intent.after_call|guide.8"},
	{"sudah verifikasi, kapan akun aktif?", "guide.8"},
	{"what time is my video call", "intent.my_call"},
	// rescheduling and cancelling
	{"bisa ganti jadwal?", "intent.reschedule"},
	{"mau pindah jadwal video call", "intent.reschedule"},
	{"saya tidak bisa hadir, undur jadwal ya", "intent.reschedule"},
	{"can I reschedule?", "intent.reschedule"},
	{"please move my call to another day", "intent.reschedule"},
	{"batalkan jadwal video call saya", "intent.cancel_call"},
	{"cancel my call", "intent.cancel_call"},
	// status and what is missing
	{"sudah sampai mana berkas saya?", "intent.status"},
	{"berkas sy udh diproses blm", "intent.status"},
	{"gimana perkembangan berkas saya", "intent.status"},
	{"how far is my file?", "intent.status"},
	{"what is the status of my application", "intent.status"},
	{"apa yang masih kurang?", "intent.missing"},
	{"dokumen apa lagi yg harus dikirim", "intent.missing"},
	{"what is still missing?", "intent.missing"},
	{"sudah semua?", "intent.missing"},
	{"berkas saya sudah lengkap belum", "intent.missing|intent.status"},
	{"saya mau daftar jadi penyedia, dokumennya apa saja?", "intent.missing"},
	{"sy mau daftar jd penyedia, syaratnya apa aja ya", "intent.missing"},
	{"I want to register as a vendor, which documents do you need?", "intent.missing"},
	{"is that everything?", "intent.missing"},
	// the documents needed, asked before there is a ticket (the intent lists them then)
	{"which files do you need", "intent.missing"},
	{"dokumen apa saja yang harus dikirim", "intent.missing"},
	{"berkas apa saja yang harus disiapkan", "intent.missing"},
	{"apa saja syaratnya?", "intent.missing"},
	{"syaratnya apa?", "intent.missing"},
	{"persyaratannya apa aja kak", "intent.missing"},
	{"what are the requirements?", "intent.missing"},
	// an officer
	{"mau bicara dengan petugas", "intent.officer"},
	{"bisa ngobrol sama admin?", "intent.officer"},
	{"sambungkan ke cs dong", "intent.officer"},
	{"mau ngomong sama orang aja", "intent.officer"},
	{"mau chat sama cs", "intent.officer"},
	{"I want to talk to a human", "intent.officer"},
	{"can I speak to an officer", "intent.officer"},
	// registration itself
	{"mau daftar verifikasi berkas", "intent.register"},
	{"I want to start the registration", "intent.register|register_how"},
	// the most common first words, added when "saya mau daftar" got the
	// answer about an NPWP already registered elsewhere
	{"saya mau daftar", "register_how|intent.register"},
	{"daftar", "register_how|intent.register"},
	{"mau daftar jadi penyedia", "register_how|intent.register"},
	{"bagaimana cara mendaftar di lpse", "register_how|guide.1"},
	{"gimana cara daftar akun spse", "register_how|guide.1"},
	{"mau bikin akun penyedia", "register_how|guide.1"},
	{"daftar vendor baru", "register_how|intent.register"},
	{"how do I sign up", "register_how"},
	{"I want to register my company", "register_how|intent.register"},
	{"mau daftarkan perusahaan saya", "register_how|intent.register"},
	// who must attend, added with its answer
	{"apakah bisa diwakilkan?", "who_attends"},
	{"berkas harus asli?", "who_attends|location"},
	{"boleh pakai surat kuasa?", "who_attends"},
	{"can my staff come on behalf of the director?", "who_attends"},
	// must I come? the place, and now also that online works (added when the answer gained it)
	{"harus datang langsung gak?", "location|online_verification"},
	{"do I need to come in person?", "location|online_verification"},
	// a new phone number (added with the intent)
	{"hp saya ganti, nomor wa 0813 1111 2222", "intent.phone_change"},
	{"my phone changed, the new whatsapp number is 0813 1111 2222", "intent.phone_change"},
	{"ganti nomor wa untuk video call", "intent.phone_change"},
	// the call's length is a booking rule no answer text can quote (added with intent.call_length)
	{"berapa lama video callnya?", "intent.call_length"},
	{"vc nya brp lama ya min", "intent.call_length"},
	{"how long is the video call?", "intent.call_length"},
	{"video call berapa menit kak", "intent.call_length"},
	// who verifies, and which NPWP a business entity uses (added with their answers)
	{"siapa yang memverifikasi berkas saya?", "who_verifies"},
	{"who checks the documents?", "who_verifies"},
	{"npwp pribadi bisa dipake untuk CV?", "npwp_form"},
	{"can I use my personal NPWP for the company?", "npwp_form"},
	{"npwp perorangan", "docs_individual"},
	// a foreign company, and "represent" said of one's company (added with a keyword fix: "I represent …"
	// got the answer that the verification cannot be delegated)
	{"Hello, I represent a Malaysian company without an office in Indonesia. Can we register?", "docs_foreign"},
	{"kami perusahaan dari malaysia, tidak punya kantor di indonesia, bisa daftar?", "docs_foreign"},
	{"can my staff represent the director at the video call?", "who_attends"},
	// the NIK-based NPWP (added with its answer)
	{"npwp saya belum jadi, boleh pakai NIK?", "npwp_nik"},
	{"bisa pakai nik ktp untuk npwp?", "npwp_nik"},
	{"can I use my NIK instead of an NPWP?", "npwp_nik"},
	// small talk
	{"halo", "talk.greeting"},
	{"selamat pagi pak", "talk.greeting"},
	{"assalamualaikum", "talk.greeting"},
	{"hallo min", "talk.greeting"},
	{"good morning", "talk.greeting"},
	{"terima kasih", "talk.thanks"},
	{"makasih banyak kak", "talk.thanks"},
	{"trimakasih", "talk.thanks"},
	{"thanks!", "talk.thanks"},
	{"thank you very much", "talk.thanks"},
	{"ok", "talk.ack"},
	{"siap pak", "talk.ack"},
	{"oke noted", "talk.ack"},
	{"oh gitu, makasih ya", "talk.thanks"},
	{"oh begitu", "talk.ack"},
	{"I see, thank you", "talk.thanks"},
	{"apa kabar?", "talk.greeting"},
	{"halo min, apa kabar?", "talk.greeting"},
	{"how are you?", "talk.greeting"},
	{"kok belum ada kabar?", "intent.no_reply"},
	{"ada update?", "intent.no_reply|intent.status"},
	{"still no news?", "intent.no_reply"},
	{"gimana kabar berkas saya?", "intent.status"},
	{"any news on my file?", "intent.status"},
	{"👍", "talk.ack"},
	// written after the keywords were tuned, left as they came out
	{"kok email aktivasi belum nyampe ya", "confirm_email"},
	{"gmn kalo npwp kami udah kepake lpse lain", "npwp_registered"},
	{"kantor verifikasinya buka hari apa aja", "hours"},
	{"perlu bawa fotokopi gak pas datang", "docs_offline|location|docs_company"},
	{"pt wajib upload akta ga?", "docs_company|doc_need"},
	{"hp saya ganti, nomor wa buat video call mau diganti", "intent.phone_change"},
	{"video callnya bisa dimajukan?", "intent.reschedule"},
	{"udah kirim semua berkas, trus gimana", "intent.status|intent.missing|second_email"}, // both intents show the ticket's status
	{"is there anything else I need to upload", "intent.missing"},
	{"whos in charge of verification, can i call them", "who_verifies"},
	{"tolong hubungkan dengan operator", "intent.officer"},
	{"my user id is not working", "forgot_password|user_id"},
	// nothing to find
	{"cuaca hari ini cerah", ""},
	{"nice weather today", ""},
	{"asdf qwerty", ""},
	{"zzzz", ""},
	{"harga cabai naik lagi", ""},
	// sharing one word with an answer is not being about it (added with the coverage rule)
	{"penawaran tender kemarin tidak terkirim sebelum batas waktu", ""},
	{"our bid for yesterday's tender did not go through before the deadline", ""},
	{"verifikasinya bayar gak?", ""},
	// the director's looks: no answer speaks of them (they got the company NPWP, the file format, the
	// ID card and who attends, for "direktur", "pakai", "boleh" and the file answer's "hitam-putih")
	{"direkturnya pakai kacamata hitam gpp?", ""},
	{"can the director wear sunglasses on the call?", ""},
	// a fee no text states: the opening hours ("berapa") or the ticket's
	// status are not an answer (added with kw.asks); a duration is what
	// the wait is made of (flows/process_length.go)
	{"biaya verifikasi berapa ya?", ""},
	{"brp lama prosesnya sampai terverifikasi?", "intent.process_length"},
	{"berapa lama verifikasinya", "intent.process_length"},
	{"ada biaya gak min", ""},
	{"daftar penyedia gratis kan?", ""},
	{"how long does the verification take?", "intent.process_length"},
	{"is there a fee for registration", ""},
	// a lost document: no text says what to do, the document list is not an answer
	{"kalo akta hilang gmn?", ""},
	{"npwp perusahaan hilang, bisa verifikasi?", ""},
	{"apakah verifikasi harus bawa materai", ""}, // no text speaks of a duty stamp
	// coming at a time is the hours, not the online verification ("tanpa datang")
	{"bisa datang jam 3 sore?", "hours"},
	{"can I come at 3 pm?", "hours"},
	// rejections, holidays, documents by e-mail, resuming
	{"kenapa berkas saya ditolak?", "intent.status"},
	{"why was my file rejected?", "intent.status"},
	{"kalau tanggal merah buka gak?", "hours"},
	{"is the office open on public holidays?", "hours"},
	{"bisa kirim berkas lewat email saja?", "docs_by_email"},
	{"can I email the documents?", "docs_by_email"},
	{"what documents do I need?", "intent.missing"},
	{"lanjutkan pendaftaran tadi", "intent.register"},
	{"continue my registration", "intent.register"},
	{"password saya ditolak terus", "password_rules"},
	// a question announced, contacts and the counter
	{"mau tanya dong", "talk.query"},
	{"halo min mau nanya", "talk.query"},
	{"I have a question", "talk.query"},
	{"?", "talk.query"},
	{"alamat email lpse apa?", "contact"},
	{"di lantai berapa loketnya?", "location"},
	{"where is the MPP counter?", "location"},
	{"can someone call me back?", "intent.officer"},
	{"akun saya diblokir", "forgot_password"},
	{"ganti email", "data_change"},
	// a company name is no request to move the call
	{"CV Maju Jaya", "docs_company|"},
	{"jadwal video call dimajukan bisa?", "intent.reschedule"},
	{"bisa dimajuin ga video callnya?", "intent.reschedule"},
	{"saya tidak punya email", "guide.2"},
	{"we don't have an email", "guide.2"},
	{"boleh pakai email gmail?", "guide.2"},
	{"can I use a gmail address?", "guide.2"},
	{"saya dari luar kota, bisa online?", "online_verification"},
	{"can my staff attend the video call instead?", "who_attends"},
	{"verifikasi via zoom bisa?", "video_call"},
	{"boleh kirim berkas via email?", "docs_by_email"},
	{"kok belum ditelpon?", "intent.my_call"},
	{"my schedule changed, can we do tuesday instead?", "intent.reschedule"},
	{"good afternoon, we want to register for document verification, PT Maju Jaya, NPWP 01.234.567.8-901.000", "intent.register"},
	{"siang kak, sy mau verifikasi berkas CV Maju Jaya, npwp 01.234.567.8-901.000", "intent.register"},
	{"cara ganti no wa utk vc gmn", "intent.phone_change"},
	{"how do I change the whatsapp number for the video call?", "intent.phone_change"},
	{"kok belum dibalas?", "intent.no_reply"},
	{"halo, saya dari CV Sinar Abadi Jaya, jam layanan mpp kapan?", "hours"},
	{"we are PT Maju Jaya Abadi, where is the office?", "location"},
	{"kenapa belum ada balasan?", "intent.no_reply"},
	{"min pesan saya kok blm dibales2", "intent.no_reply"},
	{"why no reply yet?", "intent.no_reply"},
	{"still no answer from the officer?", "intent.no_reply"},
	{"the officer has not called me yet", "intent.my_call"},
	{"Hallo selamat pagi, saya ingin menanyakan bagaimana cara verifikasi berkas untuk CV", "docs_company|online_verification"},
	{"mohon info syarat pendaftaran", "intent.missing"},
	{"what are the registration requirements?", "intent.missing"},
	{"info dong syarat daftar cv", "docs_company"},
	{"saya komisaris, bisa ikut verifikasi?", "who_attends"},
	{"direktur sakit, bisa diganti komisaris?", "who_attends"},
	{"kalau belum punya akta gimana", "doc_need"}, // whether a deed is needed, by form (it got no answer)
	// a wish to be registered, in English with words around it (it got "no answer")
	{"ok, register us please", "intent.register"},
	{"can you register us?", "intent.register"},
	// the owner's NPWP asked about: the NPWP-by-form rule, not the NIK answer
	{"npwp pribadi sy boleh ga?", "npwp_form"},
	// moving the call to next week (it got the online-verification answer, the hours or guide step 8)
	{"min sy lagi di luar kota, vc nya bisa diundur ke minggu depan?", "intent.reschedule"},
	{"can we postpone the call to next week?", "intent.reschedule"},
	{"minggu depan buka?", "hours"},
	// what an NPWP is (it got the NIK answer), which one (it got the duplicate-NPWP answer)
	{"what is NPWP?", "npwp_what"},
	{"apa itu npwp?", "npwp_what"},
	{"npwp yg mana min?", "npwp_form"},
	// the director away: nobody else may attend (it got the online-verification answer)
	{"ok wait, my director is out of town, can someone else do the video call?", "who_attends"},
	{"direktur lagi ke luar kota, vc nya bisa orang lain?", "who_attends"},
	// the state of their own file in slang and English (no answer, or the guide's last step)
	{"udah di acc belum kak?", "intent.status"},
	{"is my verification done?", "intent.status"},
	// a Word file (it got the online-verification answer)
	{"can I send a word file?", "file_format"},
	// free slots asked about (no answer, the hours)
	{"ada slot jumat siang?", "intent.my_call"},
	{"any free slots on friday?", "intent.my_call"},
	{"is verification free?", ""}, // a fee no text states: not the menu's verification
	{"apakah verifikasi gratis?", ""},
	// arriving late (what is still missing)
	{"jam 2 lewat dikit masih bisa?", "hours"},
	// the first e-mail's subject (no answer)
	{"subject email pertama apa", "guide.3"},
	{"email kedua subject nya apa", "second_email"},
	{"bentar, ini yg pertama yg mana ya?", ""}, // asked about files, not the first e-mail (it got guide step 3)
	// cancelling the call in slang (it showed the call)
	{"vc nya batalin aja min", "intent.cancel_call"},
	// "daftar" typed short (no answer)
	{"daftr verifikasi gan", "intent.register"},
	{"gmn cara daftr", "register_how|guide.1"},
	// open on a day named by its date (it got "no answer")
	{"tanggal 25 desember buka gak min?", "hours"},
	{"25/12 libur?", "hours"},
	// what to bring in person: the documents, not only the address
	{"bawa apa aja kalo dtg langsung", "docs_offline"},
	{"kalau datang langsung bawa berkas apa aja min?", "docs_offline"},
	{"what should I bring if I come in person?", "docs_offline"},
	{"dokumen apa yg dibawa kalau verifikasi offline", "docs_offline"},
	// farewells and thanks in more words
	{"makasih ya min, sangat membantu", "talk.thanks"},
	{"thanks, very helpful", "talk.thanks"},
	{"mlm min", "talk.greeting"},
	// words typed without spaces
	{"kirimberkasdimana", "online_verification"},
	{"JAMBUKAMPP", "hours"},
	{"lupapassword", "forgot_password"},
	{"emailkonfirmasitidakmasuk", "confirm_email|guide.3"},
	// "sekarang" and "langsung" alone stood for the hours ("sekarang buka")
	// and the place ("datang langsung")
	{"ok saya daftar sekarang", "intent.register"},
	{"oke langsung daftar aja", "register_how|intent.register"},
	{"sekarang buka gak?", "hours"},
	{"kalau mau datang langsung alamatnya dimana?", "location"},
	// found talking to the bot
	{"ok please connect me to an officer", "intent.officer"},
	{"We registered on SPSE last week but never received the second email with the user ID. What should we do?", "guide.7"},
	{"email kedua belum masuk min", "guide.7"},
	{"bisa vc sekarang gak?", "intent.reschedule"},
	{"yg nelpon petugas atau saya?", "video_call|intent.my_call"},
	{"who calls, me or you?", "video_call|intent.my_call"},
	{"saya lupa user id", "user_id"}, // tied with the password reset, listed first
	{"gan mau nanya, verifikasi itu wajib ya?", "guide.8"},
	{"is verification required to join a tender?", "guide.8|tender"},
	// tenders: only a verified account logs in and bids
	{"klo ga verifikasi bisa ikut tender ga?", "tender|guide.8"},
	{"gmn caranya ikut tender?", "tender"},
	{"kapan saya bisa mulai ikut lelang?", "tender"},
	{"cari paket tender dimana?", "tender"},
	{"how do I take part in a tender?", "tender"},
	{"can we bid without verification?", "tender|guide.8"},
	{"where can I see the open tenders?", "tender"},
	// one PDF for every document, or a photo: to the officers on a ticket
	{"dokumennya bisa dikirim dalam satu file pdf?", "docs_one_file"},
	{"boleh digabung jadi satu pdf?", "docs_one_file"},
	{"can I send all documents in one pdf?", "docs_one_file"},
	{"file nya berupa foto bisa?", "file_format"},
	{"is a photo ok?", "file_format"},
	// "dpt"/"tp" were not read as "dapat"/"tapi": the e-mail already registered
	{"sy udh daftar tp blm dpt email konfirmasi", "guide.3|confirm_email"},
	{"I registered but didn't get the confirmation email", "confirm_email|guide.3"},
	// a lost document other than the KTP: no answer covers a replacement
	{"what if the deed is lost?", ""},
	{"akta pendirian hilang gimana?", ""},
	// calling for attention, a bot, a complaint: "no answer", and "ada
	// orang?" the sole proprietorship's documents ("perorangan" stemmed to "orang")
	{"min", "talk.greeting"},
	{"kak?", "talk.greeting"},
	{"halo admin, ada orang?", "bot|intent.officer"},
	{"apakah ini bot?", "bot"},
	{"is this a bot?", "bot"},
	{"saya mau komplain", "intent.officer"},
	{"usaha perorangan syaratnya apa?", "docs_individual|intent.missing"},
	// both forgotten: the reset (it got where the User ID is); a button that
	// does not work: the application problem (it got the guide's first step)
	{"saya lupa user id dan password", "forgot_password"},
	{"tombol daftar tidak bisa diklik", "app_problem"},
	// chat shorthand: "nmr", "kntr", "bka" were not read
	{"brp nmr wa lpse", "contact"},
	{"jm bka kntr", "hours"},
	// their own account: the status (a verified one says they can log in); it got the guide's last step
	{"akun saya sudah aktif?", "intent.status"},
	{"is my account active yet?", "intent.status"},
	// logging in: it got the password reset, or the verification step
	{"bagaimana cara login spse?", "login"},
	{"saya sudah verifikasi tapi belum bisa login", "login|forgot_password"},
	{"how do I log in?", "login"},
	// SPSE and SIKaP: it got the other LPSE answer; a branch's NPWP the KSWP check
	{"apa bedanya spse dan sikap?", "sikap"},
	{"apakah bisa daftar pakai npwp cabang?", "guide.4"},
	// what is needed, in so many words: no answer, or who must attend
	{"what do we need?", "intent.missing"},
	{"apa saja yang diperlukan?", "intent.missing"},
	{"perlu siapkan apa?", "intent.missing"},
	{"what else do I need?", "intent.missing"},
	// registered, not verified: it got "you have no ticket yet"
	{"pak saya sudah daftar di spse tapi belum verifikasi, bagaimana caranya?", "guide.8"},
	// no answer: the counter, and that it can be done online instead
	{"apakah harus datang ke kantor?", "location|guide.8|online_verification"},
	// how long verification takes: no answer
	{"berapa lama proses verifikasi?", "intent.process_length"},
	{"verifikasinya berapa hari ya kak?", "intent.process_length"},
	{"how long does verification take?", "intent.process_length"},
	{"berapa lama video callnya?", "intent.call_length"},
	// the office's number: it got the video call ("telpon" is a word of calling)
	{"ada nomor telpon kantor yang bisa dihubungi?", "contact"},
	{"what is the office phone number?", "contact"},
	{"no wa kantor berapa?", "contact"}, // the location ("kantor"; 2026-12-03, over HTTP)
	{"nomor whatsapp lpse berapa kak", "contact"},
	// changing the password: it got "no open request"
	{"cara ganti password spse", "forgot_password"},
	{"how do I change my password?", "forgot_password"},
	// "menelpon" was no word of calling: no answer
	{"siapa yang akan menelpon saya?", "video_call|intent.my_call"},
	{"nanti saya ditelpon siapa?", "video_call|intent.my_call"}, // got who must attend
	// the e-mail already used for SPSE: it got the second e-mail's answer
	{"email sudah terdaftar", "email_registered"},
	{"emailnya katanya sudah dipakai", "email_registered"},
	{"this email is already registered", "email_registered"},
	// a change of data: "verifikasi ulang" got the other LPSE's answer, "changed our director" how to register
	{"kami ganti akta, perlu verifikasi ulang?", "data_change"},
	{"we changed our director", "data_change"},
	{"apakah petugas akan menelpon ke nomor wa saya?", "video_call|intent.my_call"},
	// whether a document is needed: from the requirements (doc_need)
	{"apakah harus punya NIB?", "doc_need"},
	{"NIB wajib?", "doc_need"}, // got the guide's required fields ("kolom wajib")
	{"akta perubahan perlu dikirim juga?", "doc_need"},
	{"do I need a business licence?", "doc_need"},
	{"ssp wajib gak?", "doc_need"},
	{"apakah npwp harus atas nama perusahaan?", "npwp_form"},
	{"identitas wajib pajak itu apa?", "npwp_what|npwp_foreign|docs_foreign"},
	{"ssp nya nyusul boleh?", "doc_need"},
	{"spp itu apa?", "ssp_what"},                               // the office's guide writes SPP: no answer
	{"my boss is too busy, can I do the call?", "who_attends"}, // no answer
	{"are you open during Ramadan?", "hours"},                  // the video call's content ("during")
	{"what is an ssp?", "ssp_what"},                            // the individual business's list             // on a ticket it went to the officers
	{"kalau sinyal jelek gimana?", "call_connection"},          // nothing: a voice call instead, the signal
	{"bisa telpon biasa aja?", "call_connection"},
	{"my internet is bad, can we do voice only?", "call_connection"},
	{"apakah perlu menyiapkan laptop?", "call_connection"},
	{"do I need a laptop for the call?", "call_connection"},
	{"nanti kalau saya tidak angkat telponnya gimana?", "call_missed"},
	{"kalau video call nya kelewatan gimana kak", "call_missed"},
	{"what if I miss the call?", "call_missed"},
	{"bedanya verifikasi online dan offline apa?", "intent.mode_compare|guide.8"},   // it got the counter's address
	{"what's the difference between online and in-person verification?", "guide.8"}, // it got what SIKaP is
	{"did you receive all my files?", "intent.missing"},                             // it got the confirmation e-mail
	{"what is the difference between PT and CV registration?", "docs_company"},      // "difference" pulled to SIKaP
	{"the website is down", "app_problem"},                                          // it got the guide's first step
	{"website lpse nya error terus", "app_problem"},
	{"I can't find the registration menu on the website", "guide.1"},
	{"berarti tinggal tunggu ditelpon ya?", "intent.my_call"}, // it got the missed call's answer
	{"so I just wait for the call now?", "intent.my_call"},    // it got the day list to move the call
	{"jam berapa verifikasi offline?", "hours"},               // moved to the location as answers were added
	{"what happens if the director doesn't pick up?", "call_missed"},
	{"my director is abroad, can we do the video call from Singapore?", "video_call|intent.my_call|intent.call_away"}, // a foreign company's documents
	{"is there parking?", ""},                                                                                         // the vendor's call ("is there anything free"); the seed says nothing of parking
	{"SBU wajib ga?", "doc_need"},                                                                                     // a document no form lists: got the guide's last step
	{"apakah harus punya ISO?", "doc_need"},
	{"akun saya kapan diverifikasi?", "guide.8|intent.status"}, // got the office hours
	{"muncul tulisan npwp tidak valid", "npwp_registered"},     // got nothing
	{"can I send the business licence later?", "doc_need"},
	// a wish to verify online starts the registration; asking how is answered
	{"mau daftar verifikasi online min", "intent.register"},
	{"saya ingin verifikasi berkas secara daring", "intent.register"},
	{"I want to verify online", "intent.register"},
	{"verifikasi online gimana caranya?", "online_verification"},
	// vendors of other regions, and those verified at another LPSE
	{"saya dari kabupaten bogor, bisa daftar verifikasi di sini?", "other_lpse"},
	{"kalau sudah terverifikasi di lpse kota depok perlu verifikasi lagi?", "other_lpse"},
	{"perusahaan kami domisili jakarta, boleh verifikasi di bogor?", "other_lpse"},
	{"we are already verified at another LPSE, do we need to register again?", "other_lpse"},
	{"our company is from another city, can we register here?", "other_lpse|online_verification"},
	// the director's identity document: they got the file-format answer or the company's NPWP
	{"kalau direktur warga negara asing pakai paspor boleh?", "id_card"},
	{"ktp hilang, pakai surat keterangan boleh?", "id_card"},
	{"ktp elektronik belum jadi", "id_card"},
	{"can I use my passport instead of KTP?", "id_card"},
	{"I want to register", "register_how|intent.register"}, // "want" counted as a word no answer knows
	{"I'd like to register", "register_how|intent.register"},
	{"can my colleague join the call too?", "who_attends"}, // got the file-format answer
	{"rekan kerja saya boleh ikut video call?", "who_attends"},
}

// understandAtMenu is what the bot makes of text typed at the main menu:
// small talk first, then a typed menu choice, then the matcher.
func understandAtMenu(f *Flows, text string) string {
	switch smallTalk(text) {
	case talkGreeting, talkHow:
		return "talk.greeting"
	case talkThanks:
		return "talk.thanks"
	case talkAck, talkEmoji:
		return "talk.ack"
	case talkQuery:
		return "talk.query"
	}
	c := &conv{f: f, st: &state{Step: stepMenu}}
	for _, o := range menuOpts() {
		c.st.Offer = append(c.st.Offer, o.action)
	}
	switch c.typedChoice(text) {
	case actCall:
		return "intent.my_call"
	case actStatus:
		return "intent.status"
	case actOfficer:
		return "intent.officer"
	case actRegister:
		return "intent.register"
	case actHours:
		return "hours"
	case actGuide:
		return "register_how"
	case actLangMenu:
		return "language"
	}
	if m, ok := (&conv{f: f}).bestAnswer(text); ok {
		return m.ID
	}
	return ""
}

// TestPhrasedQuestions reports the share of phrased questions the bot
// understands (stated in the README) and fails below 90 %.
func TestPhrasedQuestions(t *testing.T) {
	f := newFlows(t)
	right := 0
	for _, c := range phrasedQuestions {
		got := understandAtMenu(f, c.q)
		if slices.Contains(strings.Split(c.want, "|"), got) {
			right++
			continue
		}
		t.Logf("miss: %q → %q, want %q (ranking %v)", c.q, got, c.want, top3(f.latest().match.Rank(c.q)))
	}
	n := len(phrasedQuestions)
	share := float64(right) / float64(n) * 100
	t.Logf("phrased questions answered right: %d of %d (%.0f%%)", right, n, share)
	if n < 80 {
		t.Errorf("only %d phrased questions; the set must keep at least 80", n)
	}
	if share < 90 {
		t.Errorf("%.0f%% answered right; want at least 90%%", share)
	}
}
