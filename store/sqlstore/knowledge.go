package sqlstore

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"loket"
)

const knowledgeCols = `id, kind, key, version, body, agent_id, note, created_at`

func scanKnowledge(r Row, k *loket.KnowledgeVersion) error {
	return r.Scan(&k.ID, &k.Kind, &k.Key, &k.Version, js(&k.Body), nid(&k.AgentID), &k.Note, ts(&k.CreatedAt))
}

// SaveKnowledge stores k as the next version of (Kind, Key); sets ID and
// Version. Two saves racing for the same version: the second gets
// ErrConflict.
func (tx *Tx) SaveKnowledge(ctx context.Context, k *loket.KnowledgeVersion) error {
	tx.configSaved()
	if k.Kind == "" || !json.Valid(k.Body) {
		return errInvalid("a knowledge version needs a kind and a JSON body")
	}
	var last int
	if err := tx.q.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM knowledge_versions WHERE kind = $1 AND key = $2`,
		k.Kind, k.Key).Scan(&last); err != nil {
		return tx.d.fail("last knowledge version", err)
	}
	k.Version, k.CreatedAt = last+1, orNow(k.CreatedAt)
	err := tx.q.QueryRow(ctx, `INSERT INTO knowledge_versions (kind, key, version, body, agent_id, note, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		k.Kind, k.Key, k.Version, jsonArg(k.Body), id(k.AgentID), k.Note, tm(k.CreatedAt)).Scan(&k.ID)
	return tx.d.fail("save knowledge "+k.Kind, err)
}

// KnowledgeCurrent returns the current (highest) version of every key of
// kind, by key.
func (tx *Tx) KnowledgeCurrent(ctx context.Context, kind string) ([]loket.KnowledgeVersion, error) {
	rs, err := tx.q.Query(ctx, `SELECT `+knowledgeCols+` FROM knowledge_versions k
		WHERE kind = $1 AND version = (SELECT MAX(version) FROM knowledge_versions m WHERE m.kind = k.kind AND m.key = k.key)
		ORDER BY key`, kind)
	out, err := collect(rs, err, scanKnowledge)
	return out, tx.d.fail("current knowledge "+kind, err)
}

// KnowledgeHistory returns the newest `limit` versions of (kind, key),
// newest first.
func (tx *Tx) KnowledgeHistory(ctx context.Context, kind, key string, limit int) ([]loket.KnowledgeVersion, error) {
	rs, err := tx.q.Query(ctx, `SELECT `+knowledgeCols+` FROM knowledge_versions
		WHERE kind = $1 AND key = $2 ORDER BY version DESC LIMIT $3`, kind, key, limitOr(limit, 50))
	out, err := collect(rs, err, scanKnowledge)
	return out, tx.d.fail("knowledge history "+kind, err)
}

// KnowledgeAt returns one version of (kind, key), or ErrNotFound.
func (tx *Tx) KnowledgeAt(ctx context.Context, kind, key string, version int) (*loket.KnowledgeVersion, error) {
	var k loket.KnowledgeVersion
	err := scanKnowledge(tx.q.QueryRow(ctx, `SELECT `+knowledgeCols+` FROM knowledge_versions
		WHERE kind = $1 AND key = $2 AND version = $3`, kind, key, version), &k)
	if err != nil {
		return nil, tx.d.fail("knowledge version", err)
	}
	return &k, nil
}

