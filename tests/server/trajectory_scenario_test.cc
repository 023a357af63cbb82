// The Wi2021 lifecycle through the real server and the generated stubs, on SQLite and
// PostgreSQL: two whole trajectories with the case file's dates checked after each step, and
// every rule's refusal as a client sees it (code and ErrorInfo reason).

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inburgering/v1/trajectory_service.grpc.pb.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::CallerContext;
using ::inburgering::testing::DecodeError;
using ::inburgering::testing::ProtoDate;
using ::inburgering::testing::RpcError;
using ::inburgering::testing::TestServer;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

std::string Str(const google::type::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

// The deprecated `term_end` (the day after the term's last day), which clients may still read.
std::string DeprecatedTermEnd(const v1::CaseFile& file) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  return Str(file.term_end());
#pragma GCC diagnostic pop
}

// The deadline of `kind` in `file`, as "due/STATE".
std::string DeadlineOf(const v1::CaseFile& file, v1::DeadlineKind kind) {
  for (const auto& d : file.deadlines()) {
    if (d.kind() == kind) {
      return absl::StrCat(Str(d.due_date()), "/", v1::DeadlineState_Name(d.state()));
    }
  }
  return "none";
}

class TrajectoryScenarioTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  TrajectoryScenarioTest()
      : server_(GetParam()),
        clients_(server_.clients()),
        trajectories_(v1::TrajectoryService::NewStub(server_.channel())) {}

  void Today(int y, int m, int d) {
    server_.clock().Set(absl::FromCivil(absl::CivilSecond(y, m, d, 10, 0, 0), absl::UTCTimeZone()));
  }

  static std::unique_ptr<grpc::ClientContext> Staff() {
    return CallerContext("consultant", "0303");
  }

  std::string NewConsultant() {
    v1::CreateConsultantRequest request;
    request.set_parent("municipalities/0303");
    request.mutable_consultant()->set_display_name("Sanne Bakker");
    v1::Consultant consultant;
    EXPECT_TRUE(
        clients_->CreateConsultant(CallerContext("team_lead", "0303").get(), request, &consultant)
            .ok());
    return consultant.name();
  }

  v1::Client NewClient(v1::TargetGroup group, google::type::Date birth, const std::string& bsn) {
    v1::CreateClientRequest request;
    request.set_parent("municipalities/0303");
    v1::Client* c = request.mutable_client();
    c->set_bsn(bsn);
    c->set_given_names("Amal");
    c->set_family_name("Haddad");
    *c->mutable_birth_date() = birth;
    c->set_target_group(group);
    c->set_regime(v1::REGIME_WI2021);
    c->set_source(v1::REGISTRATION_SOURCE_DUO_NOTICE);
    c->set_consultant(NewConsultant());
    v1::Client created;
    grpc::Status status = clients_->CreateClient(Staff().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  v1::CaseFile NewTrajectory(const v1::Client& client) {
    v1::CreateTrajectoryRequest request;
    request.set_parent(client.name());
    v1::Trajectory trajectory;
    grpc::Status status = trajectories_->CreateTrajectory(Staff().get(), request, &trajectory);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return Read(trajectory.name());
  }

  v1::CaseFile Read(const std::string& name) {
    v1::GetCaseFileRequest request;
    request.set_name(name);
    v1::CaseFile file;
    grpc::Status status = trajectories_->GetCaseFile(Staff().get(), request, &file);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return file;
  }

  // Sends a step for `file`'s trajectory at its current etag; on success `file` becomes the
  // answer. Returns the error (code OK on success).
  template <typename Request, typename Method>
  RpcError Send(v1::CaseFile& file, Request request, Method method) {
    request.set_name(file.trajectory().name());
    request.set_etag(file.trajectory().etag());
    v1::CaseFile answer;
    grpc::Status status = ((*trajectories_).*method)(Staff().get(), request, &answer);
    if (status.ok()) file = answer;
    return DecodeError(status);
  }

  RpcError Intake(v1::CaseFile& file, google::type::Date date) {
    v1::RecordIntakeRequest request;
    auto* intake = request.mutable_intake();
    *intake->mutable_date() = date;
    intake->set_education_and_work_history(true);
    intake->set_personal_circumstances(true);
    intake->set_vve_information_given(true);
    intake->set_told_of_individual_conversation(true);
    return Send(file, request, &v1::TrajectoryService::Stub::RecordIntake);
  }

  RpcError Test(v1::CaseFile& file, google::type::Date date) {
    v1::RecordLearnabilityTestRequest request;
    *request.mutable_learnability_test()->mutable_date() = date;
    request.mutable_learnability_test()->set_score(62);
    return Send(file, request, &v1::TrajectoryService::Stub::RecordLearnabilityTest);
  }

  static v1::Plan PlanOf(google::type::Date date, v1::LearningRoute route) {
    v1::Plan plan;
    *plan.mutable_decision_date() = date;
    plan.set_route(route);
    plan.add_routes_considered(v1::LEARNING_ROUTE_B1);
    plan.add_routes_considered(v1::LEARNING_ROUTE_EDUCATION);
    plan.set_route_reasons("onderwijsroute considered and rejected: no further education aim");
    plan.set_target_level(route == v1::LEARNING_ROUTE_Z ? v1::LANGUAGE_LEVEL_A1
                                                        : v1::LANGUAGE_LEVEL_B1);
    plan.set_pvt_hours(12);
    return plan;
  }

  RpcError Establish(v1::CaseFile& file, v1::Plan plan) {
    v1::EstablishPlanRequest request;
    *request.mutable_plan() = plan;
    return Send(file, request, &v1::TrajectoryService::Stub::EstablishPlan);
  }

  RpcError Amend(v1::CaseFile& file, v1::Plan plan, v1::PlanChangeKind kind) {
    v1::AmendPlanRequest request;
    plan.set_kind(kind);
    *request.mutable_amendment() = plan;
    return Send(file, request, &v1::TrajectoryService::Stub::AmendPlan);
  }

  RpcError Enroll(v1::CaseFile& file, google::type::Date start, v1::QualityMark mark) {
    v1::RecordEnrollmentRequest request;
    request.mutable_enrollment()->set_provider("Taalschool Flevoland");
    request.mutable_enrollment()->set_quality_mark(mark);
    request.mutable_enrollment()->set_planned_hours(800);
    *request.mutable_enrollment()->mutable_start_date() = start;
    return Send(file, request, &v1::TrajectoryService::Stub::RecordEnrollment);
  }

  RpcError Attend(v1::CaseFile& file, google::type::Date from, google::type::Date to,
                  double hours) {
    v1::RecordAttendanceRequest request;
    request.mutable_attendance()->set_enrollment_id(file.enrollments(0).id());
    *request.mutable_attendance()->mutable_period_start() = from;
    *request.mutable_attendance()->mutable_period_end() = to;
    request.mutable_attendance()->set_attended_hours(hours);
    request.mutable_attendance()->set_unexcused_hours(2);
    return Send(file, request, &v1::TrajectoryService::Stub::RecordAttendance);
  }

  RpcError Component(v1::CaseFile& file, v1::ComponentKind kind, google::type::Date date) {
    v1::RecordComponentResultRequest request;
    request.mutable_component_result()->set_component(kind);
    *request.mutable_component_result()->mutable_date() = date;
    request.mutable_component_result()->set_completed(true);
    return Send(file, request, &v1::TrajectoryService::Stub::RecordComponentResult);
  }

  RpcError Close(v1::CaseFile& file, v1::ClosureReason reason, google::type::Date date) {
    v1::CloseTrajectoryRequest request;
    request.mutable_closure()->set_reason(reason);
    *request.mutable_closure()->mutable_date() = date;
    return Send(file, request, &v1::TrajectoryService::Stub::CloseTrajectory);
  }

  TestServer server_;
  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::TrajectoryService::Stub> trajectories_;
};

MATCHER(Ok, "") {
  *result_listener << "code " << arg.code << " reason " << arg.reason << " " << arg.message;
  return arg.code == grpc::StatusCode::OK;
}

MATCHER_P(RefusedBy, reason, "") {
  *result_listener << "code " << arg.code << " reason " << arg.reason << " " << arg.message;
  return arg.code == grpc::StatusCode::FAILED_PRECONDITION && arg.reason == reason;
}

TEST_P(TrajectoryScenarioTest, AsylumStatusHolderFromNoticeToClosure) {
  Today(2025, 2, 3);
  v1::Client client =
      NewClient(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(1994, 7, 1), "111222333");
  v1::UpdateClientRequest notice;
  *notice.mutable_client() = client;
  *notice.mutable_client()->mutable_obligation_notice_date() = ProtoDate(2025, 1, 6);
  notice.mutable_update_mask()->add_paths("obligation_notice_date");
  ASSERT_TRUE(clients_->UpdateClient(Staff().get(), notice, &client).ok());

  v1::CaseFile file = NewTrajectory(client);
  EXPECT_EQ(file.trajectory().phase(), v1::TRAJECTORY_PHASE_INTAKE);
  EXPECT_EQ(Str(file.plan_due_date()), "2025-03-17");  // 70 days after the notice
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PLAN), "2025-03-17/DEADLINE_STATE_UPCOMING");
  EXPECT_FALSE(file.has_term_start());
  EXPECT_EQ(file.consultant().display_name(), "Sanne Bakker");

  // The broad intake; no plan before the learnability test completes it.
  ASSERT_THAT(Intake(file, ProtoDate(2025, 2, 3)), Ok());
  Today(2025, 3, 5);
  file = Read(file.trajectory().name());
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PLAN), "2025-03-17/DEADLINE_STATE_DUE");
  EXPECT_THAT(Establish(file, PlanOf(ProtoDate(2025, 3, 5), v1::LEARNING_ROUTE_B1)),
              RefusedBy("PLAN_BEFORE_INTAKE"));
  ASSERT_THAT(Test(file, ProtoDate(2025, 2, 20)), Ok());

  // The plan: the term starts the day after its decision date.
  Today(2025, 3, 10);
  ASSERT_THAT(Establish(file, PlanOf(ProtoDate(2025, 3, 10), v1::LEARNING_ROUTE_B1)), Ok());
  EXPECT_EQ(file.trajectory().phase(), v1::TRAJECTORY_PHASE_PLANNED);
  EXPECT_EQ(Str(file.term_start()), "2025-03-11");
  EXPECT_EQ(Str(file.term_last_day()), "2028-03-10");  // art. 11 lid 1: D + 3 years - 1 day
  EXPECT_EQ(DeprecatedTermEnd(file), "2028-03-11");    // deprecated: the day after
  EXPECT_EQ(Str(file.route_switch_last_day()), "2026-09-10");
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PLAN), "2025-03-17/DEADLINE_STATE_MET");
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PROGRAMME_START),
            "2025-06-10/DEADLINE_STATE_UPCOMING");
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_TERM_END), "2028-03-10/DEADLINE_STATE_UPCOMING");
  EXPECT_EQ(file.current_plan().version(), 1);
  EXPECT_THAT(Establish(file, PlanOf(ProtoDate(2025, 3, 10), v1::LEARNING_ROUTE_Z)),
              RefusedBy("PLAN_ALREADY_ESTABLISHED"));

  // The programme, its hours and an exam.
  Today(2025, 4, 1);
  ASSERT_THAT(Enroll(file, ProtoDate(2025, 4, 1), v1::QUALITY_MARK_BLIK_OP_WERK), Ok());
  EXPECT_EQ(file.trajectory().phase(), v1::TRAJECTORY_PHASE_PROGRAMME);
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PROGRAMME_START), "2025-06-10/DEADLINE_STATE_MET");
  Today(2025, 7, 1);
  ASSERT_THAT(Attend(file, ProtoDate(2025, 4, 1), ProtoDate(2025, 6, 30), 160), Ok());
  EXPECT_DOUBLE_EQ(file.hours().attended(), 160);
  EXPECT_DOUBLE_EQ(file.hours().certified_attended(), 160);
  EXPECT_DOUBLE_EQ(file.hours().unexcused(), 2);
  v1::RecordExamResultRequest exam;
  exam.mutable_exam_result()->set_skill(v1::EXAM_SKILL_READING);
  exam.mutable_exam_result()->set_level(v1::LANGUAGE_LEVEL_A2);
  exam.mutable_exam_result()->set_attempt(1);
  *exam.mutable_exam_result()->mutable_date() = ProtoDate(2025, 6, 25);
  exam.mutable_exam_result()->set_passed(true);
  ASSERT_THAT(Send(file, exam, &v1::TrajectoryService::Stub::RecordExamResult), Ok());
  ASSERT_EQ(file.exam_results_size(), 1);

  // A route switch in month 17 is allowed; the term does not move.
  Today(2026, 8, 11);
  v1::Plan z = PlanOf(ProtoDate(2026, 8, 11), v1::LEARNING_ROUTE_Z);
  ASSERT_THAT(Amend(file, z, v1::PLAN_CHANGE_KIND_ROUTE_SWITCH), Ok());
  EXPECT_EQ(file.trajectory().route(), v1::LEARNING_ROUTE_Z);
  EXPECT_EQ(file.current_plan().version(), 2);
  EXPECT_EQ(file.current_plan().language_hours(), 800);
  EXPECT_EQ(file.current_plan().participation_hours(), 800);
  EXPECT_EQ(Str(file.term_start()), "2025-03-11");
  EXPECT_EQ(Str(file.trajectory().first_plan_date()), "2025-03-10");

  // One in month 19 is refused, and changes nothing.
  Today(2026, 10, 12);
  const std::string etag_before = file.trajectory().etag();
  EXPECT_THAT(Amend(file, PlanOf(ProtoDate(2026, 10, 12), v1::LEARNING_ROUTE_B1),
                    v1::PLAN_CHANGE_KIND_ROUTE_SWITCH),
              RefusedBy("ROUTE_SWITCH_AFTER_18_MONTHS"));
  file = Read(file.trajectory().name());
  EXPECT_EQ(file.trajectory().etag(), etag_before);
  EXPECT_EQ(file.plans_size(), 2);

  // An extension moves the end of the term.
  v1::RecordExtensionRequest extension;
  extension.mutable_extension()->set_ground(v1::EXTENSION_GROUND_CHILDBIRTH);
  extension.mutable_extension()->set_weeks(16);
  *extension.mutable_extension()->mutable_decision_date() = ProtoDate(2026, 10, 1);
  ASSERT_THAT(Send(file, extension, &v1::TrajectoryService::Stub::RecordExtension), Ok());
  EXPECT_EQ(Str(file.term_last_day()), "2028-06-30");
  EXPECT_EQ(DeprecatedTermEnd(file), "2028-07-01");

  ASSERT_THAT(Component(file, v1::COMPONENT_KIND_PVT, ProtoDate(2026, 10, 5)), Ok());
  ASSERT_THAT(Component(file, v1::COMPONENT_KIND_MAP, ProtoDate(2026, 10, 6)), Ok());

  // Closure: the Z-route ends with the final interview and the decision that it is completed;
  // the term's deadline is met, and nothing more can be recorded.
  Today(2027, 12, 1);
  v1::ScheduleAppointmentRequest interview;
  interview.mutable_appointment()->set_kind(v1::APPOINTMENT_KIND_FINAL_INTERVIEW);
  interview.mutable_appointment()->mutable_scheduled_time()->set_seconds(
      1827568800);  // 2027-11-30 10:00 UTC
  ASSERT_THAT(Send(file, interview, &v1::TrajectoryService::Stub::ScheduleAppointment), Ok());
  v1::RecordAppointmentOutcomeRequest held;
  held.set_appointment_id(file.appointments(0).id());
  held.set_outcome(v1::APPOINTMENT_OUTCOME_ATTENDED);
  ASSERT_THAT(Send(file, held, &v1::TrajectoryService::Stub::RecordAppointmentOutcome), Ok());
  v1::DecideZRouteCompletionRequest completed;
  *completed.mutable_decision()->mutable_date() = ProtoDate(2027, 12, 1);
  completed.mutable_decision()->set_final_interview_id(file.appointments(0).id());
  completed.mutable_decision()->set_completed(true);
  completed.mutable_decision()->set_reasons("self-reliant in daily life");
  ASSERT_THAT(Send(file, completed, &v1::TrajectoryService::Stub::DecideZRouteCompletion), Ok());
  ASSERT_THAT(Close(file, v1::CLOSURE_REASON_FULFILLED, ProtoDate(2027, 12, 1)), Ok());
  EXPECT_EQ(file.trajectory().phase(), v1::TRAJECTORY_PHASE_CLOSED);
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_TERM_END), "2028-06-30/DEADLINE_STATE_MET");
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PROGRESS_REVIEW), "none");
  EXPECT_THAT(Component(file, v1::COMPONENT_KIND_KNM, ProtoDate(2027, 12, 1)),
              RefusedBy("TRAJECTORY_CLOSED"));
  EXPECT_THAT(Close(file, v1::CLOSURE_REASON_DIED, ProtoDate(2027, 12, 1)),
              RefusedBy("TRAJECTORY_CLOSED"));
}

