// Package files is Loket's content-addressed blob store for vendor
// documents (KTP, NPWP, deeds…): a blob's name is the lowercase hex sha256
// of its bytes, so the same file sent twice is stored once and a name
// always means the same bytes. The database keeps the metadata (owner,
// file name, review state); this package keeps only bytes.
//
// Callers depend on the Store interface (or a smaller one of their own,
// such as an opener), never on *Dir, so an object-storage implementation
// (S3-compatible, GCS…) can be added beside Dir without touching them. Dir
// keeps blobs on a local file system under root/ab/cd/<sha256>, written
// atomically (temp file, fsync, rename, fsync of the directory). A caller
// that streams a document to disk before knowing its sha256 writes it to
// a CreateTemp file directly under root and hands it to PutFile, which
// moves it into place the same way, so the bytes are never held in memory
// whole.
//
// With a files key (WithKeys), new blobs are sealed: encrypted with
// AES-256-GCM in 64 KiB chunks under a key derived per file, behind a
// header that names the key by a short id (crypt.go). The name stays the
// sha256 of the plaintext. Plain and sealed blobs coexist, so a store can
// be migrated blob by blob (Migrate, Reseal) while it is in use, and a
// sealed blob is read back one chunk at a time. A blob sealed under a key
// that is not configured is ErrWrongKey; one that does not authenticate
// is ErrCorrupt. Temp files of an intake being checked are plaintext for
// the seconds of the check, and are sealed when moved into place.
//
// Names are checked before any path is built: anything that is not 64
// lowercase hex digits is loket.ErrInvalid, so no crafted name reaches
// outside root. The package imports only the standard library and the
// loket domain package; it must not import database, HTTP or channel code.
package files
