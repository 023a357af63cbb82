// Issue 14, "each name once": every enum's one table of names (domain/enum_names.h) lists each
// value once, in order, with a distinct name that parses back.

#include "domain/enum_names.h"

#include <set>
#include <string>

#include "domain/client.h"
#include "domain/duo_signal.h"
#include "domain/enforcement_rules.h"
#include "domain/outbox.h"
#include "domain/reporting.h"
#include "domain/rules.h"
#include "domain/trajectory.h"
#include "gtest/gtest.h"

namespace inburgering::domain {
namespace {

template <typename E>
class EnumNamesTest : public ::testing::Test {};

using Enums =
    ::testing::Types<AmendmentKind, AppointmentKind, AppointmentOutcome, ClosureReason, Component,
                     DeadlineKind, DeadlineState, DuoReportKind, DuoReportState, DuoSignalKind,
                     DuoSignalOutcome, EnforcementGround, EventType, ExemptionKind, ExtensionGround,
                     Level, NoShowStep, ObjectionOutcome, Phase, QualityMark, Regime, Route, Skill,
                     Source, TargetGroup, TestExemptionReason, WorkItemKind>;
TYPED_TEST_SUITE(EnumNamesTest, Enums);

TYPED_TEST(EnumNamesTest, EachValueOnceInOrderWithADistinctNameThatParsesBack) {
  std::set<std::string> names;
  int i = 0;
  for (const EnumEntry<TypeParam>& entry : EnumNames<TypeParam>::kEntries) {
    EXPECT_EQ(static_cast<int>(entry.value), i++) << entry.name;
    EXPECT_TRUE(names.insert(entry.name).second) << entry.name << " twice";
    TypeParam back{};
    EXPECT_TRUE(ParseEnumName(entry.name, &back));
    EXPECT_EQ(back, entry.value);
    EXPECT_STREQ(EnumName(entry.value), entry.name);
  }
  TypeParam unknown{};
  EXPECT_FALSE(ParseEnumName("NO_SUCH_NAME", &unknown));
}

}  // namespace
}  // namespace inburgering::domain