TEST_P(TrajectoryScenarioTest, FamilyMigrantOnTheEducationRoute) {
  Today(2025, 2, 10);
  v1::Client client =
      NewClient(v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2003, 5, 1), "123456782");
  v1::UpdateClientRequest dates;
  *dates.mutable_client() = client;
  *dates.mutable_client()->mutable_obligation_notice_date() = ProtoDate(2025, 1, 10);
  *dates.mutable_client()->mutable_brp_registration_date() = ProtoDate(2025, 2, 1);
  dates.mutable_update_mask()->add_paths("obligation_notice_date");
  dates.mutable_update_mask()->add_paths("brp_registration_date");
  ASSERT_TRUE(clients_->UpdateClient(Staff().get(), dates, &client).ok());

  v1::CaseFile file = NewTrajectory(client);
  EXPECT_EQ(Str(file.plan_due_date()), "2025-04-12");  // 70 days after the later BRP date

  ASSERT_THAT(Intake(file, ProtoDate(2025, 2, 10)), Ok());
  v1::ExemptFromLearnabilityTestRequest exempt;
  exempt.mutable_exemption()->set_reason(v1::TEST_EXEMPTION_REASON_HEARING_IMPAIRMENT);
  *exempt.mutable_exemption()->mutable_date() = ProtoDate(2025, 2, 10);
  ASSERT_THAT(Send(file, exempt, &v1::TrajectoryService::Stub::ExemptFromLearnabilityTest), Ok());
  EXPECT_THAT(Test(file, ProtoDate(2025, 2, 10)), RefusedBy("LEARNABILITY_TEST_SETTLED"));

  Today(2025, 4, 1);
  v1::Plan education = PlanOf(ProtoDate(2025, 4, 1), v1::LEARNING_ROUTE_EDUCATION);
  education.set_map_hours(40);
  EXPECT_THAT(Establish(file, education), RefusedBy("NO_MAP_IN_EDUCATION_ROUTE"));
  education.set_map_hours(0);
  ASSERT_THAT(Establish(file, education), Ok());
  EXPECT_EQ(Str(file.term_start()), "2025-04-02");
  EXPECT_EQ(Str(file.term_last_day()), "2028-04-01");
  EXPECT_EQ(DeprecatedTermEnd(file), "2028-04-02");
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PLAN), "2025-04-12/DEADLINE_STATE_MET");
  // A family migrant buys their own course: no programme-start clock (ProgrammeStartClockApplies).
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PROGRAMME_START), "none");
  EXPECT_THAT(Component(file, v1::COMPONENT_KIND_MAP, ProtoDate(2025, 4, 1)),
              RefusedBy("NO_MAP_IN_EDUCATION_ROUTE"));

  Today(2025, 9, 1);
  ASSERT_THAT(Enroll(file, ProtoDate(2025, 9, 1), v1::QUALITY_MARK_DIPLOMA_RECOGNITION), Ok());
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PROGRAMME_START), "none");

  // Onderwijsroute to B1-route is allowed after 18 months too (month 20).
  Today(2026, 12, 1);
  ASSERT_THAT(Amend(file, PlanOf(ProtoDate(2026, 12, 1), v1::LEARNING_ROUTE_B1),
                    v1::PLAN_CHANGE_KIND_ROUTE_SWITCH),
              Ok());
  EXPECT_EQ(file.trajectory().route(), v1::LEARNING_ROUTE_B1);
  EXPECT_EQ(Str(file.term_start()), "2025-04-02");

  ASSERT_THAT(Close(file, v1::CLOSURE_REASON_MOVED, ProtoDate(2026, 12, 1)), Ok());
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_TERM_END), "2028-04-01/DEADLINE_STATE_LAPSED");
}

