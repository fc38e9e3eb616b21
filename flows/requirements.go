package flows

import "loket"

// allForms are the business forms, in the order the bot offers them. The
// documents each one sends are knowledge an admin edits (/admin/office):
// see known.requirements.
var allForms = []loket.BusinessForm{loket.FormCompany, loket.FormIndividual, loket.FormForeign}
