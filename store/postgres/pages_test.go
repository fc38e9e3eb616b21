package postgres_test

import (
	"context"
	"testing"

	"loket/store/postgres"
)

// The store's connections plan with random_page_cost 1.1 and keep generic
// plans (plan_cache_mode force_generic_plan) unless someone set them (here
// the URL, as runtime parameters).
func TestPlannerDefaults(t *testing.T) {
	for _, c := range []struct{ set, want map[string]string }{
		{map[string]string{}, map[string]string{"random_page_cost": "1.1", "plan_cache_mode": "force_generic_plan"}},
		{map[string]string{"random_page_cost": "2.5"}, map[string]string{"random_page_cost": "2.5", "plan_cache_mode": "force_generic_plan"}},
		{map[string]string{"plan_cache_mode": "auto"}, map[string]string{"random_page_cost": "1.1", "plan_cache_mode": "auto"}},
	} {
		cfg := freshSchema(t)
		for k, v := range c.set {
			cfg.ConnConfig.RuntimeParams[k] = v
		}
		s, err := postgres.OpenConfig(context.Background(), cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range c.want {
			var got string
			if err := s.Pool().QueryRow(context.Background(), "SHOW "+name).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("set %v: %s = %s, want %s", c.set, name, got, want)
			}
		}
		s.Close()
	}
}