// EducationRouteAboveTargetAge: the onderwijsroute for a person of 45 is established, and the case
// file advises recording why it suits them until an amendment does.
TEST_P(TrajectoryScenarioTest, TheEducationRouteAboveItsTargetAgeIsAdvisedNotRefused) {
  Today(2025, 3, 10);
  v1::CaseFile file = NewTrajectory(
      NewClient(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(1980, 1, 1), "111222333"));
  ASSERT_THAT(Intake(file, ProtoDate(2025, 3, 1)), Ok());
  ASSERT_THAT(Test(file, ProtoDate(2025, 3, 1)), Ok());
  EXPECT_EQ(file.advisories_size(), 0);
  ASSERT_THAT(Establish(file, PlanOf(ProtoDate(2025, 3, 10), v1::LEARNING_ROUTE_EDUCATION)), Ok());
  ASSERT_EQ(file.advisories_size(), 1);
  EXPECT_EQ(file.advisories(0).code(), "EDUCATION_ROUTE_ABOVE_TARGET_AGE");
  v1::Plan reasoned = PlanOf(ProtoDate(2025, 3, 10), v1::LEARNING_ROUTE_EDUCATION);
  reasoned.set_education_route_age_reason("vwo diploma; admitted to an hbo programme in 2026");
  ASSERT_THAT(Amend(file, reasoned, v1::PLAN_CHANGE_KIND_OTHER), Ok());
  EXPECT_EQ(file.advisories_size(), 0);
  EXPECT_EQ(file.current_plan().education_route_age_reason(),
            "vwo diploma; admitted to an hbo programme in 2026");
}

