package knowledge

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"loket"
)

// Set is the knowledge in force: the current office profile and
// requirements (the defaults until an admin saves one) and the stored
// answers (to lay over the bot's built-in ones with Merge).
type Set struct {
	Stamp        int64 // the store's KnowledgeStamp it was read at
	Office       Office
	Requirements Requirements
	Answers      []Answer // stored answers, current versions, deleted ones included
}

// Reader is what Load needs of a store transaction.
type Reader interface {
	KnowledgeCurrent(ctx context.Context, kind string) ([]loket.KnowledgeVersion, error)
	KnowledgeStamp(ctx context.Context) (int64, error)
}

// Defaults is the knowledge of a fresh install: the seed's facts, no
// stored answers.
func Defaults() (*Set, error) {
	o, err := DefaultOffice()
	if err != nil {
		return nil, err
	}
	r, err := DefaultRequirements()
	if err != nil {
		return nil, err
	}
	return &Set{Office: o, Requirements: r}, nil
}

// Load reads the knowledge in force.
func Load(ctx context.Context, r Reader) (*Set, error) {
	s, err := Defaults()
	if err != nil {
		return nil, err
	}
	if s.Stamp, err = r.KnowledgeStamp(ctx); err != nil {
		return nil, fmt.Errorf("knowledge: stamp: %w", err)
	}
	if s.Stamp == 0 {
		return s, nil
	}
	for _, k := range []struct {
		kind string
		dst  any
	}{{loket.KnowOffice, &s.Office}, {loket.KnowRequirements, &s.Requirements}} {
		vs, err := r.KnowledgeCurrent(ctx, k.kind)
		if err != nil {
			return nil, fmt.Errorf("knowledge: load %s: %w", k.kind, err)
		}
		for _, v := range vs { // one, with Key ""
			if err := json.Unmarshal(v.Body, k.dst); err != nil {
				return nil, fmt.Errorf("knowledge: decode %s version %d: %w", k.kind, v.Version, err)
			}
		}
	}
	vs, err := r.KnowledgeCurrent(ctx, loket.KnowAnswer)
	if err != nil {
		return nil, fmt.Errorf("knowledge: load answers: %w", err)
	}
	for _, v := range vs {
		var a Answer
		if err := json.Unmarshal(v.Body, &a); err != nil {
			return nil, fmt.Errorf("knowledge: decode answer %s version %d: %w", v.Key, v.Version, err)
		}
		a.Key = v.Key
		s.Answers = append(s.Answers, a)
	}
	return s, nil
}

// Cache keeps the last Set read and reads again only when the store's
// stamp moved: one cheap query per turn while nothing changes, and every
// edit seen on the next turn, on every replica. Safe for concurrent use;
// a Set it returns must not be changed.
type Cache struct {
	mu  sync.Mutex
	set *Set
}

// Get returns the knowledge in force.
func (c *Cache) Get(ctx context.Context, r Reader) (*Set, error) {
	stamp, err := r.KnowledgeStamp(ctx)
	if err != nil {
		return nil, fmt.Errorf("knowledge: stamp: %w", err)
	}
	c.mu.Lock()
	s := c.set
	c.mu.Unlock()
	if s != nil && s.Stamp == stamp {
		return s, nil
	}
	if s, err = Load(ctx, r); err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.set == nil || c.set.Stamp <= s.Stamp {
		c.set = s
	}
	c.mu.Unlock()
	return s, nil
}
