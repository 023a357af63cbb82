// The providers' side (issue 22), worked through the real server on SQLite and PostgreSQL: the
// municipality registers a language school and enrolls 30 students there; the school reports a
// week of attendance and the first lessons for all 30 in one batch, replays it, corrects one
// report; another school sees none of it; an absence streak and a dropout reach the consultant's
// work queue; the first lesson meets the programme-start clock; the providers' outcomes follow.

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inburgering/v1/provider_service.grpc.pb.h"
#include "inburgering/v1/reporting_service.grpc.pb.h"
#include "tests/testing/scenario.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::CallerContext;
using ::inburgering::testing::DecodeError;
using ::inburgering::testing::Ok;
using ::inburgering::testing::ProtoDate;
using ::inburgering::testing::RefusedBy;
using ::inburgering::testing::Scenario;
using ::inburgering::testing::SeriesBsn;

constexpr char kSchool[] = "municipalities/0303/providers/taalschool-a";
constexpr char kOtherSchool[] = "municipalities/0303/providers/taalschool-b";

// A provider's token (development authentication): its role, municipality and registered id.
std::unique_ptr<grpc::ClientContext> Provider(const std::string& id) {
  auto context = CallerContext("provider", "0303", id);
  context->AddMetadata("x-dev-provider", id);
  return context;
}

v1::ProviderReport Attendance(const std::string& record_id, const std::string& enrollment,
                              const google::type::Date& from, const google::type::Date& to,
                              double present, double unexcused) {
  v1::ProviderReport r;
  r.set_record_id(record_id);
  r.set_enrollment_id(enrollment);
  *r.mutable_attendance()->mutable_period_start() = from;
  *r.mutable_attendance()->mutable_period_end() = to;
  r.mutable_attendance()->set_attended_hours(present);
  r.mutable_attendance()->set_unexcused_hours(unexcused);
  return r;
}

class ProviderScenarioTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  ProviderScenarioTest()
      : s_(GetParam()), providers_(v1::ProviderService::NewStub(s_.server().channel())) {}

  void Register(const std::string& id, const std::string& name) {
    v1::CreateProviderRequest request;
    request.set_parent("municipalities/0303");
    request.set_provider_id(id);
    request.mutable_provider()->set_display_name(name);
    request.mutable_provider()->set_quality_mark(v1::QUALITY_MARK_BLIK_OP_WERK);
    request.mutable_provider()->add_components(v1::OFFER_COMPONENT_LANGUAGE);
    request.mutable_provider()->set_contract_reference("RA-2025-07");
    v1::Provider created;
    ASSERT_TRUE(
        providers_->CreateProvider(CallerContext("team_lead", "0303").get(), request, &created)
            .ok());
    EXPECT_EQ(created.name(), absl::StrCat("municipalities/0303/providers/", id));
  }

  // A planned trajectory (plan of 2025-03-10, B1) of an asylum status holder, enrolled at
  // `provider` without a start date: the provider reports the first lesson.
  v1::CaseFile Enrolled(int n, const std::string& provider) {
    s_.Today(2025, 3, 10);
    v1::CaseFile file = s_.NewTrajectory(
        s_.NewClient(SeriesBsn(n), v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(2025, 1, 6)));
    EXPECT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
    EXPECT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10)), Ok());
    v1::RecordEnrollmentRequest enroll;
    enroll.mutable_enrollment()->set_registered_provider(provider);
    enroll.mutable_enrollment()->set_planned_hours(600);
    EXPECT_THAT(
        s_.Send(s_.trajectories(), file, enroll, &v1::TrajectoryService::Stub::RecordEnrollment),
        Ok());
    return file;
  }

  grpc::Status Submit(const std::string& provider_id, const std::string& parent,
                      const std::vector<v1::ProviderReport>& reports,
                      v1::BatchSubmitProviderReportsResponse* out) {
    v1::BatchSubmitProviderReportsRequest request;
    request.set_parent(parent);
    for (const v1::ProviderReport& r : reports) *request.add_reports() = r;
    return providers_->BatchSubmitProviderReports(Provider(provider_id).get(), request, out);
  }

  std::vector<v1::ProviderReportOutcome> Outcomes(const v1::BatchSubmitProviderReportsResponse& r) {
    std::vector<v1::ProviderReportOutcome> out;
    for (const auto& result : r.results()) out.push_back(result.outcome());
    return out;
  }

  v1::ListWorkItemsResponse WorkItems() {
    v1::ListWorkItemsRequest request;
    request.set_parent("municipalities/0303");
    request.set_page_size(500);
    v1::ListWorkItemsResponse out;
    EXPECT_TRUE(v1::ReportingService::NewStub(s_.server().channel())
                    ->ListWorkItems(Scenario::Staff().get(), request, &out)
                    .ok());
    return out;
  }

  // Work items of `kind` for `trajectory`, each as "due/suggested step".
  std::vector<std::string> ItemsOf(const std::string& trajectory, v1::WorkItemKind kind) {
    std::vector<std::string> found;
    const v1::ListWorkItemsResponse items = WorkItems();
    for (const v1::WorkItem& item : items.work_items()) {
      if (item.trajectory() != trajectory || item.kind() != kind) continue;
      found.push_back(absl::StrCat(item.due_date().year(), "-", item.due_date().month(), "-",
                                   item.due_date().day(), "/", item.suggested_step()));
    }
    return found;
  }

  const v1::ProviderOutcome* OutcomeOf(const v1::ProviderOutcomes& all, const std::string& name) {
    for (const v1::ProviderOutcome& p : all.providers()) {
      if (p.provider() == name) return &p;
    }
    return nullptr;
  }

  v1::ProviderOutcomes Outcomes2025() {
    v1::GetProviderOutcomesRequest request;
    request.set_parent("municipalities/0303");
    request.set_year(2025);
    v1::ProviderOutcomes out;
    EXPECT_TRUE(v1::ReportingService::NewStub(s_.server().channel())
                    ->GetProviderOutcomes(Scenario::Staff().get(), request, &out)
                    .ok());
    return out;
  }

  Scenario s_;
  std::unique_ptr<v1::ProviderService::Stub> providers_;
};

