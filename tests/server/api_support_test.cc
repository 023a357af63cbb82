#include "server/api_support.h"

#include "domain/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inburgering/v1/client_service.pb.h"
#include "inburgering/v1/error_reason.pb.h"
#include "server/page_token.h"
#include "tests/testing/status_matchers.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::IsOkAndHolds;
using ::inburgering::testing::StatusIs;
using ::testing::ElementsAre;

std::vector<std::string> Fields(const domain::Violations& v) {
  std::vector<std::string> out;
  for (const auto& f : domain::FieldViolationsOf(v.ToStatus())) out.push_back(f.field);
  return out;
}

TEST(ResourceNameTest, ParsesMunicipalityNames) {
  domain::Violations v;
  std::string m;
  EXPECT_TRUE(ParseMunicipalityName("municipalities/0303", "parent", v, &m));
  EXPECT_EQ(m, "0303");
  for (const char* bad : {"municipalities/303", "municipalities/03030", "municipality/0303",
                          "municipalities/0303/", "municipalities/abcd", ""}) {
    domain::Violations bad_v;
    EXPECT_FALSE(ParseMunicipalityName(bad, "parent", bad_v, &m)) << bad;
    EXPECT_THAT(Fields(bad_v), ElementsAre("parent")) << bad;
  }
}

TEST(ResourceNameTest, ParsesChildNamesOfTheRightCollection) {
  domain::Violations v;
  std::string m, id;
  EXPECT_TRUE(
      ParseChildName("municipalities/0303/consultants/abc", "consultants", "name", v, &m, &id));
  EXPECT_EQ(m, "0303");
  EXPECT_EQ(id, "abc");
  EXPECT_EQ(ChildName(m, "consultants", id), "municipalities/0303/consultants/abc");
  EXPECT_FALSE(
      ParseChildName("municipalities/0303/clients/abc", "consultants", "name", v, &m, &id));
  EXPECT_FALSE(
      ParseChildName("municipalities/0303/consultants/a.b", "consultants", "name", v, &m, &id));
  EXPECT_THAT(Fields(v), ElementsAre("name", "name"));
}

TEST(EtagTest, RoundTripsAndRefusesForeignEtags) {
  int64_t version = 0;
  EXPECT_TRUE(ParseEtag(Etag(17), &version));
  EXPECT_EQ(version, 17);
  EXPECT_FALSE(ParseEtag("17", &version));
  EXPECT_FALSE(ParseEtag("v0", &version));
  EXPECT_FALSE(ParseEtag("vx", &version));
}

TEST(FingerprintTest, SameRequestSameFingerprintOtherRequestOther) {
  v1::CreateConsultantRequest a;
  a.set_parent("municipalities/0303");
  a.mutable_consultant()->set_display_name("Anna");
  v1::CreateConsultantRequest b = a;
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
  b.mutable_consultant()->set_display_name("Bram");
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
}

TEST(UpdateMaskTest, AcceptsKnownPathsAndStarRefusesOthers) {
  const std::vector<std::string> allowed = {"a", "b"};
  google::protobuf::FieldMask mask;
  domain::Violations v;
  EXPECT_THAT(MaskPaths(mask, allowed, "update_mask", v), ElementsAre());
  EXPECT_THAT(Fields(v), ElementsAre("update_mask"));
  mask.add_paths("*");
  domain::Violations star;
  EXPECT_THAT(MaskPaths(mask, allowed, "update_mask", star), ElementsAre("a", "b"));
  EXPECT_TRUE(star.empty());
  mask.Clear();
  mask.add_paths("b");
  mask.add_paths("name");
  domain::Violations unknown;
  EXPECT_THAT(MaskPaths(mask, allowed, "update_mask", unknown), ElementsAre("b"));
  EXPECT_THAT(Fields(unknown), ElementsAre("update_mask"));
}

TEST(PageTokenTest, RoundTripsUnderTheSameBinding) {
  PageTokenCodec codec("secret");
  const std::string token = codec.Encode("List|0303|0", "5:Annac1");
  EXPECT_THAT(token, ::testing::Not(::testing::HasSubstr("Anna")));
  EXPECT_THAT(codec.Decode("List|0303|0", token), IsOkAndHolds(std::string("5:Annac1")));
  EXPECT_EQ(codec.Encode("List|0303|0", ""), "");
  EXPECT_THAT(codec.Decode("List|0303|0", ""), IsOkAndHolds(std::string()));
}

TEST(PageTokenTest, RefusesAnotherFilterAnAlteredTokenAndAnotherKey) {
  PageTokenCodec codec("secret");
  const std::string token = codec.Encode("List|0303|0", "cursor");
  EXPECT_THAT(codec.Decode("List|0303|1", token), StatusIs(absl::StatusCode::kInvalidArgument));
  std::string altered = token;
  altered[altered.size() / 2] = altered[altered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_THAT(codec.Decode("List|0303|0", altered), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(PageTokenCodec("other").Decode("List|0303|0", token),
              StatusIs(absl::StatusCode::kInvalidArgument));
  for (const char* garbage : {"x", "!!!!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
    absl::StatusOr<std::string> decoded = codec.Decode("List|0303|0", garbage);
    EXPECT_THAT(decoded, StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_EQ(domain::ReasonOf(decoded.status()), "INVALID_PAGE_TOKEN");
  }
}

TEST(ErrorReasonTest, EveryDomainReasonIsDeclaredInTheApi) {
  const auto* descriptor = v1::ErrorReason_descriptor();
  for (absl::string_view reason :
       {domain::reason::kInvalidRequest, domain::reason::kNotFound, domain::reason::kAlreadyExists,
        domain::reason::kStaleEtag, domain::reason::kRequestIdReused,
        domain::reason::kUnauthenticated, domain::reason::kPermissionDenied,
        domain::reason::kDatabaseUnavailable, domain::reason::kConcurrentChange,
        domain::reason::kInternal, domain::reason::kInvalidPageToken,
        domain::reason::kLimitExceeded, domain::reason::kServerShuttingDown}) {
    EXPECT_NE(descriptor->FindValueByName(std::string(reason)), nullptr) << reason;
  }
}

}  // namespace
}  // namespace inburgering::server
