// Package staff owns the Telegram staff group of the Loket helpdesk:
// every ticket gets a thread there (a forum topic, or a header message in
// a group without topics), new ticket activity is mirrored into it, and
// agents linked to a Telegram account answer vendors, add notes, claim,
// change status and close tickets by writing in the thread. Those actions
// are the ticket operations of package ops, the same the console calls.
//
// Mirror is an engine tick: in one transaction it locks a cursor row,
// reads the activities after it, posts them as outbound messages to the
// group and moves the cursor, so each activity is posted once, also with
// several replicas. Creating a forum topic is a Bot API call, done by the
// "staff.topic" job outside any transaction (PrepareTopic). Handle is the
// turn handler for messages from the staff group.
//
// Like flows, it decides over a small store interface (Tx) and must not
// import bot, console, store implementations or channel packages; the
// Bot API part is the Topics interface, implemented by bot/telegram.
// Documents never go to the group: only their file name and a link to the
// console, where agents see them and every view is audited.
package staff
