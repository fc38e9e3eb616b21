package console

import (
	"loket"
	"loket/knowledge"
)

// requirementLabel names a checklist requirement in lang as the office's
// requirements do (package ops writes the same names into vendor texts).
func (c *Console) requirementLabel(set *knowledge.Set, form loket.BusinessForm, lang loket.Lang, key string) string {
	return c.ops.RequirementLabel(set, form, lang, key)
}
