// Issue 14, "each name once": every enum of the API maps to its domain enum by name
// (server/mapping.h): each domain value has its proto value and comes back from it, and no proto
// value but UNSPECIFIED lacks a domain value.

#include <string>
#include <tuple>

#include "domain/duo_signal.h"
#include "domain/enforcement_rules.h"
#include "domain/outbox.h"
#include "domain/reporting.h"
#include "domain/rules.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "gtest/gtest.h"
#include "inburgering/v1/client.pb.h"
#include "inburgering/v1/duo_service.pb.h"
#include "inburgering/v1/duties.pb.h"
#include "inburgering/v1/enforcement.pb.h"
#include "inburgering/v1/event_service.pb.h"
#include "inburgering/v1/reporting_service.pb.h"
#include "inburgering/v1/trajectory.pb.h"
#include "server/mapping.h"

namespace inburgering::server {
namespace {

template <typename P, typename D>
struct Pair {
  using Proto = P;
  using Domain = D;
};

template <typename T>
class EnumMappingTest : public ::testing::Test {};

using Pairs = ::testing::Types<
    Pair<v1::AppointmentKind, domain::AppointmentKind>,
    Pair<v1::PlanChangeKind, domain::AmendmentKind>, Pair<v1::ClosureReason, domain::ClosureReason>,
    Pair<v1::ComponentKind, domain::Component>, Pair<v1::DeadlineKind, domain::DeadlineKind>,
    Pair<v1::DeadlineState, domain::DeadlineState>, Pair<v1::EventType, domain::EventType>,
    Pair<v1::ExemptionKind, domain::ExemptionKind>,
    Pair<v1::EnforcementGround, domain::EnforcementGround>,
    Pair<v1::ExtensionGround, domain::ExtensionGround>,
    Pair<v1::DuoReportKind, domain::DuoReportKind>, Pair<v1::LanguageLevel, domain::Level>,
    Pair<v1::AppointmentOutcome, domain::AppointmentOutcome>,
    Pair<v1::ObjectionOutcome, domain::ObjectionOutcome>, Pair<v1::TrajectoryPhase, domain::Phase>,
    Pair<v1::QualityMark, domain::QualityMark>, Pair<v1::Regime, domain::Regime>,
    Pair<v1::LearningRoute, domain::Route>, Pair<v1::PlanIntakeBasis, domain::IntakeBasis>,
    Pair<v1::NonFulfilmentSubject, domain::NonFulfilmentSubject>,
    Pair<v1::DuoSignalKind, domain::DuoSignalKind>,
    Pair<v1::DuoSignalOutcome, domain::DuoSignalOutcome>, Pair<v1::ExamSkill, domain::Skill>,
    Pair<v1::RegistrationSource, domain::Source>, Pair<v1::DuoReportState, domain::DuoReportState>,
    Pair<v1::NoShowStep, domain::NoShowStep>, Pair<v1::TargetGroup, domain::TargetGroup>,
    Pair<v1::TestExemptionReason, domain::TestExemptionReason>,
    Pair<v1::WorkItemKind, domain::WorkItemKind>, Pair<v1::OfferComponent, domain::OfferComponent>,
    Pair<v1::GuidancePart, domain::GuidancePart>,
    Pair<v1::GuidanceParticipation, domain::GuidanceParticipation>,
    Pair<v1::FixedCost, domain::FixedCost>, Pair<v1::UnburdeningEnd, domain::UnburdeningEnd>,
    Pair<v1::ObjectionStage, domain::ObjectionStage>,
    Pair<v1::PlanObjectionOutcome, domain::PlanObjectionOutcome>,
    Pair<v1::NonCompletionKind, domain::NonCompletionKind>>;
TYPED_TEST_SUITE(EnumMappingTest, Pairs);

TYPED_TEST(EnumMappingTest, EveryValueRoundTripsByName) {
  using P = typename TypeParam::Proto;
  using D = typename TypeParam::Domain;
  const auto& mapping = EnumMapping<P, D>::Get();
  EXPECT_TRUE(mapping.missing().empty())
      << "domain names without a proto value: " << ::testing::PrintToString(mapping.missing());
  for (const domain::EnumEntry<D>& entry : domain::EnumNames<D>::kEntries) {
    const P proto = ToProtoEnum<P>(entry.value);
    D back{};
    EXPECT_TRUE(mapping.FromProto(proto, &back)) << entry.name;
    EXPECT_EQ(back, entry.value) << entry.name;
  }
  const google::protobuf::EnumDescriptor* descriptor = google::protobuf::GetEnumDescriptor<P>();
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const int number = descriptor->value(i)->number();
    D value{};
    if (number != 0) {
      EXPECT_TRUE(mapping.FromProto(static_cast<P>(number), &value))
          << descriptor->value(i)->name() << " has no domain value";
    }
  }
}

TEST(EnumValuePrefixTest, SplitsWordsAndDigits) {
  EXPECT_EQ(EnumValuePrefix("ClosureReason"), "CLOSURE_REASON_");
  EXPECT_EQ(EnumValuePrefix("Regime"), "REGIME_");
  EXPECT_EQ(EnumValuePrefix("Wi2021Kind"), "WI2021_KIND_");
}

}  // namespace
}  // namespace inburgering::server
