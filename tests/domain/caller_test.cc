#include "domain/caller.h"

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace inburgering::domain {
namespace {

using ::inburgering::testing::IsOk;
using ::inburgering::testing::StatusIs;

Caller Staff(Role role, const char* municipality) {
  Caller caller;
  caller.subject = "s";
  caller.roles.insert(role);
  caller.municipalities.insert(municipality);
  return caller;
}

TEST(AuthorizeStaffTest, AnotherMunicipalityIsNotFoundSoExistenceDoesNotLeak) {
  EXPECT_THAT(AuthorizeStaff(Staff(Role::kTeamLead, "0303"), "0344", Access::kRead),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(AuthorizeStaffTest, ConsultantReadsAndWritesButDoesNotManageTheTeam) {
  const Caller consultant = Staff(Role::kConsultant, "0303");
  EXPECT_THAT(AuthorizeStaff(consultant, "0303", Access::kRead), IsOk());
  EXPECT_THAT(AuthorizeStaff(consultant, "0303", Access::kWrite), IsOk());
  EXPECT_THAT(AuthorizeStaff(consultant, "0303", Access::kManageTeam),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(AuthorizeStaffTest, TeamLeadManagesTheTeam) {
  EXPECT_THAT(AuthorizeStaff(Staff(Role::kTeamLead, "0303"), "0303", Access::kManageTeam), IsOk());
}

TEST(AuthorizeStaffTest, CitizenAndReportingAreNotStaff) {
  EXPECT_THAT(AuthorizeStaff(Staff(Role::kCitizen, "0303"), "0303", Access::kRead),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(AuthorizeStaff(Staff(Role::kReporting, "0303"), "0303", Access::kRead),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(AuthorizeStaffTest, AdminOfAllMunicipalities) {
  Caller admin;
  admin.roles.insert(Role::kAdmin);
  admin.all_municipalities = true;
  EXPECT_THAT(AuthorizeStaff(admin, "0034", Access::kManageTeam), IsOk());
}

TEST(ParseRoleTest, KnowsTheClaimSpellings) {
  Role role;
  ASSERT_TRUE(ParseRole("team_lead", &role));
  EXPECT_EQ(role, Role::kTeamLead);
  EXPECT_FALSE(ParseRole("TeamLead", &role));
  EXPECT_FALSE(ParseRole("", &role));
}

}  // namespace
}  // namespace inburgering::domain
