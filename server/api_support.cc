#include "server/api_support.h"

#include <openssl/evp.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace inburgering::server {
namespace {

constexpr absl::string_view kMunicipalities = "municipalities";

bool IsMunicipalityCode(absl::string_view code) {
  return code.size() == 4 && std::all_of(code.begin(), code.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c));
         });
}

}  // namespace

bool ParseMunicipalityName(absl::string_view name, absl::string_view field,
                           domain::Violations& violations, std::string* municipality) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (name.empty()) {
    violations.Add(field, "required");
    return false;
  }
  if (parts.size() != 2 || parts[0] != kMunicipalities || !IsMunicipalityCode(parts[1])) {
    violations.Add(field, "must be municipalities/{4-digit CBS code}");
    return false;
  }
  *municipality = std::string(parts[1]);
  return true;
}

bool ParseChildName(absl::string_view name, absl::string_view collection, absl::string_view field,
                    domain::Violations& violations, std::string* municipality, std::string* id) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (name.empty()) {
    violations.Add(field, "required");
    return false;
  }
  if (parts.size() != 4 || parts[0] != kMunicipalities || !IsMunicipalityCode(parts[1]) ||
      parts[2] != collection || !domain::IsValidToken(parts[3])) {
    violations.Add(field,
                   absl::StrCat("must be municipalities/{4-digit CBS code}/", collection, "/{id}"));
    return false;
  }
  *municipality = std::string(parts[1]);
  *id = std::string(parts[3]);
  return true;
}

std::string MunicipalityName(absl::string_view municipality) {
  return absl::StrCat(kMunicipalities, "/", municipality);
}

std::string ChildName(absl::string_view municipality, absl::string_view collection,
                      absl::string_view id) {
  return absl::StrCat(kMunicipalities, "/", municipality, "/", collection, "/", id);
}

std::string Etag(int64_t version) { return absl::StrCat("v", version); }

bool ParseEtag(absl::string_view etag, int64_t* version) {
  return absl::ConsumePrefix(&etag, "v") && absl::SimpleAtoi(etag, version) && *version > 0;
}

bool ParseRequiredEtag(absl::string_view etag, absl::string_view field, absl::string_view required,
                       domain::Violations& violations, int64_t* version) {
  return violations.Check(!etag.empty(), field, required) &&
         violations.Check(ParseEtag(etag, version), field, "is not an etag of this service");
}

bool ParseOptionalEtag(absl::string_view etag, absl::string_view field,
                       domain::Violations& violations, std::optional<int64_t>* version) {
  if (etag.empty()) return true;
  int64_t parsed = 0;
  if (!violations.Check(ParseEtag(etag, &parsed), field, "is not an etag of this service")) {
    return false;
  }
  *version = parsed;
  return true;
}

void ValidateRequestId(absl::string_view request_id, domain::Violations& violations) {
  if (request_id.empty()) return;
  violations.Check(domain::IsValidToken(request_id), "request_id",
                   "must be 1 to 64 characters of letters, digits, '-' and '_'");
}

void CheckPageSize(int32_t page_size, domain::Violations& violations) {
  violations.Check(page_size >= 0, "page_size", "must not be negative");
}

std::string Fingerprint(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), length));
}

void ToProto(absl::Time time, google::protobuf::Timestamp* out) {
  const int64_t micros = absl::ToUnixMicros(time);
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(rest * 1000));
}

std::vector<std::string> MaskPaths(const google::protobuf::FieldMask& mask,
                                   const std::vector<std::string>& allowed, absl::string_view field,
                                   domain::Violations& violations) {
  if (mask.paths().empty()) {
    violations.Add(field, "required: name the fields to change");
    return {};
  }
  if (mask.paths_size() == 1 && mask.paths(0) == "*") return allowed;
  std::vector<std::string> paths;
  for (const std::string& path : mask.paths()) {
    if (std::find(allowed.begin(), allowed.end(), path) == allowed.end()) {
      // The path itself is not repeated: it is the caller's input, not ours to echo.
      violations.Add(field, absl::StrCat("names a field that cannot be changed; allowed: ",
                                         absl::StrJoin(allowed, ", ")));
    } else {
      paths.push_back(path);
    }
  }
  return paths;
}

}  // namespace inburgering::server
