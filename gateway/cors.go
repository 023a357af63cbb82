package main

import (
	"net/http"
	"strings"
)

// corsPolicy lets browsers on the configured origins (the citizen portal, a case-management
// front end) call the API; a preflight from any other origin is refused with 403, and its
// responses carry no Access-Control-Allow-Origin, so the browser keeps them from the page.
// Credentials travel as a bearer token in Authorization, never as cookies: no
// Access-Control-Allow-Credentials.
type corsPolicy struct {
	origins        map[string]bool
	allowedHeaders string
}

func newCORSPolicy(origins []string, devHeaders bool) corsPolicy {
	p := corsPolicy{origins: map[string]bool{}}
	for _, o := range origins {
		p.origins[strings.TrimRight(o, "/")] = true
	}
	headers := []string{"Authorization", "Content-Type", "Accept-Language", "Traceparent", "Tracestate", "X-Request-Id"}
	if devHeaders {
		headers = append(headers, "X-Dev-Roles", "X-Dev-Municipalities", "X-Dev-Subject", "X-Dev-Bsn", "X-Dev-Provider")
	}
	p.allowedHeaders = strings.Join(headers, ", ")
	return p
}

func withCORS(policy corsPolicy, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Add("Vary", "Origin")
		preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
		if !policy.origins[origin] {
			if preflight {
				writeProblem(w, r, problemFor(http.StatusForbidden, "this origin may not call the API"))
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Expose-Headers", "API-Version, Content-Language, X-Request-Id, Retry-After")
		if preflight {
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST, PATCH")
			w.Header().Set("Access-Control-Allow-Headers", policy.allowedHeaders)
			w.Header().Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}
