#pragma once

// Small pieces every service uses to map the API onto the domain: resource names, etags, request
// fingerprints, times, update masks.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "domain/validation.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"

namespace inburgering::server {

// `municipalities/{code}` with a 4-digit CBS code. Records a violation of `field` when not.
bool ParseMunicipalityName(absl::string_view name, absl::string_view field,
                           domain::Violations& violations, std::string* municipality);

// `municipalities/{code}/{collection}/{id}`. Records a violation of `field` when not.
bool ParseChildName(absl::string_view name, absl::string_view collection, absl::string_view field,
                    domain::Violations& violations, std::string* municipality, std::string* id);

std::string MunicipalityName(absl::string_view municipality);
std::string ChildName(absl::string_view municipality, absl::string_view collection,
                      absl::string_view id);

// The etag of a resource at `version`, and back (false for a malformed etag).
std::string Etag(int64_t version);
bool ParseEtag(absl::string_view etag, int64_t* version);
// The version a request's etag names, for a change that needs one: records `field` as required
// (saying `required`) when empty, or as not an etag of this service. The one etag check.
bool ParseRequiredEtag(absl::string_view etag, absl::string_view field, absl::string_view required,
                       domain::Violations& violations, int64_t* version);
// As ParseRequiredEtag for an etag that may be left out (no version check then).
bool ParseOptionalEtag(absl::string_view etag, absl::string_view field,
                       domain::Violations& violations, std::optional<int64_t>* version);

// Records a violation when `request_id` is set but not 1-64 characters of [A-Za-z0-9_-].
void ValidateRequestId(absl::string_view request_id, domain::Violations& violations);
// A List request's `page_size`: not negative (0 asks for the default).
void CheckPageSize(int32_t page_size, domain::Violations& violations);

// A digest of `request` (deterministic serialization), to recognise a retried request.
std::string Fingerprint(const google::protobuf::Message& request);

void ToProto(absl::Time time, google::protobuf::Timestamp* out);

// The paths of `mask` (field `field` of the request), each one of `allowed`; `*` stands for all.
// Records violations for unknown paths and for an empty mask.
std::vector<std::string> MaskPaths(const google::protobuf::FieldMask& mask,
                                   const std::vector<std::string>& allowed, absl::string_view field,
                                   domain::Violations& violations);

}  // namespace inburgering::server
