package sqlstore

import (
	"context"

	"loket"
)

const vendorCols = `id, name, form, npwp, spse_user_id, director_name, phone, created_at, updated_at`

func scanVendor(r Row, v *loket.Vendor) error {
	return r.Scan(&v.ID, &v.Name, &v.Form, &v.NPWP, &v.SPSEUserID, &v.DirectorName, &v.Phone, ts(&v.CreatedAt), ts(&v.UpdatedAt))
}

// SaveVendor inserts a vendor when ID is 0, else updates it. A second
// vendor with the same non-empty NPWP is ErrConflict.
func (tx *Tx) SaveVendor(ctx context.Context, v *loket.Vendor) error {
	if v.ID == 0 {
		v.CreatedAt = orNow(v.CreatedAt)
		if v.UpdatedAt.IsZero() {
			v.UpdatedAt = v.CreatedAt
		}
		err := tx.q.QueryRow(ctx, `INSERT INTO vendors (name, form, npwp, spse_user_id, director_name, phone, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			v.Name, string(v.Form), v.NPWP, v.SPSEUserID, v.DirectorName, v.Phone, tm(v.CreatedAt), tm(v.UpdatedAt)).Scan(&v.ID)
		return tx.d.fail("insert vendor", err)
	}
	v.UpdatedAt = orNow(v.UpdatedAt)
	n, err := tx.q.Exec(ctx, `UPDATE vendors SET name = $2, form = $3, npwp = $4, spse_user_id = $5,
		director_name = $6, phone = $7, updated_at = $8 WHERE id = $1`,
		v.ID, v.Name, string(v.Form), v.NPWP, v.SPSEUserID, v.DirectorName, v.Phone, tm(v.UpdatedAt))
	return tx.d.mustAffect("update vendor", n, err)
}

// VendorByID returns a vendor.
func (tx *Tx) VendorByID(ctx context.Context, id int64) (*loket.Vendor, error) {
	var v loket.Vendor
	err := scanVendor(tx.q.QueryRow(ctx, `SELECT `+vendorCols+` FROM vendors WHERE id = $1`, id), &v)
	if err != nil {
		return nil, tx.d.fail("vendor", err)
	}
	return &v, nil
}

// vendorByNPWP finds a vendor by NPWP. Asking for a non-empty npwp lets
// the planner use the unique index, which holds non-empty ones only: a
// parameter cannot show it the value is not empty, and SQLite read the
// whole vendors table.
const vendorByNPWP = `SELECT ` + vendorCols + ` FROM vendors WHERE npwp = $1 AND npwp <> ''`

// VendorByNPWP returns the vendor with an NPWP (digits only).
func (tx *Tx) VendorByNPWP(ctx context.Context, npwp string) (*loket.Vendor, error) {
	if npwp == "" {
		return nil, notFound("vendor")
	}
	var v loket.Vendor
	err := scanVendor(tx.q.QueryRow(ctx, vendorByNPWP, npwp), &v)
	if err != nil {
		return nil, tx.d.fail("vendor", err)
	}
	return &v, nil
}
