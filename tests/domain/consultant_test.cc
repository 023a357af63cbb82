#include "domain/consultant.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace inburgering::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Fields(const Consultant& c) {
  Violations v;
  ValidateConsultantFields(c, "consultant.", v);
  std::vector<std::string> fields;
  for (const auto& f : FieldViolationsOf(v.ToStatus())) fields.push_back(f.field);
  return fields;
}

Consultant Valid() {
  Consultant c;
  c.display_name = "Anna de Vries";
  c.email = "a.devries@dronten.nl";
  c.case_capacity = 60;
  return c;
}

TEST(ConsultantTest, ValidConsultantHasNoViolations) { EXPECT_THAT(Fields(Valid()), IsEmpty()); }

TEST(ConsultantTest, DisplayNameIsRequiredAndBounded) {
  Consultant c = Valid();
  c.display_name = "";
  EXPECT_THAT(Fields(c), ElementsAre("consultant.display_name"));
  c.display_name = std::string(201, 'a');
  EXPECT_THAT(Fields(c), ElementsAre("consultant.display_name"));
  c.display_name = "line\nbreak";
  EXPECT_THAT(Fields(c), ElementsAre("consultant.display_name"));
}

TEST(ConsultantTest, EmailIsOptionalButMustLookLikeOne) {
  Consultant c = Valid();
  c.email = "";
  EXPECT_THAT(Fields(c), IsEmpty());
  for (const char* bad : {"no-at-sign", "@dronten.nl", "a@", "a b@c.nl"}) {
    c.email = bad;
    EXPECT_THAT(Fields(c), ElementsAre("consultant.email")) << bad;
  }
}

TEST(ConsultantTest, CaseCapacityWithinBounds) {
  Consultant c = Valid();
  c.case_capacity = -1;
  EXPECT_THAT(Fields(c), ElementsAre("consultant.case_capacity"));
  c.case_capacity = kMaxCaseCapacity + 1;
  EXPECT_THAT(Fields(c), ElementsAre("consultant.case_capacity"));
  c.case_capacity = kMaxCaseCapacity;
  EXPECT_THAT(Fields(c), IsEmpty());
}

TEST(ConsultantTest, PatchChangesOnlyTheSetFields) {
  Consultant c = Valid();
  ConsultantPatch patch;
  patch.active = false;
  ApplyPatch(patch, c);
  EXPECT_FALSE(c.active);
  EXPECT_EQ(c.display_name, "Anna de Vries");
  EXPECT_EQ(c.case_capacity, 60);
}

}  // namespace
}  // namespace inburgering::domain
