package flows

import "loket"

// Requirement is one document the verification needs.
type Requirement struct {
	Key    string // checklist key, stored as loket.Document.Requirement
	Assist bool   // only for the SIKaP data-entry assistance, not the verification itself
}

// Requirements lists the documents for a business form, from the source
// process: verification documents first, then those for the SIKaP
// assistance. Document intake and the status page use the same keys.
func Requirements(f loket.BusinessForm) []Requirement {
	switch f {
	case loket.FormCompany:
		return []Requirement{{Key: "ktp"}, {Key: "npwp_company"},
			{Key: "business_licence", Assist: true}, {Key: "deed", Assist: true}}
	case loket.FormIndividual:
		return []Requirement{{Key: "ktp"}, {Key: "npwp_owner"}, {Key: "tax_payment", Assist: true}}
	case loket.FormForeign:
		return []Requirement{{Key: "incorporation"}, {Key: "tax_id"},
			{Key: "business_licence", Assist: true}, {Key: "deed", Assist: true}}
	}
	return nil
}

var allForms = []loket.BusinessForm{loket.FormCompany, loket.FormIndividual, loket.FormForeign}
