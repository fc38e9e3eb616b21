package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"loket/store/files"
)

// cmdFiles handles `loket files encrypt` (seal every plain document under
// LOKET_FILES_KEY) and `loket files rotate-key` (also reseal documents
// under LOKET_FILES_KEY_OLD). Both touch only the document files, can run
// while Loket serves, and resume where an interrupted run stopped.
func cmdFiles(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) != 1 || (args[0] != "encrypt" && args[0] != "rotate-key") {
		return &configError{"files", usageLine("files")}
	}
	rotate := args[0] == "rotate-key"
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	if cfg.FilesKey == nil {
		return &configError{"LOKET_FILES_KEY", fmt.Sprintf("required by loket files %s: the key documents are encrypted under (32 bytes in base64)", args[0])}
	}
	if rotate && cfg.FilesKeyOld == nil {
		return &configError{"LOKET_FILES_KEY_OLD", "required by loket files rotate-key: the key documents are encrypted under now (LOKET_FILES_KEY is the new one)"}
	}
	dir, err := files.NewDir(filepath.Join(cfg.DataDir, "files"), cfg.filesOptions()...)
	if err != nil {
		return &configError{"LOKET_DATA_DIR", fmt.Sprintf("cannot use the document store: %v", err)}
	}
	fmt.Fprintf(stderr, "encrypting documents under key %s in %s\n", cfg.FilesKey.ID(), dir.Root())
	st, err := dir.Migrate(ctx, files.MigrateOptions{Rotate: rotate, Progress: progressPrinter(stderr)})
	fmt.Fprintf(stdout, "%d documents: %d encrypted now, %d re-encrypted from the old key, %d already under key %s",
		st.Total, st.Sealed, st.Resealed, st.Unchanged, cfg.FilesKey.ID())
	if st.OtherKey > 0 {
		fmt.Fprintf(stdout, ", %d under another key (run loket files rotate-key with it in LOKET_FILES_KEY_OLD)", st.OtherKey)
	}
	if st.Failed > 0 {
		fmt.Fprintf(stdout, ", %d failed", st.Failed)
	}
	fmt.Fprintln(stdout)
	if err != nil {
		return fmt.Errorf("%w (run the command again to resume)", err)
	}
	return nil
}

// progressPrinter reports a long run every 5% (and at the end).
func progressPrinter(w io.Writer) func(files.MigrateStats) {
	last := -1
	return func(st files.MigrateStats) {
		pct := st.Done * 100 / max(st.Total, 1)
		if pct/5 == last/5 && st.Done != st.Total {
			return
		}
		last = pct
		fmt.Fprintf(w, "  %d/%d (%d%%)\n", st.Done, st.Total, pct)
	}
}