// KnowledgeStamp returns the newest version's id (0 when nothing was ever
// saved): it changes whenever anything is saved, so readers can cache.
func (tx *Tx) KnowledgeStamp(ctx context.Context) (int64, error) {
	var n int64
	err := tx.q.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM knowledge_versions`).Scan(&n)
	return n, tx.d.fail("knowledge stamp", err)
}

const botQuestionCols = `id, channel, contact_id, lang, text, outcome, answer_key, resolution, resolved_by, resolved_at, created_at`

func scanBotQuestion(r Row, q *loket.BotQuestion) error {
	return r.Scan(&q.ID, &q.Channel, nid(&q.ContactID), &q.Lang, &q.Text, &q.Outcome, &q.AnswerKey, &q.Resolution,
		nid(&q.ResolvedBy), ts(&q.ResolvedAt), ts(&q.CreatedAt))
}

// AddBotQuestion records a question the bot tried to answer; sets ID.
// Where the backend pipelines (PostgreSQL, outside a savepoint) the
// insert is not waited for, as a turn's writes (WriteTurn): it travels
// with the transaction's next statement or its commit, ID is set once it
// ran, and a failure fails that statement and the commit. It changes no
// conversation, so a batch's preloaded conversations stay valid.
func (tx *Tx) AddBotQuestion(ctx context.Context, q *loket.BotQuestion) error {
	switch q.Outcome {
	case loket.QuestionAnswered, loket.QuestionUnmatched, loket.QuestionOfficer:
	default:
		return errInvalid("unknown question outcome %q", q.Outcome)
	}
	q.CreatedAt = orNow(q.CreatedAt)
	const insert = `INSERT INTO bot_questions (channel, contact_id, lang, text, outcome, answer_key, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`
	args := []any{string(q.Channel), id(q.ContactID), string(q.Lang), q.Text, q.Outcome, q.AnswerKey, tm(q.CreatedAt)}
	return tx.insertID(ctx, "add bot question", false, insert, args, &q.ID)
}

// OpenBotQuestions lists the newest `limit` questions the bot could not
// answer and nobody has resolved yet, newest first.
func (tx *Tx) OpenBotQuestions(ctx context.Context, limit int) ([]loket.BotQuestion, error) {
	rs, err := tx.q.Query(ctx, `SELECT `+botQuestionCols+` FROM bot_questions
		WHERE outcome <> 'answered' AND resolution = '' ORDER BY id DESC LIMIT $1`, limitOr(limit, 500))
	out, err := collect(rs, err, scanBotQuestion)
	return out, tx.d.fail("open bot questions", err)
}

// ResolveBotQuestions marks the open ones of ids resolved (attached to or
// turned into answerKey, or dismissed) and returns how many it changed.
func (tx *Tx) ResolveBotQuestions(ctx context.Context, ids []int64, resolution, answerKey string, by int64, at time.Time) (int, error) {
	switch resolution {
	case loket.ResolutionAttached, loket.ResolutionNew, loket.ResolutionDismissed:
	default:
		return 0, errInvalid("unknown resolution %q", resolution)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	args := []any{resolution, answerKey, id(by), tm(orNow(at))}
	ph := make([]string, len(ids))
	for i, qid := range ids {
		args = append(args, qid)
		ph[i] = "$" + strconv.Itoa(len(args))
	}
	n, err := tx.q.Exec(ctx, `UPDATE bot_questions SET resolution = $1, answer_key = $2, resolved_by = $3, resolved_at = $4
		WHERE resolution = '' AND outcome <> 'answered' AND id IN (`+strings.Join(ph, ", ")+`)`, args...)
	return int(n), tx.d.fail("resolve bot questions", err)
}

// BotQuestionsBetween lists the questions asked in [from, to), without
// their texts, for the reports.
func (tx *Tx) BotQuestionsBetween(ctx context.Context, from, to time.Time) ([]loket.BotQuestion, error) {
	rs, err := tx.q.Query(ctx, `SELECT id, channel, outcome, answer_key, resolution, created_at FROM bot_questions
		WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, id`, tm(from), tm(to))
	out, err := collect(rs, err, func(r Row, q *loket.BotQuestion) error {
		return r.Scan(&q.ID, &q.Channel, &q.Outcome, &q.AnswerKey, &q.Resolution, ts(&q.CreatedAt))
	})
	return out, tx.d.fail("bot questions between", err)
}
