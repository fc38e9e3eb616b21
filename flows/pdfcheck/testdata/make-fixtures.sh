#!/usr/bin/env bash
# Rebuilds the committed fixtures of flows/pdfcheck. Tests and CI never run
# this; it documents how each file was made. Needs (Debian packages):
#   enscript ghostscript qpdf img2pdf imagemagick python3, and Go for pdfcpu.
# Run from anywhere: bash flows/pdfcheck/testdata/make-fixtures.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here"

# --- source material: short Indonesian-looking text, no personal data -------
for i in $(seq 1 90); do
  echo "Contoh dokumen pendaftaran penyedia (fiktif) - baris $i - NPWP 00.000.000.0-000.000"
done >"$work/text.txt"
for i in $(seq 1 3120); do echo "hal $(( (i - 1) / 60 + 1 )) baris $i"; done >"$work/long.txt"

# --- ghostscript (via enscript PostScript) ----------------------------------
enscript -q -B -L 60 -o "$work/text.ps" "$work/text.txt"
ps2pdf "$work/text.ps" gs_text.pdf                      # 2 pages, classic xref
enscript -q -B -L 60 -o "$work/long.ps" "$work/long.txt"
ps2pdf "$work/long.ps" gs_52_pages.pdf                  # 52 pages (> 50)
gs -q -sDEVICE=pdfimage8 -r72 -o gs_pdfimage_scan.pdf gs_text.pdf   # image-only, like a scanner

# --- ImageMagick: a photo, a screenshot --------------------------------------
convert -seed 7 -size 480x300 plasma:fractal -blur 0x1 -quality 60 photo.jpg
convert -size 160x100 gradient:skyblue-navy -depth 8 -strip screenshot.png

# --- img2pdf: image-only scan (JPEG embedded as is) --------------------------
img2pdf --producer "img2pdf" photo.jpg -o img2pdf_scan.pdf

# --- qpdf ---------------------------------------------------------------------
qpdf --linearize gs_text.pdf qpdf_linearized.pdf
qpdf --object-streams=generate gs_text.pdf qpdf_objstreams.pdf
qpdf --force-version=2.0 --object-streams=generate gs_text.pdf qpdf_pdf20.pdf
qpdf --empty --pages gs_text.pdf img2pdf_scan.pdf gs_pdfimage_scan.pdf -- qpdf_merged.pdf
qpdf --encrypt "" pemilik-rahasia 256 --print=none --modify=none --extract=n -- gs_text.pdf qpdf_owner_only_aes256.pdf
qpdf --allow-weak-crypto --encrypt "" pemilik-rahasia 128 --use-aes=n --print=none --modify=none -- gs_text.pdf qpdf_owner_only_rc4.pdf
qpdf --encrypt pengguna-rahasia pemilik-rahasia 256 -- gs_text.pdf qpdf_user_password_aes256.pdf
qpdf --encrypt pengguna-rahasia pemilik-rahasia 128 --use-aes=y -- gs_text.pdf qpdf_user_password_aes128.pdf

# --- pdfcpu itself (import image, merge, encrypt with user password) --------
(cd "$root" && go run ./flows/pdfcheck/testdata/gen/mkpdfcpu.go "$here")
(cd "$root" && go run ./flows/pdfcheck/testdata/gen/mkactive.go "$here/active_javascript.pdf")

# --- hand edits of real files ------------------------------------------------
python3 gen/incremental.py gs_text.pdf incremental_update.pdf
{ cat gs_text.pdf; printf '\r\n\000\000trailing bytes added by a mail gateway\r\n'; } >trailing_bytes.pdf
{ printf 'From: scanner\r\n\r\n'; cat qpdf_linearized.pdf; } >leading_junk.pdf
head -c "$(( $(stat -c %s gs_text.pdf) / 2 ))" gs_text.pdf >truncated_half.pdf
head -c "$(( $(stat -c %s qpdf_objstreams.pdf) - 600 ))" qpdf_objstreams.pdf >truncated_xrefstream.pdf
python3 gen/zeropages.py zero_pages.pdf
python3 gen/mkdocx.py letter.docx

ls -l
