package sqlstore

// Recording a chat's messages is serialised per chat (PostgreSQL): a
// transaction that inserts messages first takes, for each of their chats,
// a transaction-level advisory lock, and holds it until it commits. A
// message's claim reads its chat's earlier messages (RecordClaimed reads
// the newest, a claim its predecessor); under READ COMMITTED a statement
// does not see what another transaction has inserted and not yet
// committed, so two replicas recording the same chat at once could each
// take the chat as theirs: the later message claimed while the earlier
// one, recorded a moment before, is still on its way (left in the queue,
// or handled with a later time). With the lock the second recording waits
// for the first to commit; its claim, a statement that starts after the
// wait, sees the earlier message. A chat's ids then also grow in the order
// its recordings committed, so "the messages before this one" is what
// every later statement reads. Claims alone need no lock: a message's
// predecessors were committed before it was recorded.
//
// SQLite has one writer, which serialises recordings anyway.

// chatLockClass is the first key of the two-key advisory locks on chats,
// apart from any other advisory lock of the database.
const chatLockClass = "1280"

// lockChatsHead + rows + lockChatsTail is the statement, or the CTE body,
// that takes the locks on the chats (channel, chat_id) of rows, a query
// with those columns (see lockChatsOf); constants, so that statements
// built on it are. The keys are sorted, so two transactions locking
// overlapping sets of chats take them in the same order and wait for each
// other rather than deadlock; the sorted subquery is not flattened, so
// the locks are taken in its order.
const (
	lockChatsHead = `SELECT count(pg_advisory_xact_lock(` + chatLockClass + `, k)) AS n FROM (SELECT DISTINCT hashtext(r.channel || ':' || r.chat_id) AS k
		FROM (`
	lockChatsTail = `) r (channel, chat_id) ORDER BY k) s`
)

// lockChatsOf is lockChatsHead + rows + lockChatsTail.
func lockChatsOf(rows string) string { return lockChatsHead + rows + lockChatsTail }
