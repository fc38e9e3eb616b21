package storetest

import (
	"testing"
	"time"

	"loket"
)

// testAgentAccess covers ending an agent's other sessions and listing /
// revoking API tokens, which only their owner may revoke.
func testAgentAccess(t *testing.T, s Store) {
	ctx := ctxT(t)
	var ana, budi *loket.Agent
	inTx(t, s, func(tx Tx) error {
		ana = &loket.Agent{Username: "ana", Role: loket.RoleAgent, Active: true, CreatedAt: t0}
		budi = &loket.Agent{Username: "budi", Role: loket.RoleAdmin, Active: true, CreatedAt: t0}
		must(t, tx.SaveAgent(ctx, ana))
		must(t, tx.SaveAgent(ctx, budi))
		for _, x := range []struct {
			hash  string
			agent int64
		}{{"ana-1", ana.ID}, {"ana-2", ana.ID}, {"ana-3", ana.ID}, {"budi-1", budi.ID}} {
			must(t, tx.CreateSession(ctx, &loket.Session{TokenHash: x.hash, AgentID: x.agent, CSRFToken: "c", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}))
		}
		return nil
	})

	cases := []struct {
		name      string
		agent     int64
		keep      string
		wantN     int64
		wantAlive []string
		wantGone  []string
	}{
		{"keep the current session", ana.ID, "ana-2", 2, []string{"ana-2", "budi-1"}, []string{"ana-1", "ana-3"}},
		{"nothing left to end", ana.ID, "ana-2", 0, []string{"ana-2", "budi-1"}, nil},
		{"end them all", ana.ID, "", 1, []string{"budi-1"}, []string{"ana-2"}},
		{"unknown agent", 99999, "", 0, []string{"budi-1"}, nil},
	}
	for _, c := range cases {
		inTx(t, s, func(tx Tx) error {
			n, err := tx.DeleteSessionsByAgent(ctx, c.agent, c.keep)
			must(t, err)
			if n != c.wantN {
				t.Errorf("%s: ended %d sessions, want %d", c.name, n, c.wantN)
			}
			for _, h := range c.wantAlive {
				if _, err := tx.SessionByTokenHash(ctx, h); err != nil {
					t.Errorf("%s: session %s: %v, want alive", c.name, h, err)
				}
			}
			for _, h := range c.wantGone {
				_, err := tx.SessionByTokenHash(ctx, h)
				wantErr(t, err, loket.ErrNotFound)
			}
			return nil
		})
	}

	var t1, t2, t3 *loket.APIToken
	inTx(t, s, func(tx Tx) error {
		toks, err := tx.ListAPITokens(ctx, ana.ID)
		must(t, err)
		if len(toks) != 0 {
			t.Fatalf("tokens before any = %+v", toks)
		}
		t1 = &loket.APIToken{AgentID: ana.ID, Name: "reports", TokenHash: "h1", CreatedAt: t0}
		t2 = &loket.APIToken{AgentID: ana.ID, Name: "crm", TokenHash: "h2", CreatedAt: t0.Add(time.Minute)}
		t3 = &loket.APIToken{AgentID: budi.ID, Name: "admin", TokenHash: "h3", CreatedAt: t0}
		for _, tk := range []*loket.APIToken{t1, t2, t3} {
			must(t, tx.CreateAPIToken(ctx, tk))
		}
		toks, err = tx.ListAPITokens(ctx, ana.ID)
		must(t, err)
		if len(toks) != 2 || toks[0].ID != t1.ID || toks[1].Name != "crm" || toks[1].AgentID != ana.ID || !toks[1].CreatedAt.Equal(t2.CreatedAt) {
			t.Fatalf("ana's tokens = %+v", toks)
		}
		// Another agent's token, or one that does not exist, is not found.
		wantErr(t, tx.RevokeAPIToken(ctx, ana.ID, t3.ID), loket.ErrNotFound)
		wantErr(t, tx.RevokeAPIToken(ctx, ana.ID, 99999), loket.ErrNotFound)
		must(t, tx.RevokeAPIToken(ctx, ana.ID, t1.ID))
		wantErr(t, tx.RevokeAPIToken(ctx, ana.ID, t1.ID), loket.ErrNotFound)
		return nil
	})
	inTx(t, s, func(tx Tx) error {
		_, err := tx.APITokenByHash(ctx, "h1")
		wantErr(t, err, loket.ErrNotFound)
		if _, err := tx.APITokenByHash(ctx, "h3"); err != nil {
			t.Errorf("budi's token after ana's revocations: %v", err)
		}
		toks, err := tx.ListAPITokens(ctx, ana.ID)
		must(t, err)
		if len(toks) != 1 || toks[0].ID != t2.ID {
			t.Fatalf("ana's tokens after revoking one = %+v", toks)
		}
		return nil
	})
}