TEST_P(TrajectoryScenarioTest, LegalRulesRefuseWithTheirReason) {
  Today(2025, 3, 10);
  v1::Client older =
      NewClient(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(1980, 1, 1), "111222333");
  v1::CaseFile file = NewTrajectory(older);
  v1::RecordProgressReviewRequest review;
  *review.mutable_progress_review()->mutable_date() = ProtoDate(2025, 3, 10);
  EXPECT_THAT(Send(file, review, &v1::TrajectoryService::Stub::RecordProgressReview),
              RefusedBy("NO_PLAN_YET"));
  ASSERT_THAT(Intake(file, ProtoDate(2025, 3, 1)), Ok());
  ASSERT_THAT(Test(file, ProtoDate(2025, 3, 1)), Ok());
  v1::Plan z = PlanOf(ProtoDate(2025, 3, 10), v1::LEARNING_ROUTE_Z);
  z.set_language_hours(800);
  z.set_participation_hours(100);
  EXPECT_THAT(Establish(file, z), RefusedBy("Z_ROUTE_HOURS"));
  ASSERT_THAT(Establish(file, PlanOf(ProtoDate(2025, 3, 10), v1::LEARNING_ROUTE_B1)), Ok());

  ASSERT_THAT(Enroll(file, ProtoDate(2025, 3, 10), v1::QUALITY_MARK_BLIK_OP_WERK), Ok());
  Today(2026, 1, 10);
  ASSERT_THAT(Attend(file, ProtoDate(2025, 3, 10), ProtoDate(2025, 12, 31), 590), Ok());
  v1::Plan lower = PlanOf(ProtoDate(2026, 1, 10), v1::LEARNING_ROUTE_B1);
  EXPECT_THAT(Amend(file, lower, v1::PLAN_CHANGE_KIND_LOWER_TO_A2),
              RefusedBy("LOWERING_NEEDS_600_HOURS"));
  ASSERT_THAT(Attend(file, ProtoDate(2026, 1, 1), ProtoDate(2026, 1, 9), 10), Ok());
  EXPECT_THAT(Amend(file, lower, v1::PLAN_CHANGE_KIND_LOWER_TO_A2),
              RefusedBy("LOWERING_NEEDS_EFFORT_FINDING"));
  lower.set_effort_finding("attended 600 hours, sat every exam twice: sufficient effort");
  ASSERT_THAT(Amend(file, lower, v1::PLAN_CHANGE_KIND_LOWER_TO_A2), Ok());
  EXPECT_EQ(file.current_plan().effort_finding(),
            "attended 600 hours, sat every exam twice: sufficient effort");
  EXPECT_EQ(file.current_plan().target_level(), v1::LANGUAGE_LEVEL_A2);

  v1::Plan move = PlanOf(ProtoDate(2026, 1, 10), v1::LEARNING_ROUTE_Z);
  move.set_new_municipality("0344");
  EXPECT_THAT(Amend(file, move, v1::PLAN_CHANGE_KIND_MOVE), RefusedBy("MOVE_KEEPS_ROUTE"));
  move.set_route(v1::LEARNING_ROUTE_B1);
  EXPECT_THAT(Amend(file, move, v1::PLAN_CHANGE_KIND_MOVE), Ok());

  // One open trajectory per client.
  v1::CreateTrajectoryRequest again;
  again.set_parent(older.name());
  v1::Trajectory second;
  EXPECT_THAT(DecodeError(trajectories_->CreateTrajectory(Staff().get(), again, &second)),
              RefusedBy("TRAJECTORY_ALREADY_OPEN"));
}

