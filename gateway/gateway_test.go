package main

import (
	"encoding/json"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	v1 "inburgering/gateway/gen/inburgeringv1"
)

func refusal(t *testing.T) *status.Status {
	t.Helper()
	s, err := status.New(codes.InvalidArgument, "invalid fields: client.bsn, plan.start_date").WithDetails(
		&errdetails.ErrorInfo{Reason: "INVALID_REQUEST", Domain: "inburgering.v1"},
		&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{
			{Field: "client.bsn", Description: "fails the 11-test"},
			{Field: "plan.start_date", Description: "required"},
		}},
		&errdetails.LocalizedMessage{Locale: "en-US", Message: "Please check the marked fields."},
		&errdetails.LocalizedMessage{Locale: "nl-NL", Message: "Controleer de gemarkeerde velden."},
	)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestProblemCarriesReasonAndFieldsInTheirJSONNames(t *testing.T) {
	p := problemFromStatus(refusal(t), "")
	if p.Status != http.StatusBadRequest || p.Code != "INVALID_ARGUMENT" || p.Reason != "INVALID_REQUEST" {
		t.Fatalf("status %d code %s reason %s", p.Status, p.Code, p.Reason)
	}
	if p.Type != "urn:inburgering:problem:INVALID_REQUEST" {
		t.Errorf("type %q", p.Type)
	}
	if len(p.InvalidParams) != 2 || p.InvalidParams[0].Name != "client.bsn" || p.InvalidParams[1].Name != "plan.startDate" {
		t.Errorf("invalidParams %+v", p.InvalidParams)
	}
}

func TestProblemTitleFollowsAcceptLanguageWithDutchAsDefault(t *testing.T) {
	cases := map[string]string{
		"":                          "Controleer de gemarkeerde velden.",
		"nl-NL,nl;q=0.9":            "Controleer de gemarkeerde velden.",
		"en-GB,en;q=0.8":            "Please check the marked fields.",
		"de-DE, en;q=0.5, nl;q=0.7": "Controleer de gemarkeerde velden.",
		"fr":                        "Controleer de gemarkeerde velden.",
	}
	for header, want := range cases {
		if got := problemFromStatus(refusal(t), header).Title; got != want {
			t.Errorf("Accept-Language %q: title %q, want %q", header, got, want)
		}
	}
	if got := problemFromStatus(status.New(codes.Internal, "x"), "nl").Title; got != "Internal Server Error" {
		t.Errorf("without a localized message the title is the status text, got %q", got)
	}
}

func TestCodeNamesAreTheCanonicalOnes(t *testing.T) {
	for c, want := range map[codes.Code]string{codes.OK: "OK", codes.NotFound: "NOT_FOUND",
		codes.FailedPrecondition: "FAILED_PRECONDITION", codes.Unauthenticated: "UNAUTHENTICATED"} {
		if got := codeName(c); got != want {
			t.Errorf("%v: %s", c, got)
		}
	}
}

func TestCORSAllowsOnlyConfiguredOrigins(t *testing.T) {
	handler := withAPIVersion(withCORS(newCORSPolicy([]string{"https://portaal.example.nl"}, false),
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })))
	preflight := func(origin string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodOptions, "/api/v1/municipalities/0303/clients", nil)
		r.Header.Set("Origin", origin)
		r.Header.Set("Access-Control-Request-Method", "POST")
		r.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, r)
		return w
	}
	ok := preflight("https://portaal.example.nl")
	if ok.Code != http.StatusNoContent || ok.Header().Get("Access-Control-Allow-Origin") != "https://portaal.example.nl" {
		t.Fatalf("allowed origin: %d %v", ok.Code, ok.Header())
	}
	if !strings.Contains(ok.Header().Get("Access-Control-Allow-Headers"), "Authorization") ||
		strings.Contains(ok.Header().Get("Access-Control-Allow-Headers"), "X-Dev") {
		t.Errorf("allowed headers %q", ok.Header().Get("Access-Control-Allow-Headers"))
	}
	refused := preflight("https://evil.example.com")
	if refused.Code != http.StatusForbidden || refused.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("other origin: %d %v", refused.Code, refused.Header())
	}
	if refused.Header().Get("Content-Type") != "application/problem+json" || len(refused.Header()["API-Version"]) != 1 {
		t.Errorf("refusal headers %v", refused.Header())
	}
}

