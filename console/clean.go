package console

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"reflect"

	"loket"
)

// Text an agent or an integration sends (a note, a reply, a search, an
// API body) is made storable where it enters, with the rule every edge
// applies (loket.CleanText): no NUL, valid UTF-8, bounded. So a stray
// control byte gives a cleaned note, never a database error.

// cleanRequest cleans the query string and, for a URL-encoded form, the
// parsed form values in place (handlers read them with FormValue). A
// posted form, URL-encoded or multipart, is read here, so one over the
// body limit is an error (a 413) rather than a form that reads as empty
// and then as a missing CSRF token. An API body is JSON whatever its
// Content-Type says (curl -d labels it a form) and is left for the
// handler's decode, which cleans the strings it reads.
func cleanRequest(r *http.Request) error {
	if r.URL.RawQuery != "" {
		if q := r.URL.Query(); cleanValues(q) {
			r.URL.RawQuery = q.Encode()
		}
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead || isAPI(r) {
		return nil
	}
	var tooBig *http.MaxBytesError
	switch ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct {
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); errors.As(err, &tooBig) {
			return err
		} // a malformed form reads as empty in the handler, as before
		cleanValues(r.Form)
		cleanValues(r.PostForm)
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxBody); errors.As(err, &tooBig) {
			return err
		}
	}
	return nil
}

// cleanValues cleans every value; it reports whether one changed.
func cleanValues(v url.Values) bool {
	changed := false
	for k, vs := range v {
		for i, s := range vs {
			if c := loket.CleanText(s, loket.MaxNoteBytes); c != s {
				vs[i], changed = c, true
			}
		}
		if c := loket.CleanText(k, loket.MaxFieldBytes); c != k {
			delete(v, k)
			v[c], changed = vs, true
		}
	}
	return changed
}

// cleanStrings cleans every string reachable from v (a pointer to a
// decoded JSON body): struct fields, slices, maps and pointers.
func cleanStrings(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			e := v.Elem()
			if v.Kind() == reflect.Interface && e.Kind() == reflect.String {
				v.Set(reflect.ValueOf(loket.CleanText(e.String(), loket.MaxNoteBytes)).Convert(e.Type()))
				return
			}
			cleanStrings(e)
		}
	case reflect.String:
		if v.CanSet() {
			if s := v.String(); loket.CleanText(s, loket.MaxNoteBytes) != s {
				v.SetString(loket.CleanText(s, loket.MaxNoteBytes))
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				cleanStrings(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			cleanStrings(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := v.MapIndex(k)
			c := reflect.New(e.Type()).Elem()
			c.Set(e)
			cleanStrings(c)
			v.SetMapIndex(k, c)
		}
	}
}
