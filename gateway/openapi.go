package main

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// openAPISource is gnostic's protoc-gen-openapi output for api/proto (OpenAPI 3.0, generated at
// build time by scripts/build-gateway.sh from the same annotations the routes come from).
//
//go:embed gen/openapi.yaml
var openAPISource []byte

// openAPIDocument is the published description: the generated one with what the gateway adds
// (the /api/v1 server, the API-Version header on every success, problem+json for every error,
// bearer authentication, contact), as JSON (ADR /core/publish-openapi).
func openAPIDocument() ([]byte, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(openAPISource, &doc); err != nil {
		return nil, err
	}
	if err := completeOpenAPI(doc); err != nil {
		return nil, err
	}
	return json.MarshalIndent(doc, "", "  ")
}

func completeOpenAPI(doc map[string]any) error {
	info := child(doc, "info")
	info["title"] = "inburgering"
	info["version"] = apiVersion
	info["description"] = "The municipality's back-end for the Civic Integration Act 2021 (Wet inburgering 2021), " +
		"over REST/JSON: the same API as the gRPC services, generated from one contract (api/proto). " +
		"Errors are application/problem+json (RFC 9457); paging with pageSize and pageToken; " +
		"every response carries API-Version. See docs/rest.md."
	info["contact"] = map[string]any{"name": "The municipality's integration team's operators (docs/operations.md)"}
	doc["servers"] = []any{map[string]any{"url": "/api/v1", "description": "this gateway"}}
	doc["security"] = []any{map[string]any{"bearer": []any{}}}

	components := child(doc, "components")
	child(components, "securitySchemes")["bearer"] = map[string]any{
		"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
		"description": "The municipality's identity provider's token (roles, municipalities, provider_id claims).",
	}
	child(components, "headers")["API-Version"] = map[string]any{
		"description": "The full version of the API (semantic versioning).",
		"schema":      map[string]any{"type": "string", "example": apiVersion},
	}
	schemas := child(components, "schemas")
	schemas["Problem"] = problemSchema()
	schemas["InvalidParam"] = map[string]any{
		"type":        "object",
		"description": "A request field that is invalid.",
		"properties": map[string]any{
			"name":   map[string]any{"type": "string", "description": "The field's path in the JSON body, e.g. client.bsn."},
			"reason": map[string]any{"type": "string", "description": "Why it is invalid (never its value)."},
		},
	}
	child(components, "responses")["Problem"] = map[string]any{
		"description": "The request was refused: problem details (RFC 9457).",
		"headers":     map[string]any{"API-Version": map[string]any{"$ref": "#/components/headers/API-Version"}},
		"content": map[string]any{"application/problem+json": map[string]any{
			"schema": map[string]any{"$ref": "#/components/schemas/Problem"},
		}},
	}

	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		return fmt.Errorf("no paths")
	}
	published := map[string]any{}
	for path, item := range paths {
		trimmed, found := strings.CutPrefix(path, "/v1")
		if !found {
			return fmt.Errorf("path %s is not under /v1", path)
		}
		operations, _ := item.(map[string]any)
		for _, op := range operations {
			operation, _ := op.(map[string]any)
			responses := child(operation, "responses")
			for code, r := range responses {
				response, _ := r.(map[string]any)
				if response != nil && strings.HasPrefix(code, "2") {
					child(response, "headers")["API-Version"] = map[string]any{"$ref": "#/components/headers/API-Version"}
				}
			}
			responses["default"] = map[string]any{"$ref": "#/components/responses/Problem"}
		}
		published[trimmed] = item
	}
	doc["paths"] = published
	pruneUnusedSchemas(doc)
	return nil
}

func problemSchema() map[string]any {
	text := func(description string) map[string]any {
		return map[string]any{"type": "string", "description": description}
	}
	return map[string]any{
		"type":        "object",
		"description": "Problem details (RFC 9457) with the service's reason and the invalid fields.",
		"required":    []any{"type", "title", "status"},
		"properties": map[string]any{
			"type":     text("urn:inburgering:problem:{REASON}, or about:blank."),
			"title":    text("A message a citizen can read, in the language of Accept-Language (nl or en; Content-Language says which)."),
			"status":   map[string]any{"type": "integer", "format": "int32", "description": "The HTTP status."},
			"detail":   text("The service's message (English), never with personal data."),
			"instance": text("The request's path."),
			"code":     text("The gRPC code, e.g. INVALID_ARGUMENT."),
			"reason":   text("The machine-readable reason (the API's ErrorReason), e.g. RESOURCE_NOT_FOUND."),
			"invalidParams": map[string]any{
				"type":  "array",
				"items": map[string]any{"$ref": "#/components/schemas/InvalidParam"},
			},
		},
	}
}

func child(m map[string]any, key string) map[string]any {
	if c, ok := m[key].(map[string]any); ok {
		return c
	}
	c := map[string]any{}
	m[key] = c
	return c
}

// pruneUnusedSchemas removes the schemas nothing refers to any more (google.rpc.Status and its
// Any, replaced by Problem), until none is left unreferenced.
func pruneUnusedSchemas(doc map[string]any) {
	schemas := child(child(doc, "components"), "schemas")
	for {
		used := map[string]bool{}
		collectRefs(doc, used)
		var unused []string
		for name := range schemas {
			if !used["#/components/schemas/"+name] {
				unused = append(unused, name)
			}
		}
		if len(unused) == 0 {
			return
		}
		sort.Strings(unused)
		for _, name := range unused {
			delete(schemas, name)
		}
	}
}

func collectRefs(node any, refs map[string]bool) {
	switch v := node.(type) {
	case map[string]any:
		for key, value := range v {
			if s, ok := value.(string); ok && key == "$ref" {
				refs[s] = true
			}
			collectRefs(value, refs)
		}
	case []any:
		for _, value := range v {
			collectRefs(value, refs)
		}
	}
}
