package postgres_test

import (
	"context"
	"testing"

	"loket/store/postgres"
)

// The store's connections plan with random_page_cost 1.1 unless someone
// set it (here the URL, as a runtime parameter).
func TestRandomPageCost(t *testing.T) {
	for _, c := range []struct{ set, want string }{{"", "1.1"}, {"2.5", "2.5"}} {
		cfg := freshSchema(t)
		if c.set != "" {
			cfg.ConnConfig.RuntimeParams["random_page_cost"] = c.set
		}
		s, err := postgres.OpenConfig(context.Background(), cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		err = s.Pool().QueryRow(context.Background(), "SHOW random_page_cost").Scan(&got)
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("random_page_cost set to %q: got %s, want %s", c.set, got, c.want)
		}
	}
}
