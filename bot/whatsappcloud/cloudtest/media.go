package cloudtest

import (
	"fmt"
	"io"
	"net/http"
)

func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		graphError(w, http.StatusBadRequest, 100, "multipart form expected")
		return
	}
	if r.FormValue("messaging_product") != "whatsapp" || r.FormValue("type") == "" {
		graphError(w, http.StatusBadRequest, 100, "messaging_product and type are required")
		return
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		graphError(w, http.StatusBadRequest, 100, "file is required")
		return
	}
	data, _ := io.ReadAll(f)
	id := s.AddMedia(data)
	s.mu.Lock()
	s.uploads++
	s.mu.Unlock()
	writeJSON(w, map[string]any{"id": id})
}

// mediaURL answers GET /{media id} with a download URL and the size.
func (s *Server) mediaURL(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	id := r.PathValue("id")
	s.mu.Lock()
	data, ok := s.media[id]
	size, lies := s.claimed[id]
	s.mu.Unlock()
	if !ok {
		graphError(w, http.StatusNotFound, 100, "Unsupported get request. Object with ID '"+id+"' does not exist")
		return
	}
	if !lies {
		size = len(data)
	}
	ans := map[string]any{"messaging_product": "whatsapp", "id": id, "mime_type": "application/pdf",
		"url": fmt.Sprintf("%s/download/%s", s.URL, id)}
	if size >= 0 {
		ans["file_size"] = size
	}
	writeJSON(w, ans)
}

// download serves the file, only with the bearer token (as Meta's media
// URLs require).
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+Token {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	data, ok := s.media[r.PathValue("id")]
	_, lies := s.claimed[r.PathValue("id")]
	if ok {
		s.downloads++
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if lies && len(data) > 1 {
		// Streamed without a Content-Length, as a size the header cannot tell.
		_, _ = w.Write(data[:1])
		w.(http.Flusher).Flush()
		data = data[1:]
	}
	_, _ = w.Write(data)
}