func TestOpenAPIDocumentIsPublishedUnderTheVersionedServerWithProblemsAndVersionHeaders(t *testing.T) {
	raw, err := openAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Servers []struct{ URL string }               `json:"servers"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.0") || len(doc.Servers) != 1 || doc.Servers[0].URL != "/api/v1" {
		t.Fatalf("openapi %s servers %+v", doc.OpenAPI, doc.Servers)
	}
	operations := 0
	for path, item := range doc.Paths {
		if strings.HasPrefix(path, "/v1") || strings.HasSuffix(path, "/") {
			t.Errorf("path %s", path)
		}
		for method, op := range item {
			operations++
			responses := op["responses"].(map[string]any)
			ok := responses["200"].(map[string]any)
			if _, has := ok["headers"].(map[string]any)["API-Version"]; !has {
				t.Errorf("%s %s: no API-Version header", method, path)
			}
			if responses["default"].(map[string]any)["$ref"] != "#/components/responses/Problem" {
				t.Errorf("%s %s: errors are not problems", method, path)
			}
		}
	}
	if operations != 66 {
		t.Errorf("%d operations, want one per RPC (66)", operations)
	}
}

func TestDatesAreISOStringsBothWays(t *testing.T) {
	m := &dateMarshaler{runtime.JSONPb{UnmarshalOptions: protojson.UnmarshalOptions{}}}
	var client v1.Client
	if err := m.Unmarshal([]byte(`{"familyName":"B","birthDate":"1990-01-31"}`), &client); err != nil {
		t.Fatal(err)
	}
	if d := client.GetBirthDate(); d.GetYear() != 1990 || d.GetMonth() != 1 || d.GetDay() != 31 {
		t.Fatalf("decoded %v", d)
	}
	raw, err := m.Marshal(&client)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"birthDate":"1990-01-31"`) {
		t.Errorf("encoded %s", raw)
	}
	if err := m.Unmarshal([]byte(`{"birthDate":"31-01-1990"}`), &client); err == nil {
		t.Error("a malformed date was accepted")
	}
	if err := m.Unmarshal([]byte(`{"birthDate":{"year":2001,"month":2,"day":3}}`), &client); err != nil || client.GetBirthDate().GetYear() != 2001 {
		t.Errorf("the object form: %v %v", err, client.GetBirthDate())
	}
}

func TestDevHeadersAreForwardedOnlyWhenAskedFor(t *testing.T) {
	if _, ok := incomingHeaders(false)("X-Dev-Roles"); ok {
		t.Error("x-dev-roles forwarded without --forward-dev-headers")
	}
	if key, ok := incomingHeaders(true)("X-Dev-Roles"); !ok || key != "x-dev-roles" {
		t.Errorf("x-dev-roles with the flag: %q %v", key, ok)
	}
	for _, h := range []string{"Traceparent", "X-Request-Id"} {
		if _, ok := incomingHeaders(false)(h); !ok {
			t.Errorf("%s is not forwarded", h)
		}
	}
	if _, ok := incomingHeaders(false)("Cookie"); ok {
		t.Error("a cookie is forwarded")
	}
}

func TestMaskPathsInJSONNamesBecomeProtoNames(t *testing.T) {
	for in, want := range map[string]string{"displayName": "display_name", "case_capacity": "case_capacity", "active": "active"} {
		if got := protoFieldPath(in); got != want {
			t.Errorf("%s: %s", in, got)
		}
	}
}

func TestATransportFailureDoesNotNameInternalAddresses(t *testing.T) {
	p := problemFromStatus(status.New(codes.Unavailable, "connection error: desc = \"transport: Error while dialing: dial tcp 10.1.2.3:50051: connect: connection refused\""), "")
	if p.Status != http.StatusServiceUnavailable || strings.Contains(p.Detail, "10.1.2.3") || p.Reason != "SERVICE_UNREACHABLE" {
		t.Errorf("%+v", p)
	}
	// The server's own UNAVAILABLE (with its reason) keeps its message.
	s, _ := status.New(codes.Unavailable, "database unavailable").WithDetails(&errdetails.ErrorInfo{Reason: "DATABASE_UNAVAILABLE"})
	if p := problemFromStatus(s, ""); p.Detail != "database unavailable" || p.Reason != "DATABASE_UNAVAILABLE" {
		t.Errorf("%+v", p)
	}
}