TEST_P(ProviderScenarioTest, AWeekOfThirtyStudentsInOneBatchReplayedAndCorrected) {
  Register("taalschool-a", "Taalschool A");
  Register("taalschool-b", "Taalschool B");
  std::vector<v1::CaseFile> files;
  files.reserve(30);
  for (int i = 0; i < 30; ++i) files.push_back(Enrolled(i + 1, kSchool));
  EXPECT_EQ(files[0].enrollments(0).provider(), "Taalschool A");  // from the register
  EXPECT_EQ(files[0].enrollments(0).quality_mark(), v1::QUALITY_MARK_BLIK_OP_WERK);
  EXPECT_EQ(files[0].enrollments(0).contract_reference(), "RA-2025-07");
  EXPECT_EQ(files[0].trajectory().phase(), v1::TRAJECTORY_PHASE_PLANNED);  // no lesson yet

  // The school sees its 30 students: names, component, hours; the other school sees nothing.
  v1::ListProviderEnrollmentsRequest list;
  list.set_parent(kSchool);
  list.set_page_size(500);
  v1::ListProviderEnrollmentsResponse enrollments;
  ASSERT_TRUE(
      providers_->ListProviderEnrollments(Provider("taalschool-a").get(), list, &enrollments).ok());
  ASSERT_EQ(enrollments.enrollments_size(), 30);
  std::map<std::string, std::string> enrollment_of;  // trajectory -> enrollment id
  for (const v1::CaseFile& f : files) {
    enrollment_of[f.trajectory().name()] = f.enrollments(0).id();
  }
  EXPECT_EQ(enrollments.enrollments(0).family_name(), files[0].client().family_name());
  EXPECT_EQ(enrollments.enrollments(0).planned_hours(), 600);
  EXPECT_EQ(enrollments.enrollments(0).component(), v1::OFFER_COMPONENT_LANGUAGE);
  v1::ListProviderEnrollmentsResponse none;
  EXPECT_EQ(
      providers_->ListProviderEnrollments(Provider("taalschool-b").get(), list, &none).error_code(),
      grpc::StatusCode::NOT_FOUND);

  // One batch: the first lesson and a week of attendance for each of the 30.
  s_.Today(2025, 4, 14);
  std::vector<v1::ProviderReport> week;
  for (int i = 0; i < 30; ++i) {
    const std::string e = files[i].enrollments(0).id();
    v1::ProviderReport started;
    started.set_record_id(absl::StrCat("start-", i));
    started.set_enrollment_id(e);
    *started.mutable_lessons_started()->mutable_date() = ProtoDate(2025, 4, 7);
    week.push_back(started);
    week.push_back(Attendance(absl::StrCat("w15-", i), e, ProtoDate(2025, 4, 7),
                              ProtoDate(2025, 4, 11), 12, 0));
  }
  v1::BatchSubmitProviderReportsResponse first;
  ASSERT_TRUE(Submit("taalschool-a", kSchool, week, &first).ok());
  ASSERT_EQ(first.results_size(), 60);
  EXPECT_THAT(Outcomes(first), ::testing::Each(v1::PROVIDER_REPORT_OUTCOME_RECORDED));

  // The first lesson meets the programme-start clock (3 months after the plan).
  v1::CaseFile file = s_.Read(files[0].trajectory().name());
  EXPECT_EQ(file.trajectory().phase(), v1::TRAJECTORY_PHASE_PROGRAMME);
  EXPECT_EQ(file.enrollments(0).lessons_start_date().day(), 7);
  bool met = false;
  for (const v1::Deadline& d : file.deadlines()) {
    if (d.kind() == v1::DEADLINE_KIND_PROGRAMME_START) {
      met = d.state() == v1::DEADLINE_STATE_MET && d.met_date().month() == 4;
    }
  }
  EXPECT_TRUE(met);
  ASSERT_EQ(file.attendance_size(), 1);
  EXPECT_EQ(file.attendance(0).provider_record_id(), "w15-0");
  EXPECT_DOUBLE_EQ(file.hours().attended(), 12);

  // The replay changes nothing.
  v1::BatchSubmitProviderReportsResponse replay;
  ASSERT_TRUE(Submit("taalschool-a", kSchool, week, &replay).ok());
  EXPECT_THAT(Outcomes(replay), ::testing::Each(v1::PROVIDER_REPORT_OUTCOME_REPLAYED));
  EXPECT_EQ(s_.Read(files[0].trajectory().name()).attendance_size(), 1);
  EXPECT_EQ(s_.Read(files[0].trajectory().name()).trajectory().etag(), file.trajectory().etag());

  // A correction by the same record id replaces the earlier report; both stay in the history.
  v1::BatchSubmitProviderReportsResponse corrected;
  ASSERT_TRUE(Submit("taalschool-a", kSchool,
                     {Attendance("w15-0", files[0].enrollments(0).id(), ProtoDate(2025, 4, 7),
                                 ProtoDate(2025, 4, 11), 9, 3)},
                     &corrected)
                  .ok());
  ASSERT_EQ(corrected.results_size(), 1);
  EXPECT_EQ(corrected.results(0).outcome(), v1::PROVIDER_REPORT_OUTCOME_CORRECTED);
  EXPECT_EQ(corrected.results(0).version(), 2);
  file = s_.Read(files[0].trajectory().name());
  ASSERT_EQ(file.attendance_size(), 1);
  EXPECT_DOUBLE_EQ(file.attendance(0).attended_hours(), 9);
  EXPECT_DOUBLE_EQ(file.attendance(0).unexcused_hours(), 3);
  v1::ListProviderReportsRequest history;
  history.set_parent(kSchool);
  history.set_enrollment_id(files[0].enrollments(0).id());
  v1::ListProviderReportsResponse versions;
  ASSERT_TRUE(providers_->ListProviderReports(Scenario::Staff().get(), history, &versions).ok());
  ASSERT_EQ(versions.reports_size(), 3);  // the start, and the week in two versions
  EXPECT_EQ(versions.reports(1).version(), 1);
  EXPECT_DOUBLE_EQ(versions.reports(1).attendance().attended_hours(), 12);
  EXPECT_EQ(versions.reports(2).version(), 2);
  EXPECT_DOUBLE_EQ(versions.reports(2).attendance().attended_hours(), 9);

  // A correction must keep its kind.
  v1::ProviderReport other_kind;
  other_kind.set_record_id("w15-1");
  other_kind.set_enrollment_id(files[1].enrollments(0).id());
  *other_kind.mutable_lessons_started()->mutable_date() = ProtoDate(2025, 4, 8);
  v1::BatchSubmitProviderReportsResponse refused;
  const auto reused = DecodeError(Submit("taalschool-a", kSchool, {other_kind}, &refused));
  EXPECT_EQ(reused.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(reused.reason, "PROVIDER_RECORD_ID_REUSED");
  EXPECT_THAT(reused.field_violations, ::testing::Contains(::testing::Key("reports[0].record_id")));

  // The other school's token sees none of it: not the enrollments, not the reports, and it cannot
  // report on them under its own name either.
  v1::ListProviderReportsResponse theirs;
  EXPECT_EQ(providers_->ListProviderReports(Provider("taalschool-b").get(), history, &theirs)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::BatchSubmitProviderReportsResponse foreign;
  EXPECT_EQ(Submit("taalschool-b", kSchool, week, &foreign).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Submit("taalschool-b", kOtherSchool, week, &foreign).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(s_.Read(files[1].trajectory().name()).enrollments(0).lessons_start_date().day(), 7);

  // The outcomes per provider come from what the school reported: 30 started in time, 30 x 12
  // hours less the corrected 3.
  const v1::ProviderOutcome* school = OutcomeOf(Outcomes2025(), "Taalschool A");
  ASSERT_NE(school, nullptr);
  EXPECT_EQ(school->trajectories(), 30);
  EXPECT_EQ(school->started_in_time(), 30);
  EXPECT_EQ(school->attended_hours(), 30 * 12 - 3);
  EXPECT_EQ(school->unexcused_hours(), 3);
}

TEST_P(ProviderScenarioTest, AnAbsenceStreakAndADropoutReachTheConsultantsQueue) {
  Register("taalschool-a", "Taalschool A");
  v1::CaseFile file = Enrolled(1, kSchool);
  const std::string e = file.enrollments(0).id();
  const std::string t = file.trajectory().name();
  s_.Today(2025, 5, 5);
  // Two weeks with unexcused absence: not yet a streak (the policy's default is 3 in a row).
  v1::BatchSubmitProviderReportsResponse out;
  ASSERT_TRUE(Submit("taalschool-a", kSchool,
                     {Attendance("w15", e, ProtoDate(2025, 4, 7), ProtoDate(2025, 4, 11), 6, 6),
                      Attendance("w16", e, ProtoDate(2025, 4, 14), ProtoDate(2025, 4, 18), 8, 4)},
                     &out)
                  .ok());
  EXPECT_THAT(ItemsOf(t, v1::WORK_ITEM_KIND_ABSENCE_STREAK), ::testing::IsEmpty());
  // The third in a row: the consultant's queue holds the streak, with the warning prepared (a
  // Wi2021 client whose group the municipality fines).
  ASSERT_TRUE(Submit("taalschool-a", kSchool,
                     {Attendance("w17", e, ProtoDate(2025, 4, 21), ProtoDate(2025, 4, 25), 0, 12)},
                     &out)
                  .ok());
  EXPECT_THAT(ItemsOf(t, v1::WORK_ITEM_KIND_ABSENCE_STREAK),
              ::testing::ElementsAre("2025-4-25/RecordWarning"));
  // The consultant talks with the client: the item is done.
  file = s_.Read(t);
  v1::RecordProgressReviewRequest review;
  *review.mutable_progress_review()->mutable_date() = ProtoDate(2025, 5, 5);
  review.mutable_progress_review()->set_on_track(false);
  ASSERT_THAT(
      s_.Send(s_.trajectories(), file, review, &v1::TrajectoryService::Stub::RecordProgressReview),
      Ok());
  EXPECT_THAT(ItemsOf(t, v1::WORK_ITEM_KIND_ABSENCE_STREAK), ::testing::IsEmpty());

  // A dropout reaches the queue too, until a progress review after it.
  s_.Today(2025, 5, 20);
  v1::ProviderReport dropout;
  dropout.set_record_id("dropout-1");
  dropout.set_enrollment_id(e);
  *dropout.mutable_dropout()->mutable_date() = ProtoDate(2025, 5, 16);
  dropout.mutable_dropout()->set_reason(v1::DROPOUT_REASON_STOPPED_ATTENDING);
  ASSERT_TRUE(Submit("taalschool-a", kSchool, {dropout}, &out).ok());
  EXPECT_THAT(ItemsOf(t, v1::WORK_ITEM_KIND_DROPOUT_REPORTED),
              ::testing::ElementsAre("2025-5-16/"));
  file = s_.Read(t);
  EXPECT_EQ(file.enrollments(0).dropout_reason(), v1::DROPOUT_REASON_STOPPED_ATTENDING);
}

TEST_P(ProviderScenarioTest, AnEnrollmentNamesARegisteredProviderForAComponentItOffers) {
  Register("taalschool-a", "Taalschool A");
  s_.Today(2025, 3, 10);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient(SeriesBsn(40), v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(2025, 1, 6)));
  ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10)), Ok());
  v1::RecordEnrollmentRequest enroll;
  enroll.mutable_enrollment()->set_registered_provider("municipalities/0303/providers/unknown");
  EXPECT_THAT(
      s_.Send(s_.trajectories(), file, enroll, &v1::TrajectoryService::Stub::RecordEnrollment),
      RefusedBy("PROVIDER_NOT_REGISTERED"));
  enroll.mutable_enrollment()->set_registered_provider(kSchool);
  enroll.mutable_enrollment()->set_component(v1::OFFER_COMPONENT_MAP);
  EXPECT_THAT(
      s_.Send(s_.trajectories(), file, enroll, &v1::TrajectoryService::Stub::RecordEnrollment),
      RefusedBy("COMPONENT_NOT_OFFERED"));
  // Without a registered provider the start date stays required.
  v1::RecordEnrollmentRequest typed;
  typed.mutable_enrollment()->set_provider("Taalschool C");
  typed.mutable_enrollment()->set_quality_mark(v1::QUALITY_MARK_NONE);
  const auto error =
      s_.Send(s_.trajectories(), file, typed, &v1::TrajectoryService::Stub::RecordEnrollment);
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(error.field_violations,
              ::testing::Contains(::testing::Pair("enrollment.start_date", "required")));
}

INSTANTIATE_TEST_SUITE_P(Backends, ProviderScenarioTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

}  // namespace
}  // namespace inburgering::server
