package flows

// informal folds chat spellings and synonyms onto one word before
// stemming. It is matcher data, never shown to anyone.
var informal = map[string]string{
	// "perpanjang" (to extend) spells like "kepanjangan" (what NPWP stands
	// for) to the trigrams: "mau perpanjang akun" got what an NPWP is.
	// No answer is about extending anything, so the word is left out.
	"perpanjang": "", "perpanjangan": "", "memperpanjang": "", "diperpanjang": "",
	// Recording: no answer is about it, and "rekam" spells like "rekan"
	// (a colleague, in who may attend): "apakah video call direkam?" got
	// "cannot be delegated". Folded to a word too short to match fuzzily,
	// that no answer has: the question is left unanswered, honestly.
	"rekam": "rec", "direkam": "rec", "merekam": "rec", "rekaman": "rec", "terekam": "rec",
	"record": "rec", "recorded": "rec", "recording": "rec",
	"gak": "tidak", "ga": "tidak", "gk": "tidak", "nggak": "tidak", "ngga": "tidak", "enggak": "tidak",
	"engga": "tidak", "tdk": "tidak", "tak": "tidak", "kagak": "tidak", "not": "tidak", "no": "tidak",
	"didnt": "tidak", "doesnt": "tidak", "havent": "belum", "dont": "tidak", "cant": "tidak", "never": "tidak",
	"blm": "belum", "blum": "belum", "yet": "belum",
	"dpt": "dapat", "dapet": "dapat", "dptin": "dapat", "tp": "tapi", "tpi": "tapi",
	"nmr": "nomor", "nomer": "nomor", "kntr": "kantor", "ktr": "kantor", "bka": "buka",
	"sdh": "sudah", "udh": "sudah", "udah": "sudah", "dah": "sudah", "already": "sudah",
	"brp": "berapa", "jm": "jam", "pkl": "jam", "pukul": "jam", "hours": "jam", "hour": "jam", "time": "jam", "open": "buka",
	"imel": "email", "surel": "email", "mail": "email", "emailnya": "email",
	"dokumen": "berkas", "file": "berkas", "files": "berkas", "doc": "berkas", "docs": "berkas", "document": "berkas",
	"documents": "berkas", "persyaratan": "syarat", "requirement": "syarat", "requirements": "syarat",
	"pw": "password", "pass": "password", "sandi": "password", "katasandi": "password", "pwd": "password",
	"verif": "verifikasi", "verify": "verifikasi", "verification": "verifikasi",
	"batalin": "batalkan", "batalkan": "batalkan", "cancel": "batalkan", "daftar": "daftar", "daftr": "daftar", "dftr": "daftar", "daptar": "daftar", "register": "daftar", "registration": "daftar", "signup": "daftar", "registered": "daftar",
	"dmn": "mana", "dimana": "mana", "where": "mana", "lokasi": "alamat", "location": "alamat", "address": "alamat",
	"wa": "whatsapp", "vc": "videocall", "vidcall": "videocall",
	"perseorangan": "perorangan", "individu": "perorangan", "pribadi": "perorangan", "individual": "perorangan",
	"forgot": "lupa", "forget": "lupa", "lost": "lupa", "reset": "lupa",
	"masuk": "masuk", "msk": "masuk", "arrive": "masuk", "received": "masuk", "receive": "masuk", "inbox": "masuk",
	"tax": "pajak", "konfirmasi": "konfirmasi", "confirmation": "konfirmasi", "confirm": "konfirmasi",
	"kantor": "kantor", "office": "kantor", "bring": "bawa", "membawa": "bawa", "dibawa": "bawa",
	"asli": "asli", "original": "asli", "originals": "asli", "foreign": "asing", "company": "perusahaan",
	"change": "ubah", "ganti": "ubah", "update": "ubah", "perubahan": "ubah", "edit": "ubah",
	"error": "error", "eror": "error", "erorr": "error", "bug": "error", "gagal": "error", "failed": "error",
	"duplikasi": "duplikat", "duplicate": "duplikat", "dobel": "duplikat", "double": "duplikat",
	"status": "status", "progress": "status",
	"call": "telepon", "telpon": "telepon", "telp": "telepon", "nelpon": "telepon", "nelepon": "telepon", "menelepon": "telepon", "menelpon": "telepon", "menelfon": "telepon", "ditelepon": "telepon", "nelp": "telepon", "nelfon": "telepon", "tlp": "telepon", "ditelpon": "telepon", "ditelfon": "telepon", "phone": "telepon", "hp": "telepon",
	"contact": "kontak", "hubungi": "kontak", "kontak": "kontak",
	// moving a call earlier; "maju" alone is in many company names ("CV Maju Jaya")
	"majukan": "majukanjadwal", "dimajukan": "majukanjadwal", "majuin": "majukanjadwal", "dimajuin": "majukanjadwal",
	"dimajukannya": "majukanjadwal",
	// size and leave in chat ("file nya kegedean gmn", "klo foto ktp gpp kan?")
	"kegedean": "besar", "kebesaran": "besar", "gede": "besar", "gedhe": "besar", "big": "besar", "large": "besar",
	"supplier": "penyedia", "suplier": "penyedia", "rekanan": "penyedia", "vendor": "penyedia", "vendors": "penyedia",
	"ngomong": "bicara", "ngobrol": "bicara", "omong": "bicara", "cs": "petugas", "orangnya": "orang",
	"dtg": "datang", "dateng": "datang", "dtang": "datang",
	"klo": "kalau", "kl": "kalau", "gpp": "boleh", "gapapa": "boleh", "ngapapa": "boleh",
	"pake": "pakai", "dipake": "pakai", "dipakai": "pakai", "memakai": "pakai", "whos": "who",
	// chat shorthand ("gmna cara daftarnya?", "brkas apa aj yg hrs dkirim",
	// "wat docments do i need", "whre is ur ofice" got no answer)
	"gmna": "gimana", "gmana": "gimana", "gimna": "gimana", "aj": "aja", "hrs": "harus", "mw": "mau",
	"bntu": "bantu", "dkirim": "dikirim", "brkas": "berkas", "brks": "berkas", "kmis": "kamis", "wat": "what",
	"whre": "mana", "wher": "mana", "ur": "your", "pls": "please", "plz": "please",
	// "syrt nya apa aj", "kpn sy ditlp" (no answer)
	"syrt": "syarat", "srat": "syarat", "ditlp": "telepon", "ditelp": "telepon", "dtlp": "telepon", "kpn": "kapan",
	// the tax payment slip by its initials ("ssp dapat dari mana?" got "no
	// open request")
	"ssp": "setor",
	// cities other than the office's ("saya dari depok bisa daftar?",
	// "kalau kantor saya di jakarta bisa?" got no answer): one word, so
	// that the answer about other regions names them all
	"jakarta": "kotalain", "jkt": "kotalain", "depok": "kotalain", "bekasi": "kotalain", "tangerang": "kotalain",
	"bandung": "kotalain", "sukabumi": "kotalain", "cianjur": "kotalain", "surabaya": "kotalain", "semarang": "kotalain",
	"medan": "kotalain", "yogyakarta": "kotalain", "jogja": "kotalain", "makassar": "kotalain", "tangsel": "kotalain",
	// the office's guide writes the slip SPP ("spp itu apa?" got no answer)
	"spp": "setor",
	// preparing in chat ("perlu siapin apa?", "harus nyiapin apa" got no
	// answer: "-in" is the spoken "-kan")
	"siapin": "siapkan", "disiapin": "disiapkan", "nyiapin": "siapkan", "nyiapkan": "siapkan", "menyiapkan": "siapkan",
	"nyiapain": "siapkan", "siapain": "siapkan", "disiapain": "disiapkan",
}

