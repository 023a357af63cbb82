package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// problem is an RFC 9457 problem details object with the extensions the portal needs: the gRPC
// code, the machine-readable reason of google.rpc.ErrorInfo and the invalid fields of
// google.rpc.BadRequest (named as in the JSON body, e.g. `client.bsn`, `plan.startDate`).
type problem struct {
	Type          string         `json:"type"`
	Title         string         `json:"title"`
	Status        int            `json:"status"`
	Detail        string         `json:"detail,omitempty"`
	Instance      string         `json:"instance,omitempty"`
	Code          string         `json:"code,omitempty"`
	Reason        string         `json:"reason,omitempty"`
	InvalidParams []invalidParam `json:"invalidParams,omitempty"`

	language string
}

type invalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// problemTypeBase prefixes the reason to make the problem's type URI; the reasons are listed in
// docs/rest.md and the API's ErrorReason enum.
const problemTypeBase = "urn:inburgering:problem:"

func problemFor(httpStatus int, detail string) problem {
	return problem{Type: "about:blank", Title: http.StatusText(httpStatus), Status: httpStatus, Detail: detail}
}

// problemFromStatus turns a gRPC status with its google.rpc details into a problem. The title is
// the citizen-readable message (google.rpc.LocalizedMessage) in the language the caller prefers
// (Accept-Language: nl or en; Dutch when it asks for neither and one is there), else the HTTP
// status text; the detail is the service's own (English) message.
func problemFromStatus(s *status.Status, acceptLanguage string) problem {
	httpStatus := runtime.HTTPStatusFromCode(s.Code())
	p := problemFor(httpStatus, s.Message())
	p.Code = codeName(s.Code())
	localized := map[string]string{}
	for _, d := range s.Details() {
		switch detail := d.(type) {
		case *errdetails.ErrorInfo:
			p.Reason = detail.GetReason()
			p.Type = problemTypeBase + detail.GetReason()
		case *errdetails.BadRequest:
			for _, v := range detail.GetFieldViolations() {
				p.InvalidParams = append(p.InvalidParams, invalidParam{Name: jsonFieldPath(v.GetField()), Reason: v.GetDescription()})
			}
		case *errdetails.LocalizedMessage:
			localized[languageOf(detail.GetLocale())] = detail.GetMessage()
		}
	}
	if p.Reason == "" && (s.Code() == codes.Unavailable || s.Code() == codes.Internal || s.Code() == codes.Unknown) {
		// Not the server's answer (it always names a reason) but the transport's, whose message
		// names internal addresses (ADR API-53): say what the caller can do instead.
		p.Detail = "the service is not reachable now; retry later"
		p.Reason = "SERVICE_UNREACHABLE"
		p.Type = problemTypeBase + p.Reason
	}
	if lang := chooseLanguage(acceptLanguage, localized); lang != "" {
		p.Title = localized[lang]
		p.language = lang
	}
	return p
}

// codeNames are the gRPC codes' canonical names (google.rpc.Code), by number.
var codeNames = [...]string{"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
	"NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
	"ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
	"UNAUTHENTICATED"}

func codeName(c codes.Code) string {
	if int(c) < len(codeNames) {
		return codeNames[c]
	}
	return "UNKNOWN"
}

func languageOf(locale string) string {
	lang, _, _ := strings.Cut(strings.ToLower(locale), "-")
	return lang
}

// chooseLanguage picks from `available` (keys: nl, en) by the Accept-Language header's
// preferences (q-values honoured); Dutch is the default of a Dutch municipality's portal.
func chooseLanguage(acceptLanguage string, available map[string]string) string {
	if len(available) == 0 {
		return ""
	}
	best, bestQ := "", -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if parsed, err := strconv.ParseFloat(v, 64); err == nil {
				q = parsed
			}
		}
		lang := languageOf(tag)
		if _, ok := available[lang]; ok && q > 0 && q > bestQ {
			best, bestQ = lang, q
		}
	}
	if best != "" {
		return best
	}
	if _, ok := available["nl"]; ok {
		return "nl"
	}
	return "en"
}

// jsonFieldPath turns a field path of the proto names (`plan.start_date`,
// `reports[0].record_id`) into the JSON names the body uses (`plan.startDate`).
func jsonFieldPath(path string) string {
	var b strings.Builder
	upper := false
	for _, r := range path {
		switch {
		case r == '_':
			upper = true
			continue
		case upper && r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		upper = false
		b.WriteRune(r)
	}
	return b.String()
}

func writeProblem(w http.ResponseWriter, r *http.Request, p problem) {
	if p.Instance == "" {
		// The path as the caller sent it (r.URL lost /api to the prefix strip), without the query.
		p.Instance, _, _ = strings.Cut(r.RequestURI, "?")
	}
	w.Header().Del("Grpc-Metadata-Content-Type")
	w.Header().Set("Content-Type", "application/problem+json")
	if p.language != "" {
		w.Header().Set("Content-Language", map[string]string{"nl": "nl-NL", "en": "en-US"}[p.language])
	}
	if p.Status == http.StatusServiceUnavailable || p.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "1")
	}
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

// writeStatusProblem is grpc-gateway's error handler: every refusal of the server, and every
// request the gateway cannot turn into one (malformed JSON: INVALID_ARGUMENT), as a problem.
func writeStatusProblem(ctx context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	if md, ok := runtime.ServerMetadataFromContext(ctx); ok {
		for _, v := range md.HeaderMD.Get("x-request-id") {
			w.Header().Set("X-Request-Id", v)
		}
	}
	writeProblem(w, r, problemFromStatus(status.Convert(err), r.Header.Get("Accept-Language")))
}

// writeRoutingProblem answers a path or method the API does not have.
func writeRoutingProblem(_ context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, httpStatus int) {
	switch httpStatus {
	case http.StatusMethodNotAllowed:
		writeProblem(w, r, problemFor(httpStatus, "the resource does not allow "+r.Method))
	case http.StatusBadRequest:
		writeProblem(w, r, problemFor(httpStatus, "the path is malformed"))
	default:
		writeProblem(w, r, problemFor(http.StatusNotFound, "no such resource path in /api/v1"))
	}
}
