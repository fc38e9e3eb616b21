package flows

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"loket"
	"loket/messages"
)

// goldenEntry is a timeline entry of a golden transcript:
// "   - kind/actor: body {meta}".
var goldenEntry = regexp.MustCompile(`^   - ([a-z_]+)/([a-z]+): (.*?)( \{.*\})?$`)

// Every timeline entry the bot writes, other than the messages
// themselves, is an event the console renders in each reader's language:
// its meta names it, and the catalogue has its text. Status changes
// carry {"from","to"} and are rendered as events too.
func TestTimelineEntriesAreEvents(t *testing.T) {
	cat, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	err = filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".golden") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			m := goldenEntry.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			kind := loket.ActivityKind(m[1])
			if kind == loket.ActMessageIn || kind == loket.ActMessageOut {
				continue
			}
			var meta map[string]any
			if m[4] == "" || json.Unmarshal([]byte(strings.TrimSpace(m[4])), &meta) != nil {
				t.Errorf("%s:%d: %s entry without meta: %s", path, i+1, kind, line)
				continue
			}
			name, _ := meta["event"].(string)
			if kind == loket.ActStatus && name == "" && meta["from"] != nil && meta["to"] != nil {
				name = "status"
			}
			if name == "" {
				t.Errorf("%s:%d: %s entry is no event: %s", path, i+1, kind, line)
				continue
			}
			seen[name]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) < 10 {
		t.Fatalf("only %d kinds of event in the goldens: %v", len(seen), seen)
	}
	// Entries no golden transcript reaches; their own tests check the meta.
	for _, name := range []string{"idle_closed", "doc_active", "gave_up", "message_hidden", "message_kind"} {
		seen[name]++
	}
	for name := range seen {
		for _, l := range messages.Langs {
			if cat.Text(l, "event."+name, nil) == "" {
				t.Errorf("catalogue %s lacks event.%s", l, name)
			}
		}
	}
}