// stopwords carry no meaning for matching (both languages).
var stopwords = map[string]bool{
	"yang": true, "di": true, "ke": true, "dari": true, "dan": true, "atau": true, "saya": true,
	"aku": true, "sy": true, "gw": true, "gue": true, "kami": true, "kita": true, "anda": true,
	"apa": true, "apakah": true, "ini": true, "itu": true, "untuk": true, "utk": true, "buat": true,
	"dengan": true, "dgn": true, "ada": true, "adalah": true, "bisa": true, "bs": true, "mau": true,
	"ingin": true, "tolong": true, "tlg": true, "mohon": true, "min": true, "kak": true, "pak": true,
	"bu": true, "bapak": true, "ibu": true, "halo": true, "hai": true, "hi": true, "hello": true,
	"ya": true, "yg": true, "nya": true, "kok": true, "sih": true, "dong": true, "deh": true,
	"nih": true, "kah": true, "juga": true, "saja": true, "aja": true, "katanya": true, "kata": true,
	"the": true, "a": true, "an": true, "is": true, "are": true, "my": true, "i": true, "me": true,
	"to": true, "of": true, "for": true, "in": true, "on": true, "at": true, "do": true, "does": true,
	"what": true, "how": true, "can": true, "it": true, "and": true, "or": true, "with": true,
	"please": true, "which": true, "when": true, "you": true, "your": true, "we": true, "be": true,
	"have": true, "has": true, "this": true, "that": true, "need": true, "should": true, "will": true,
	"gimana": true, "bagaimana": true, "gmn": true, "cara": true, "caranya": true, "harus": true,
	"perlu": true, "hari": true, "today": true, "terima": true, "kasih": true, "makasih": true,
	"thanks": true, "thank": true, "banyak": true, "lagi": true, "ok": true, "oke": true, "baik": true, "siap": true, "sudah": false, "pada": true, "oleh": true, "akan": true, "sebagai": true,
	// asking and greeting around the question ("hallo, saya ingin menanyakan …")
	"hallo": true, "helo": true, "selamat": true, "menanyakan": true, "tanya": true, "nanya": true,
	"bertanya": true, "tanyakan": true, "numpang": true, "as": true,
	// the topic announced and the courtesy around it ("permisi, maaf
	// mengganggu, mau tanya soal pendaftaran" got no answer: "soal" and
	// "mengganggu" weighed as the rarest words of the question)
	"soal": true, "tentang": true, "mengenai": true, "perihal": true, "terkait": true, "about": true,
	"regarding": true, "question": true, "was": true, "were": true, "permisi": true, "maaf": true, "mf": true, "mengganggu": true, "ganggu": true,
	"menganggu": true, "sorry": true, "excuse": true, "bother": true, "bothering": true,
	// the office's own name says nothing about the question ("cara daftar di lpse")
	"lpse": true,
	// wishing in English ("I want to register", "I'd like to register"
	// fell under the share of the question an answer must cover)
	"want": true, "wanna": true, "would": true, "like": true, "d": true, "ll": true,
	// "and then" ("terus gimana dong?" asks what now, not "loading terus")
	"terus": true, "trus": true, "trs": true, "lalu": true, "kemudian": true,
	// "with" ("bicara sama orang"); "bersama" stems to it, and a company
	// named "CV Maju Bersama" was taken for asking for an officer
	"sama": true,
	// "is there parking?" was taken for the vendor's call ("is there
	// anything free")
	"there": true,
	// "why" ("kenapa harus pdf?" got the vendor's status, whose "kenapa
	// belum diproses" shares it): the question's subject says what
	"kenapa": true, "knp": true, "napa": true, "why": true, "mengapa": true,
	// "later" ("nanti bawa apa aja?" got the video call's answer, whose
	// "nanti ditelepon siapa" shares it)
	"nanti": true, "ntar": true, "entar": true, "later": true,
}