TEST_P(TrajectoryScenarioTest, StaleEtagAndReplayedRequestIds) {
  Today(2025, 3, 10);
  v1::CaseFile file = NewTrajectory(
      NewClient(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(1994, 7, 1), "111222333"));
  v1::RecordIntakeRequest intake;
  intake.set_name(file.trajectory().name());
  intake.set_etag(file.trajectory().etag());
  intake.set_request_id("intake-1");
  *intake.mutable_intake()->mutable_date() = ProtoDate(2025, 3, 1);
  v1::CaseFile first, replay;
  ASSERT_TRUE(trajectories_->RecordIntake(Staff().get(), intake, &first).ok());
  // The same request again (a retry after a lost answer): the same result, recorded once.
  ASSERT_TRUE(trajectories_->RecordIntake(Staff().get(), intake, &replay).ok());
  EXPECT_EQ(replay.trajectory().etag(), first.trajectory().etag());
  // The same request_id with another body.
  intake.mutable_intake()->set_summary("different");
  const RpcError reused = DecodeError(trajectories_->RecordIntake(Staff().get(), intake, &replay));
  EXPECT_EQ(reused.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(reused.reason, "REQUEST_ID_REUSED");
  EXPECT_THAT(reused.fields(), ElementsAre("request_id"));
  // Without a request_id, the old etag is stale.
  intake.clear_request_id();
  const RpcError stale = DecodeError(trajectories_->RecordIntake(Staff().get(), intake, &replay));
  EXPECT_EQ(stale.code, grpc::StatusCode::ABORTED);
  EXPECT_EQ(stale.reason, "STALE_ETAG");
}

TEST_P(TrajectoryScenarioTest, BadInputNamesEveryFieldAndWritesNothing) {
  Today(2025, 3, 10);
  v1::CaseFile file = NewTrajectory(
      NewClient(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(1994, 7, 1), "111222333"));
  v1::EstablishPlanRequest request;
  request.set_name(file.trajectory().name());
  request.set_etag(file.trajectory().etag());
  v1::Plan* plan = request.mutable_plan();
  *plan->mutable_decision_date() = ProtoDate(2025, 2, 30);  // impossible
  plan->set_route(static_cast<v1::LearningRoute>(99));      // unknown enum
  plan->set_target_level(v1::LANGUAGE_LEVEL_B1);
  plan->set_route_reasons(std::string(4001, 'x'));  // oversized
  plan->set_map_hours(-1);
  plan->set_new_municipality("0344");  // not a move
  v1::CaseFile answer;
  const RpcError error = DecodeError(trajectories_->EstablishPlan(Staff().get(), request, &answer));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(error.fields(),
              UnorderedElementsAre("plan.decision_date", "plan.route", "plan.route_reasons",
                                   "plan.map_hours", "plan.new_municipality"));
  EXPECT_EQ(Read(file.trajectory().name()).trajectory().etag(), file.trajectory().etag());

  v1::RecordIntakeRequest future;
  future.set_name(file.trajectory().name());
  future.set_etag("not-an-etag");
  *future.mutable_intake()->mutable_date() = ProtoDate(2025, 3, 11);  // tomorrow
  EXPECT_THAT(DecodeError(trajectories_->RecordIntake(Staff().get(), future, &answer)).fields(),
              UnorderedElementsAre("etag", "intake.date"));

  v1::RecordIntakeRequest bad_name;
  bad_name.set_name("municipalities/0303/clients/x/trajectories/");
  bad_name.set_etag("v1");
  EXPECT_THAT(DecodeError(trajectories_->RecordIntake(Staff().get(), bad_name, &answer)).fields(),
              UnorderedElementsAre("name", "intake"));
}

TEST_P(TrajectoryScenarioTest, AnotherMunicipalitysStaffSeeNothing) {
  Today(2025, 3, 10);
  v1::CaseFile file = NewTrajectory(
      NewClient(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(1994, 7, 1), "111222333"));
  v1::GetCaseFileRequest get;
  get.set_name(file.trajectory().name());
  v1::CaseFile answer;
  EXPECT_EQ(trajectories_->GetCaseFile(CallerContext("consultant", "0344").get(), get, &answer)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::FindClientByBsnRequest find;
  find.set_parent("municipalities/0344");
  find.set_bsn("111222333");
  v1::Client client;
  EXPECT_EQ(clients_->FindClientByBsn(CallerContext("consultant", "0344").get(), find, &client)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

INSTANTIATE_TEST_SUITE_P(Backends, TrajectoryScenarioTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

}  // namespace
}  // namespace inburgering::server
