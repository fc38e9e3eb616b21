//go:build ignore

// mkpdfcpu makes the fixtures whose producer is pdfcpu itself. Run from the
// module root by make-fixtures.sh:
//
//	go run ./flows/pdfcheck/testdata/gen/mkpdfcpu.go TESTDATA_DIR
package main

import (
	"log"
	"os"
	"path/filepath"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: mkpdfcpu TESTDATA_DIR")
	}
	dir := os.Args[1]
	p := func(name string) string { return filepath.Join(dir, name) }
	api.DisableConfigDir()

	// An image-only "scan": one JPEG photo placed on an A4 page.
	if err := api.ImportImagesFile([]string{p("photo.jpg")}, p("pdfcpu_image_import.pdf"), api.DefaultImportConfig(), model.NewDefaultConfiguration()); err != nil {
		log.Fatalf("import image: %v", err)
	}
	// Several documents merged into one file (text + scan + object streams).
	in := []string{p("gs_text.pdf"), p("img2pdf_scan.pdf"), p("qpdf_objstreams.pdf")}
	if err := api.MergeCreateFile(in, p("pdfcpu_merged.pdf"), false, model.NewDefaultConfiguration()); err != nil {
		log.Fatalf("merge: %v", err)
	}
	// A file that needs a user password to open (AES-256).
	conf := model.NewAESConfiguration("rahasia-user", "rahasia-owner", 256)
	if err := api.EncryptFile(p("gs_text.pdf"), p("pdfcpu_user_password.pdf"), conf); err != nil {
		log.Fatalf("encrypt: %v", err)
	}
}
