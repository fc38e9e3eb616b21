package flows

import (
	"context"
	"strconv"
	"testing"
	"time"

	"loket"
)

// BenchmarkStep measures one flow step (a typed NPWP at the NPWP step)
// with the state decoded and encoded, in one SQLite transaction each (the
// step reads the office hours).
func BenchmarkStep(b *testing.B) {
	f := newFlows(b)
	ctx := context.Background()
	st := []byte(`{"v":1,"s":"in.npwp","n":5,"in":{"form":"company","name":"CV Maju Jaya"}}`)
	be := newSQLiteBackend(b)
	in := &loket.Inbound{Channel: loket.ChannelTelegram, ChatID: "1", Kind: loket.InText, Text: "01.234.567.8-901.000"}
	b.ReportAllocs()
	for b.Loop() {
		turn := &loket.Turn{Inbound: in, Contact: &loket.Contact{ID: 1, Lang: loket.LangID},
			Conversation: &loket.Conversation{State: st}, Now: mondayMorning}
		err := be.inTx(ctx, func(tx testTx) error { return f.Handle(ctx, tx, turn) })
		if err != nil || len(turn.Replies) != 1 {
			b.Fatalf("step: %v, %d replies", err, len(turn.Replies))
		}
	}
}

// benchJourney is a full online registration from the first message.
var benchJourney = []act{say("halo"), choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"),
	say("info@majujaya.co.id"), say("Budi Santoso"), say("0812-3456-7890"), choose(1)}

// BenchmarkIntakeJourney runs the whole intake (9 messages, vendor and
// ticket saved) over SQLite (one transaction per message, as the engine
// does).
func BenchmarkIntakeJourney(b *testing.B) {
	f := newFlows(b)
	for _, be := range []struct {
		name  string
		new   func() backend
		fresh bool // a new store per journey (the memory store snapshots all rows per turn)
	}{
		{"sqlite", func() backend { return newSQLiteBackend(b) }, false},
	} {
		b.Run(be.name, func(b *testing.B) {
			back := be.new()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				if be.fresh {
					back = be.new()
				}
				r := &runner{t: b, f: f, b: back, v: variant{loket.LangID, loket.ChannelTelegram, "id", "c" + strconv.Itoa(i)},
					now: mondayMorning.Add(time.Duration(i) * time.Second)}
				r.play(benchJourney)
			}
		})
	}
}

// BenchmarkMenuQuestion measures a question typed at the menu ("apa saja
// syarat untuk CV?"), answered from the knowledge, in one SQLite
// transaction each: the matcher's share of a turn.
func BenchmarkMenuQuestion(b *testing.B) {
	f := newFlows(b)
	ctx := context.Background()
	st := []byte(`{"v":1,"s":"menu","n":5}`)
	be := newSQLiteBackend(b)
	in := &loket.Inbound{Channel: loket.ChannelTelegram, ChatID: "1", Kind: loket.InText,
		Text: "kalau akta pendirian perusahaan saya belum ada perubahan, apakah tetap perlu dikirim?"}
	var conv *loket.Conversation
	if err := be.turn(ctx, in.Channel, in.ChatID, mondayMorning, func(_ testTx, _ *loket.Contact, cv *loket.Conversation) error {
		conv = cv
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		turn := &loket.Turn{Inbound: in, Contact: &loket.Contact{ID: conv.ContactID, Lang: loket.LangID},
			Conversation: &loket.Conversation{ID: conv.ID, State: st}, Now: mondayMorning}
		err := be.inTx(ctx, func(tx testTx) error { return f.Handle(ctx, tx, turn) })
		if err != nil || len(turn.Replies) != 1 {
			b.Fatalf("step: %v, %d replies", err, len(turn.Replies))
		}
	}
}
