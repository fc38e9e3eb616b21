package sqlstore

import (
	"strconv"
	"strings"
)

// rowsPerStatement bounds the rows of one multi-row statement, well under
// SQLite's limit of 32,766 parameters.
const rowsPerStatement = 500

// values writes the VALUES list of rows rows of per parameters each,
// from $1 (or ?, see Anonymous: then the statement may have no other
// parameter); fixed, when set, is a column of every row after the
// parameters (an SQL literal).
func (d Dialect) values(rows, per int, fixed string) string {
	var s strings.Builder
	s.WriteString("VALUES ")
	n := 1
	for r := range rows {
		if r > 0 {
			s.WriteByte(',')
		}
		s.WriteByte('(')
		for c := range per {
			if c > 0 {
				s.WriteByte(',')
			}
			if d.Anonymous {
				s.WriteByte('?')
			} else {
				s.WriteString("$" + strconv.Itoa(n))
			}
			n++
		}
		if fixed != "" {
			s.WriteString("," + fixed)
		}
		s.WriteByte(')')
	}
	return s.String()
}
