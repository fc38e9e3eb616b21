package sqlstore

import (
	"iter"
	"strconv"
	"strings"
)

// rowsPerStatement bounds the rows of one multi-row statement, well under
// SQLite's limit of 32,766 parameters. It is a step of the ladder below.
const rowsPerStatement = 512

// A statement for n rows or keys is a text of its own, which SQLite
// parses (and the statement cache keeps, up to its bound) once per n:
// with a batch's n anywhere from 1 to a few hundred, most batches of a
// busy writer parsed their statements afresh, a tenth of its time.
// Statements are therefore written for a few sizes only, the rungs of a
// ladder: every size to 8, then multiples of 8 to 64, then of 32 to
// rowsPerStatement (29 sizes). A list of keys read is padded up to its
// rung (rungAbove); rows written are split into pieces of rungs
// (pieces), at most three statements for any n up to rowsPerStatement.

// rungAbove is the smallest rung of the ladder not below n (n itself
// beyond rowsPerStatement).
func rungAbove(n int) int {
	switch {
	case n <= 8 || n > rowsPerStatement:
		return n
	case n <= 64:
		return (n + 7) / 8 * 8
	default:
		return (n + 31) / 32 * 32
	}
}

// rungBelow is the largest rung of the ladder not above n (n > 0).
func rungBelow(n int) int {
	switch {
	case n <= 8:
		return n
	case n < 64:
		return n / 8 * 8
	case n < rowsPerStatement:
		return n / 32 * 32
	default:
		return rowsPerStatement
	}
}

// pieces splits n rows into consecutive ranges [i, j), each of a rung's
// size, largest first.
func pieces(n int) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for i := 0; i < n; {
			j := i + rungBelow(n-i)
			if !yield(i, j) {
				return
			}
			i = j
		}
	}
}

// padded returns s grown to the rung above its length with copies of its
// last element, for lists read by key where a key listed twice selects
// nothing more.
func padded[T any](s []T) []T {
	n := rungAbove(len(s))
	if n == len(s) || len(s) == 0 {
		return s
	}
	out := make([]T, n)
	copy(out, s)
	for i := len(s); i < n; i++ {
		out[i] = s[len(s)-1]
	}
	return out
}

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
