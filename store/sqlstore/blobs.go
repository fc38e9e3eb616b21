package sqlstore

import "context"

// BlobReferenced reports whether a document or an outgoing message refers
// to the blob sha.
func (tx *Tx) BlobReferenced(ctx context.Context, sha string) (bool, error) {
	var ok bool
	err := tx.q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE sha256 = $1)
		OR EXISTS (SELECT 1 FROM outbox WHERE doc_sha256 = $1 AND doc_sha256 <> '')`, sha).Scan(&ok)
	return ok, tx.d.fail("blob referenced", err)
}
