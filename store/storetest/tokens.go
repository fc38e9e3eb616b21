package storetest

import (
	"errors"
	"testing"

	"loket"
)

func testRevokeAgentTokens(t *testing.T, s Store) {
	ctx := ctxT(t)
	inTx(t, s, func(tx Tx) error {
		sari := &loket.Agent{Username: "sari", Role: loket.RoleAgent, Active: true, CreatedAt: t0}
		dewi := &loket.Agent{Username: "dewi", Role: loket.RoleAgent, Active: true, CreatedAt: t0}
		must(t, tx.SaveAgent(ctx, sari))
		must(t, tx.SaveAgent(ctx, dewi))
		for i, a := range []*loket.Agent{sari, sari, dewi} {
			must(t, tx.CreateAPIToken(ctx, &loket.APIToken{AgentID: a.ID, Name: "t", TokenHash: "rv" + string(rune('a'+i)), CreatedAt: t0}))
		}
		n, err := tx.RevokeAPITokensByAgent(ctx, sari.ID)
		if err != nil || n != 2 {
			t.Fatalf("revoke sari's tokens = %d, %v; want 2", n, err)
		}
		if toks, _ := tx.ListAPITokens(ctx, sari.ID); len(toks) != 0 {
			t.Fatalf("sari keeps %+v", toks)
		}
		if toks, _ := tx.ListAPITokens(ctx, dewi.ID); len(toks) != 1 {
			t.Fatalf("dewi's token went too: %+v", toks)
		}
		if n, err := tx.RevokeAPITokensByAgent(ctx, sari.ID); err != nil || n != 0 {
			t.Fatalf("revoke again = %d, %v", n, err)
		}
		return nil
	})
}

func testSettingVersions(t *testing.T, s Store) {
	ctx := ctxT(t)
	inTx(t, s, func(tx Tx) error {
		if _, v, err := tx.SettingVersion(ctx, "canned"); !errors.Is(err, loket.ErrNotFound) || v != 0 {
			t.Fatalf("unsaved: %d %v", v, err)
		}
		v1, err := tx.SaveSettingIf(ctx, "canned", []byte(`{"a":1}`), 0, t0)
		must(t, err)
		if _, err := tx.SaveSettingIf(ctx, "canned", []byte(`{"a":2}`), 0, t0); !errors.Is(err, loket.ErrConflict) {
			t.Fatalf("second first save: %v, want conflict", err)
		}
		v2, err := tx.SaveSettingIf(ctx, "canned", []byte(`{"a":3}`), v1, t0)
		must(t, err)
		if v2 <= v1 {
			t.Fatalf("version did not grow: %d → %d", v1, v2)
		}
		// A second admin who read v1 saves after the first one: refused.
		if _, err := tx.SaveSettingIf(ctx, "canned", []byte(`{"a":4}`), v1, t0); !errors.Is(err, loket.ErrConflict) {
			t.Fatalf("stale save: %v, want conflict", err)
		}
		must(t, tx.SaveSetting(ctx, "canned", []byte(`{"a":5}`), t0)) // unconditional saves bump it too
		val, v3, err := tx.SettingVersion(ctx, "canned")
		must(t, err)
		if v3 <= v2 || (string(val) != `{"a":5}` && string(val) != `{"a": 5}`) {
			t.Fatalf("after an unconditional save: %s v%d", val, v3)
		}
		return nil
	})
}
