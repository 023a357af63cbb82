// Reporting through the real server on a hand-built dataset whose figures are worked out by hand
// below, identical on SQLite and PostgreSQL: indicators with targets and breakdowns, the
// caseload, the work queue, provider outcomes, and the CBS delivery validated against its XSD.

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inburgering/v1/privacy_service.grpc.pb.h"
#include "inburgering/v1/reporting_service.grpc.pb.h"
#include "persistence/cohort_summary.h"
#include "persistence/unit_of_work.h"
#include "soci/soci.h"
#include "tests/testing/scenario.h"
#include "tests/testing/status_matchers.h"

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
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

absl::TimeZone Amsterdam() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Amsterdam", &zone));
  return zone;
}

ServerConfig WithTargets() {
  ServerConfig config = testing::TestServer::DefaultConfig();
  config.indicator_targets =
      [](const std::string& municipality, int year,
         const std::string& indicator) -> std::optional<domain::IndicatorTarget> {
    if (municipality == "0303" && year == 2025 && indicator == "PLAN_WITHIN_10_WEEKS") {
      return domain::IndicatorTarget{0.9, false};
    }
    if (municipality == "0303" && year == 2025 && indicator == "FINED") {
      return domain::IndicatorTarget{0.05, true};
    }
    return std::nullopt;
  };
  // A Dutch municipality's day: the CBS quarter ends at midnight in Amsterdam.
  config.policy.time_zone = Amsterdam();
  return config;
}

// Whether `xml` is valid against the delivery's XSD (with libxml2's complaint when not).
std::string SchemaErrors(const std::string& xml) {
  static std::string errors;
  errors.clear();
  const std::string xsd =
      absl::StrCat(INBURGERING_SOURCE_DIR, "/api/cbs/statistiek_wet_inburgering.xsd");
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(xsd.c_str());
  xmlSchemaPtr schema = xmlSchemaParse(parser);
  xmlSchemaValidCtxtPtr valid = xmlSchemaNewValidCtxt(schema);
  xmlSchemaSetValidStructuredErrors(
      valid, [](void*, xmlErrorPtr error) { errors += error->message; }, nullptr);
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "delivery.xml", nullptr,
                                XML_PARSE_NONET);
  if (schema == nullptr) errors = "the XSD did not parse";
  if (doc == nullptr) errors = "the delivery is not well-formed XML";
  if (schema != nullptr && doc != nullptr && xmlSchemaValidateDoc(valid, doc) != 0 &&
      errors.empty()) {
    errors = "invalid";
  }
  xmlFreeDoc(doc);
  xmlSchemaFreeValidCtxt(valid);
  xmlSchemaFree(schema);
  xmlSchemaFreeParserCtxt(parser);
  return errors;
}

int Count(const std::string& haystack, const std::string& needle) {
  return ::inburgering::testing::Occurrences(haystack, needle);
}

class ReportingTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  ReportingTest()
      : s_(GetParam(), WithTargets()),
        reporting_(v1::ReportingService::NewStub(s_.server().channel())) {}

  static std::unique_ptr<grpc::ClientContext> Lead() { return CallerContext("team_lead", "0303"); }

  std::string Consultant(const std::string& name, int capacity) {
    v1::CreateConsultantRequest request;
    request.set_parent("municipalities/0303");
    request.mutable_consultant()->set_display_name(name);
    request.mutable_consultant()->set_case_capacity(capacity);
    v1::Consultant c;
    EXPECT_TRUE(s_.clients().CreateConsultant(Lead().get(), request, &c).ok());
    return c.name();
  }

  v1::CaseFile Trajectory(int n, v1::TargetGroup group, google::type::Date notice,
                          const std::string& consultant) {
    v1::CreateClientRequest request = testing::ClientRequest(SeriesBsn(n));
    request.mutable_client()->set_target_group(group);
    *request.mutable_client()->mutable_obligation_notice_date() = notice;
    request.mutable_client()->set_consultant(consultant);
    v1::Client client;
    EXPECT_TRUE(s_.clients().CreateClient(Lead().get(), request, &client).ok());
    return s_.NewTrajectory(client);
  }

  testing::RpcError Enroll(v1::CaseFile& file, const std::string& provider,
                           google::type::Date start) {
    v1::RecordEnrollmentRequest request;
    request.mutable_enrollment()->set_provider(provider);
    request.mutable_enrollment()->set_quality_mark(v1::QUALITY_MARK_BLIK_OP_WERK);
    *request.mutable_enrollment()->mutable_start_date() = start;
    return s_.Send(s_.trajectories(), file, request,
                   &v1::TrajectoryService::Stub::RecordEnrollment);
  }

  // The dataset (today 2026-06-01):
  //   A  asylum status holder, notice 2025-01-06 (plan due 2025-03-17), plan 2025-03-10 B1 (in
  //      time), programme at Taalschool Noord from 2025-05-01 (due 2025-06-10: in time), PVT
  //      signed 2025-09-01, in work after 12 months. Consultant Anna.
  //   B  family migrant, notice 2025-01-06, plan 2025-04-01 (late), programme at Taalschool Zuid
  //      from 2025-09-01 (due 2025-07-01: late). Consultant Anna.
  //   C  asylum status holder, notice 2025-02-03 (plan due 2025-04-14), plan 2025-04-01 (in
  //      time), no programme (its start was due 2025-07-01). Consultant Bram.
  //   D  asylum status holder, notice 2025-01-06, no plan (due 2025-03-17: overdue). Bram.
  void Build() {
    s_.Today(2026, 6, 1);
    anna_ = Consultant("Anna", 30);
    bram_ = Consultant("Bram", 20);
    a_ = Trajectory(1, v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(2025, 1, 6), anna_);
    ASSERT_THAT(s_.CompleteIntake(a_, ProtoDate(2025, 2, 3)), Ok());
    ASSERT_THAT(s_.Establish(a_, ProtoDate(2025, 3, 10)), Ok());
    ASSERT_THAT(Enroll(a_, "Taalschool Noord", ProtoDate(2025, 5, 1)), Ok());
    ASSERT_THAT(s_.Component(a_, v1::COMPONENT_KIND_PVT, ProtoDate(2025, 9, 1)), Ok());
    v1::RecordParticipationOutcomeRequest outcome;
    outcome.mutable_outcome()->set_months(12);
    *outcome.mutable_outcome()->mutable_date() = ProtoDate(2026, 3, 11);
    outcome.mutable_outcome()->set_in_work(true);
    ASSERT_THAT(s_.Send(s_.trajectories(), a_, outcome,
                        &v1::TrajectoryService::Stub::RecordParticipationOutcome),
                Ok());

    b_ = Trajectory(2, v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6), anna_);
    ASSERT_THAT(s_.CompleteIntake(b_, ProtoDate(2025, 2, 3)), Ok());
    ASSERT_THAT(s_.Establish(b_, ProtoDate(2025, 4, 1)), Ok());
    ASSERT_THAT(Enroll(b_, "Taalschool Zuid", ProtoDate(2025, 9, 1)), Ok());

    c_ = Trajectory(3, v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(2025, 2, 3), bram_);
    ASSERT_THAT(s_.CompleteIntake(c_, ProtoDate(2025, 3, 3)), Ok());
    ASSERT_THAT(s_.Establish(c_, ProtoDate(2025, 4, 1)), Ok());

    d_ = Trajectory(4, v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(2025, 1, 6), bram_);
  }

  v1::IndicatorReport Indicators(int year) {
    v1::GetIndicatorsRequest request;
    request.set_parent("municipalities/0303");
    request.set_year(year);
    v1::IndicatorReport report;
    const grpc::Status status =
        reporting_->GetIndicators(CallerContext("reporting", "0303").get(), request, &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report;
  }

  v1::ProviderOutcomes ProviderOutcomes(int year) {
    v1::GetProviderOutcomesRequest request;
    request.set_parent("municipalities/0303");
    request.set_year(year);
    v1::ProviderOutcomes outcomes;
    const grpc::Status status = reporting_->GetProviderOutcomes(Lead().get(), request, &outcomes);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return outcomes;
  }

  // The CBS delivery, concatenated, and its last chunk.
  grpc::Status Export(const std::string& quarter, bool correction, std::string* xml,
                      v1::CbsDeliveryChunk* last, int64_t* total) {
    v1::ExportCbsDeliveryRequest request;
    request.add_municipalities("0303");
    request.set_quarter(quarter);
    request.set_correction(correction);
    auto context = Lead();
    auto stream = reporting_->ExportCbsDelivery(context.get(), request);
    v1::CbsDeliveryChunk chunk;
    bool first = true;
    while (stream->Read(&chunk)) {
      if (first) *total = chunk.total_records();
      first = false;
      *xml += chunk.xml();
      *last = chunk;
    }
    return stream->Finish();
  }

  Scenario s_;
  std::unique_ptr<v1::ReportingService::Stub> reporting_;
  std::string anna_, bram_;
  v1::CaseFile a_, b_, c_, d_;
};

const v1::Indicator& Find(const v1::IndicatorReport& report, const std::string& name) {
  for (const v1::Indicator& i : report.indicators()) {
    if (i.name() == name) return i;
  }
  ADD_FAILURE() << "no indicator " << name;
  return v1::Indicator::default_instance();
}

std::map<std::string, std::string> Breakdown(const v1::Indicator& indicator,
                                             const std::string& dimension) {
  std::map<std::string, std::string> out;
  for (const auto& b : indicator.breakdowns()) {
    if (b.dimension() == dimension)
      out[b.key()] = absl::StrCat(b.numerator(), "/", b.denominator());
  }
  return out;
}

TEST_P(ReportingTest, IndicatorsMatchTheFiguresWorkedOutByHand) {
  Build();
  const v1::IndicatorReport report = Indicators(2025);
  ASSERT_EQ(report.indicators_size(), 31);
  // Plans due in 2025: A, B, C, D; in time: A (03-10 <= 03-17) and C (04-01 <= 04-14).
  const v1::Indicator& plan = Find(report, "PLAN_WITHIN_10_WEEKS");
  EXPECT_EQ(plan.numerator(), 2);
  EXPECT_EQ(plan.denominator(), 4);
  EXPECT_DOUBLE_EQ(plan.value(), 0.5);
  EXPECT_DOUBLE_EQ(plan.target(), 0.9);
  EXPECT_EQ(plan.target_status(), v1::TARGET_STATUS_NOT_MET);
  EXPECT_EQ(Breakdown(plan, "TARGET_GROUP"),
            (std::map<std::string, std::string>{{"ASYLUM_STATUS_HOLDER", "2/3"},
                                                {"FAMILY_MIGRANT", "0/1"}}));
  // The cohort (first plan in 2025) is A, B, C; the programme-start clock runs for the asylum
  // status holders A and C only (B, a family migrant, buys their own course); in time only at A.
  const v1::Indicator& start = Find(report, "PROGRAMME_STARTED_IN_TIME");
  EXPECT_EQ(absl::StrCat(start.numerator(), "/", start.denominator()), "1/2");
  EXPECT_EQ(Breakdown(start, "PROVIDER"),
            (std::map<std::string, std::string>{{"", "0/1"}, {"Taalschool Noord", "1/1"}}));
  EXPECT_EQ(Find(report, "ROUTE_B1").numerator(), 3);
  EXPECT_EQ(Find(report, "ROUTE_Z").numerator(), 0);
  const v1::Indicator& pvt = Find(report, "PVT_COMPLETED");
  EXPECT_EQ(absl::StrCat(pvt.numerator(), "/", pvt.denominator()), "1/3");
  EXPECT_EQ(pvt.target_status(), v1::TARGET_STATUS_NO_TARGET);
  const v1::Indicator& work = Find(report, "IN_WORK_12_MONTHS");
  EXPECT_EQ(absl::StrCat(work.numerator(), "/", work.denominator()), "1/1");
  // Nobody was fined: 0 of 3 meets an at-most target.
  const v1::Indicator& fined = Find(report, "FINED");
  EXPECT_EQ(absl::StrCat(fined.numerator(), "/", fined.denominator()), "0/3");
  EXPECT_TRUE(fined.target_is_maximum());
  EXPECT_EQ(fined.target_status(), v1::TARGET_STATUS_MET);
  // Another year has nothing.
  EXPECT_EQ(Find(Indicators(2024), "PLAN_WITHIN_10_WEEKS").denominator(), 0);
}

TEST_P(ReportingTest, CaseloadPerConsultantAndForTheTeam) {
  Build();
  v1::GetCaseloadRequest request;
  request.set_parent("municipalities/0303");
  v1::Caseload load;
  ASSERT_TRUE(reporting_->GetCaseload(Lead().get(), request, &load).ok());
  ASSERT_EQ(load.consultants_size(), 2);
  const v1::ConsultantCaseload& anna = load.consultants(0);
  EXPECT_EQ(anna.display_name(), "Anna");
  EXPECT_EQ(anna.consultant(), anna_);
  EXPECT_EQ(anna.programme(), 2);  // A and B started
  EXPECT_EQ(anna.active(), 2);
  EXPECT_EQ(anna.overdue(), 2);  // their progress reviews are overdue
  EXPECT_DOUBLE_EQ(anna.capacity_use(), 2.0 / 30);
  const v1::ConsultantCaseload& bram = load.consultants(1);
  EXPECT_EQ(bram.intake(), 1);   // D
  EXPECT_EQ(bram.planned(), 1);  // C
  EXPECT_EQ(bram.overdue(), 2);
  EXPECT_EQ(load.team().active(), 4);
  EXPECT_EQ(load.team().capacity(), 50);
  EXPECT_DOUBLE_EQ(load.team().capacity_use(), 4.0 / 50);
}

TEST_P(ReportingTest, TheWorkQueueMostUrgentFirstInPages) {
  Build();
  // Due: DUO items for the three plans and A's PVT (fact dates), D's plan, C's programme start,
  // and the progress reviews of A, B, C (13 weeks after their plans): nine items.
  std::vector<std::string> seen;
  std::string token;
  do {
    v1::ListWorkItemsRequest request;
    request.set_parent("municipalities/0303");
    request.set_page_size(4);
    request.set_page_token(token);
    v1::ListWorkItemsResponse page;
    ASSERT_TRUE(reporting_->ListWorkItems(s_.Staff().get(), request, &page).ok());
    for (const v1::WorkItem& item : page.work_items()) {
      seen.push_back(absl::StrCat(v1::WorkItemKind_Name(item.kind()).substr(15), " ",
                                  item.due_date().year(), "-", item.due_date().month(), "-",
                                  item.due_date().day(), item.overdue() ? " overdue" : ""));
    }
    token = page.next_page_token();
  } while (!token.empty());
  EXPECT_THAT(seen,
              ElementsAre("DUO_REPORT_TO_SEND 2025-3-10 overdue", "PLAN_DUE 2025-3-17 overdue",
                          "DUO_REPORT_TO_SEND 2025-4-1 overdue",
                          "DUO_REPORT_TO_SEND 2025-4-1 overdue", "REVIEW_DUE 2025-6-9 overdue",
                          "PROGRAMME_START_DUE 2025-7-1 overdue", "REVIEW_DUE 2025-7-1 overdue",
                          "REVIEW_DUE 2025-7-1 overdue", "DUO_REPORT_TO_SEND 2025-9-1 overdue"));
  // Bram's clients only: D's plan, C's programme start, C's review and C's DUO item.
  v1::ListWorkItemsRequest mine;
  mine.set_parent("municipalities/0303");
  mine.set_consultant(bram_);
  v1::ListWorkItemsResponse page;
  ASSERT_TRUE(reporting_->ListWorkItems(s_.Staff().get(), mine, &page).ok());
  EXPECT_EQ(page.work_items_size(), 4);
  // Not for the reporting role: it names clients.
  EXPECT_EQ(
      reporting_->ListWorkItems(CallerContext("reporting", "0303").get(), mine, &page).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_P(ReportingTest, OutcomesPerProvider) {
  Build();
  const v1::ProviderOutcomes outcomes = ProviderOutcomes(2025);
  ASSERT_EQ(outcomes.providers_size(), 3);
  EXPECT_EQ(outcomes.providers(0).provider(), "");
  EXPECT_EQ(outcomes.providers(1).provider(), "Taalschool Noord");
  EXPECT_EQ(outcomes.providers(1).trajectories(), 1);
  EXPECT_EQ(outcomes.providers(1).started_in_time(), 1);
  EXPECT_EQ(outcomes.providers(1).pvt_completed(), 1);
  EXPECT_EQ(outcomes.providers(2).provider(), "Taalschool Zuid");
  EXPECT_EQ(outcomes.providers(2).started_in_time(), 0);
}

// The learning offers bought are summed per provider, for cost per outcome (issue 15).
TEST_P(ReportingTest, OutcomesPerProviderCarryWhatTheOffersCost) {
  Build();
  v1::RecordEnrollmentRequest knm;
  knm.mutable_enrollment()->set_provider("Taalschool Noord");
  knm.mutable_enrollment()->set_quality_mark(v1::QUALITY_MARK_BLIK_OP_WERK);
  knm.mutable_enrollment()->set_component(v1::OFFER_COMPONENT_KNM);
  knm.mutable_enrollment()->set_planned_hours(100);
  knm.mutable_enrollment()->set_price_euro_cents(120000);
  *knm.mutable_enrollment()->mutable_start_date() = ProtoDate(2025, 6, 1);
  ASSERT_THAT(s_.Send(s_.trajectories(), a_, knm, &v1::TrajectoryService::Stub::RecordEnrollment),
              Ok());
  EXPECT_EQ(a_.enrollments(1).component(), v1::OFFER_COMPONENT_KNM);
  EXPECT_EQ(a_.enrollments(0).component(), v1::OFFER_COMPONENT_LANGUAGE);  // unset: language
  const v1::ProviderOutcomes outcomes = ProviderOutcomes(2025);
  ASSERT_EQ(outcomes.providers_size(), 3);
  EXPECT_EQ(outcomes.providers(1).provider(), "Taalschool Noord");
  EXPECT_EQ(outcomes.providers(1).offer_euro_cents(), 120000);
  EXPECT_EQ(outcomes.providers(2).offer_euro_cents(), 0);
}

// People outside the Wi2021 (the Wi2013 group, volunteers) may be guided on a trajectory: no
// Wi2021 clocks, no DUO reports, no fines; counted apart in the indicators and never delivered to
// CBS, whose SWI covers the Wi2021 only (Wi2021Applies).
TEST_P(ReportingTest, PeopleOutsideTheWi2021AreCountedApartAndNeverDeliveredToCbs) {
  Build();
  const v1::IndicatorReport wi2021_only = Indicators(2025);
  EXPECT_EQ(wi2021_only.outside_wi2021_trajectories(), 0);
  for (auto [n, regime] : {std::pair{5, v1::REGIME_WI2013}, std::pair{6, v1::REGIME_VOLUNTEER}}) {
    v1::CreateClientRequest request = testing::ClientRequest(SeriesBsn(n));
    request.mutable_client()->set_regime(regime);
    *request.mutable_client()->mutable_obligation_notice_date() = ProtoDate(2025, 1, 6);
    v1::Client client;
    ASSERT_TRUE(s_.clients().CreateClient(Lead().get(), request, &client).ok());
    v1::CaseFile file = s_.NewTrajectory(client);
    EXPECT_FALSE(file.has_plan_due_date());
    ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
    ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10)), Ok());
    EXPECT_FALSE(file.has_term_start());
    EXPECT_FALSE(file.has_term_last_day());
    for (const v1::Deadline& d : file.deadlines()) {
      EXPECT_EQ(d.kind(), v1::DEADLINE_KIND_PROGRESS_REVIEW) << v1::DeadlineKind_Name(d.kind());
    }
    EXPECT_EQ(s_.DuoReports(client.name()).duo_reports_size(), 0);
    v1::RecordFineIntentionRequest fine;
    fine.mutable_fine()->set_ground(v1::ENFORCEMENT_GROUND_PLAN_OBLIGATION);
    *fine.mutable_fine()->mutable_offence_date() = ProtoDate(2026, 5, 1);
    *fine.mutable_fine()->mutable_intention_date() = ProtoDate(2026, 5, 2);
    fine.mutable_fine()->set_blameworthy(true);
    fine.mutable_fine()->set_blameworthiness_reasons("missed every lesson in April");
    fine.mutable_fine()->set_intended_amount_euro_cents(10000);
    EXPECT_THAT(
        s_.Send(s_.enforcement(), file, fine, &v1::EnforcementService::Stub::RecordFineIntention),
        RefusedBy("NOT_UNDER_WI2021"));
  }
  // The Wi2013 asylum status holder may still get maatschappelijke begeleiding: see
  // DutiesScenarioTest. Here: the indicators do not change, the two are counted apart.
  const v1::IndicatorReport report = Indicators(2025);
  EXPECT_EQ(report.outside_wi2021_trajectories(), 2);
  ASSERT_EQ(report.indicators_size(), wi2021_only.indicators_size());
  for (int i = 0; i < report.indicators_size(); ++i) {
    EXPECT_EQ(report.indicators(i).numerator(), wi2021_only.indicators(i).numerator());
    EXPECT_EQ(report.indicators(i).denominator(), wi2021_only.indicators(i).denominator())
        << report.indicators(i).name();
  }
  std::string xml;
  v1::CbsDeliveryChunk last;
  int64_t total = -1;
  ASSERT_TRUE(Export("2026Q2", false, &xml, &last, &total).ok());
  EXPECT_EQ(total, 4);
  EXPECT_THAT(xml, Not(HasSubstr(SeriesBsn(5))));
  EXPECT_THAT(xml, Not(HasSubstr(SeriesBsn(6))));
}

TEST_P(ReportingTest, TheCbsDeliveryValidatesAndACorrectionHoldsExactlyTheChangedRecords) {
  Build();
  std::string xml;
  v1::CbsDeliveryChunk last;
  int64_t total = -1;
  ASSERT_TRUE(Export("2026Q2", false, &xml, &last, &total).ok());
  EXPECT_EQ(SchemaErrors(xml), "");
  EXPECT_EQ(total, 4);
  EXPECT_EQ(Count(xml, "<swi:Inburgeraar>"), 4);
  EXPECT_THAT(xml, HasSubstr("<swi:Aantal>4</swi:Aantal>"));
  EXPECT_THAT(xml, HasSubstr(absl::StrCat("<swi:BSN>", SeriesBsn(1), "</swi:BSN>")));
  EXPECT_THAT(xml, HasSubstr("<swi:Aanbieder>Taalschool Noord</swi:Aanbieder>"));
  ASSERT_EQ(last.deliveries_size(), 1);
  EXPECT_EQ(last.deliveries(0).records(), 4);

  // One change after the delivery: the correction holds that record only.
  s_.Today(2026, 6, 2);
  ASSERT_THAT(s_.Component(c_, v1::COMPONENT_KIND_KNM, ProtoDate(2026, 6, 2)), Ok());
  std::string correction;
  ASSERT_TRUE(Export("2026Q2", true, &correction, &last, &total).ok());
  EXPECT_EQ(SchemaErrors(correction), "");
  EXPECT_EQ(Count(correction, "<swi:Inburgeraar>"), 1);
  EXPECT_THAT(correction, HasSubstr(absl::StrCat("<swi:BSN>", SeriesBsn(3), "</swi:BSN>")));
  EXPECT_THAT(correction, HasSubstr("<swi:Soort>correctie</swi:Soort>"));
  EXPECT_THAT(correction, HasSubstr("<swi:DatumKNM>2026-06-02</swi:DatumKNM>"));
}

// CBS's unit is the person, delivered from the quarter of the link to the municipality (or the
// quarter the BSN became known here), by the legal dates, not by when they were entered; a
// quarter ends at midnight in the municipality; every person delivered leaves a processing record;
// the deliveries are listed with who made them (domain.md, "The CBS delivery").
TEST_P(ReportingTest, TheCbsDeliveryIsPerPersonFromTheQuarterOfTheLink) {
  Build();
  auto person = [&](int n, std::optional<google::type::Date> coa_link) {
    v1::CreateClientRequest request = testing::ClientRequest(SeriesBsn(n));
    if (coa_link) *request.mutable_client()->mutable_coa_link_date() = *coa_link;
    v1::Client client;
    EXPECT_TRUE(s_.clients().CreateClient(Lead().get(), request, &client).ok());
    return client;
  };
  int minute = 0;  // each delivery a minute after the one before, from 2026-06-01 10:00
  auto bsns = [&](const std::string& quarter) {
    s_.server().clock().Set(
        absl::FromCivil(absl::CivilSecond(2026, 6, 1, 10, ++minute, 0), absl::UTCTimeZone()));
    std::string xml;
    v1::CbsDeliveryChunk last;
    int64_t total = -1;
    EXPECT_TRUE(Export(quarter, false, &xml, &last, &total).ok());
    EXPECT_EQ(SchemaErrors(xml), "");
    return xml;
  };
  // History entered today: E was linked (COA) on 2025-08-01 and has no trajectory yet.
  const v1::Client e = person(5, ProtoDate(2025, 8, 1));
  const std::string q2_2025 = bsns("2025Q2");
  EXPECT_THAT(q2_2025, Not(HasSubstr(SeriesBsn(5))));
  // A, linked by its 2025-01-06 notice, is there, without what happened after the quarter.
  EXPECT_THAT(q2_2025, HasSubstr(SeriesBsn(1)));
  EXPECT_THAT(q2_2025, Not(HasSubstr("<swi:DatumPVT>2025-09-01</swi:DatumPVT>")));
  const std::string q3 = bsns("2025Q3");
  EXPECT_THAT(q3, HasSubstr(SeriesBsn(5)));
  EXPECT_THAT(q3, HasSubstr("<swi:KoppelDatum>2025-08-01</swi:KoppelDatum>"));
  EXPECT_THAT(q3, HasSubstr("<swi:DatumPVT>2025-09-01</swi:DatumPVT>"));
  EXPECT_THAT(bsns("2025Q4"), HasSubstr(SeriesBsn(5)));

  // F has no link date: registered at 00:30 on 1 April in Amsterdam (22:30 UTC on 31 March).
  s_.server().clock().Set(
      absl::FromCivil(absl::CivilSecond(2026, 3, 31, 22, 30, 0), absl::UTCTimeZone()));
  person(6, std::nullopt);
  s_.Today(2026, 6, 1);
  EXPECT_THAT(bsns("2026Q1"), Not(HasSubstr(SeriesBsn(6))));
  EXPECT_THAT(bsns("2026Q2"), HasSubstr("<swi:KoppelDatum>2026-04-01</swi:KoppelDatum>"));

  // G has two trajectories (the first closed): one record, with the latest.
  const v1::Client g = person(7, ProtoDate(2025, 2, 1));
  v1::CaseFile first = s_.NewTrajectory(g);
  ASSERT_THAT(s_.Close(first, v1::CLOSURE_REASON_OBLIGATION_LAPSED, ProtoDate(2026, 5, 1)), Ok());
  s_.NewTrajectory(g);
  const std::string q2 = bsns("2026Q2");
  EXPECT_EQ(Count(q2, absl::StrCat("<swi:BSN>", SeriesBsn(7), "</swi:BSN>")), 1);
  EXPECT_EQ(Count(q2, "<swi:Inburgeraar>"), 7);  // A, B, C, D, E, F, G

  // Every person delivered has a processing record of the delivery.
  auto privacy = v1::PrivacyService::NewStub(s_.server().channel());
  v1::ListProcessingRecordsRequest processing;
  processing.set_parent("municipalities/0303");
  processing.set_client(e.name());
  v1::ListProcessingRecordsResponse records;
  ASSERT_TRUE(
      privacy->ListProcessingRecords(CallerContext("admin", "0303").get(), processing, &records)
          .ok());
  int exports = 0;
  for (const v1::ProcessingRecord& r : records.records()) {
    if (r.activity() == "ExportCbsDelivery") ++exports;
  }
  EXPECT_EQ(exports, 5);  // 2025Q3, 2025Q4, 2026Q1, 2026Q2 twice; not 2025Q2

  // Who delivered which quarter when, newest first.
  v1::ListCbsDeliveriesRequest list;
  list.set_parent("municipalities/0303");
  list.set_page_size(4);
  v1::ListCbsDeliveriesResponse deliveries;
  ASSERT_TRUE(reporting_->ListCbsDeliveries(Lead().get(), list, &deliveries).ok());
  ASSERT_EQ(deliveries.deliveries_size(), 4);
  EXPECT_EQ(deliveries.deliveries(0).quarter(), "2026Q2");
  EXPECT_EQ(deliveries.deliveries(0).records(), 7);
  EXPECT_FALSE(deliveries.deliveries(0).delivered_by().empty());
  EXPECT_FALSE(deliveries.next_page_token().empty());
  list.set_page_token(deliveries.next_page_token());
  ASSERT_TRUE(reporting_->ListCbsDeliveries(Lead().get(), list, &deliveries).ok());
  ASSERT_EQ(deliveries.deliveries_size(), 2);  // 6 in all
  EXPECT_EQ(deliveries.deliveries(1).quarter(), "2025Q2");
  EXPECT_TRUE(deliveries.next_page_token().empty());
  EXPECT_EQ(
      reporting_->ListCbsDeliveries(CallerContext("consultant", "0303").get(), list, &deliveries)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

// The file's text is escaped: a provider's name with XML's special characters arrives as written
// and the file still validates.
TEST_P(ReportingTest, TheCbsDeliveryEscapesTheTextItCarries) {
  Build();
  v1::CaseFile e = Trajectory(5, v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6), anna_);
  ASSERT_THAT(s_.CompleteIntake(e, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(e, ProtoDate(2025, 3, 10)), Ok());
  ASSERT_THAT(Enroll(e, "Taal & Werk <\"Noord\">", ProtoDate(2025, 5, 1)), Ok());
  std::string xml;
  v1::CbsDeliveryChunk last;
  int64_t total = -1;
  ASSERT_TRUE(Export("2026Q2", false, &xml, &last, &total).ok());
  EXPECT_EQ(SchemaErrors(xml), "");
  EXPECT_EQ(Count(xml, "<swi:Inburgeraar>"), 5);
  EXPECT_THAT(xml, HasSubstr("<swi:Aanbieder>Taal &amp; Werk &lt;&quot;Noord&quot;&gt;"
                             "</swi:Aanbieder>"));
}

TEST_P(ReportingTest, AnEmptyQuarterIsAValidEmptyDelivery) {
  Build();
  std::string xml;
  v1::CbsDeliveryChunk last;
  int64_t total = -1;
  ASSERT_TRUE(Export("2024Q1", false, &xml, &last, &total).ok());
  EXPECT_EQ(SchemaErrors(xml), "");
  EXPECT_EQ(total, 0);
  EXPECT_EQ(Count(xml, "<swi:Inburgeraar>"), 0);
  EXPECT_THAT(xml, HasSubstr("<swi:Aantal>0</swi:Aantal>"));
  // A correction needs a delivery to correct; the export is not for the reporting role.
  std::string none;
  EXPECT_THAT(DecodeError(Export("2023Q4", true, &none, &last, &total)),
              RefusedBy("NO_DELIVERY_TO_CORRECT"));
  v1::ExportCbsDeliveryRequest request;
  request.add_municipalities("0303");
  request.set_quarter("2024Q1");
  auto context = CallerContext("reporting", "0303");
  EXPECT_EQ(reporting_->ExportCbsDelivery(context.get(), request)->Finish().error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_P(ReportingTest, TheCbsDeliveryOfAGeneratedDatasetValidatesInSeveralChunks) {
  s_.Today(2026, 6, 1);
  constexpr int kClients = 900;
  const v1::TargetGroup groups[] = {v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER,
                                    v1::TARGET_GROUP_FAMILY_MIGRANT,
                                    v1::TARGET_GROUP_OTHER_MIGRANT};
  for (int start = 0; start < kClients; start += 300) {
    v1::BatchIngestDuoSignalsRequest batch;
    batch.set_parent("municipalities/0303");
    for (int i = start; i < start + 300; ++i) {
      v1::DuoSignal* n = batch.add_signals();
      n->set_signal_id(absl::StrCat("g-", i));
      n->set_kind(v1::DUO_SIGNAL_KIND_OBLIGATION_NOTICE);
      *n->mutable_signal_date() = ProtoDate(2026, 1 + i % 5, 1 + i % 28);
      n->set_bsn(SeriesBsn(1000 + i));
      n->set_given_names(i % 7 == 0 ? "Zoë & Ana <test>" : "Yonas");
      n->set_family_name("Tesfaye");
      *n->mutable_birth_date() = ProtoDate(1960 + i % 45, 1 + i % 12, 1 + i % 28);
      n->set_target_group(groups[i % 3]);
      *n->mutable_obligation_notice_date() = n->signal_date();
    }
    v1::BatchIngestDuoSignalsResponse ingested;
    ASSERT_TRUE(s_.duo().BatchIngestDuoSignals(Lead().get(), batch, &ingested).ok());
    for (const v1::DuoSignalResult& r : ingested.results()) {
      v1::Client client;
      client.set_name(r.client());
      s_.NewTrajectory(client);
    }
  }
  v1::ExportCbsDeliveryRequest request;
  request.add_municipalities("0303");
  request.set_quarter("2026Q2");
  auto context = Lead();
  auto stream = reporting_->ExportCbsDelivery(context.get(), request);
  v1::CbsDeliveryChunk chunk;
  std::string xml;
  int chunks = 0;
  while (stream->Read(&chunk)) {
    xml += chunk.xml();
    ++chunks;
  }
  ASSERT_TRUE(stream->Finish().ok());
  EXPECT_GT(chunks, 2);
  EXPECT_EQ(SchemaErrors(xml), "");
  EXPECT_EQ(Count(xml, "<swi:Inburgeraar>"), kClients);
  EXPECT_EQ(chunk.records(), kClients);
}

TEST_P(ReportingTest, ReindexRestoresTheFactsOfTrajectoriesSavedBeforeThem) {
  Build();
  {  // as a trajectory saved by a release without the facts would look
    auto lease = s_.server().app().database().Acquire();
    ASSERT_TRUE(lease.ok());
    lease->session() << "UPDATE trajectories SET target_group = NULL, plan_due = NULL,"
                        " pvt_date = NULL, provider = ''";
    // ... and the summary the upgrade's migration derives from such rows.
    persistence::RebuildCohortSummary(lease->session());
  }
  EXPECT_EQ(Find(Indicators(2025), "PLAN_WITHIN_10_WEEKS").denominator(), 0);
  persistence::SociTransactionManager transactions(s_.server().app().database());
  domain::TimeOrderedIdGenerator ids;
  domain::Policy policy;
  domain::TrajectoryUseCases trajectories(transactions, s_.server().clock(), ids, policy);
  EXPECT_THAT(trajectories.ReindexAll(), testing::IsOkAndHolds(4));
  const v1::IndicatorReport report = Indicators(2025);
  EXPECT_EQ(Find(report, "PLAN_WITHIN_10_WEEKS").denominator(), 4);
  EXPECT_EQ(Find(report, "PVT_COMPLETED").numerator(), 1);
}

// The indicators read a summary kept in each change's transaction (R5); on any day it must say
// what a full recount of the trajectories says, also for the counters that depend on today.
TEST_P(ReportingTest, TheCohortSummaryEqualsAFullRecountOnEveryDay) {
  Build();
  // More kinds of change: an extension, a closure, and a step refused as stale.
  const v1::CaseFile c_before = c_;
  v1::RecordExtensionRequest extension;
  extension.mutable_extension()->set_ground(v1::EXTENSION_GROUND_ILLNESS);
  extension.mutable_extension()->set_weeks(10);
  *extension.mutable_extension()->mutable_decision_date() = ProtoDate(2026, 5, 1);
  EXPECT_THAT(
      s_.Send(s_.trajectories(), c_, extension, &v1::TrajectoryService::Stub::RecordExtension),
      Ok());
  EXPECT_THAT(s_.Close(b_, v1::CLOSURE_REASON_MOVED, ProtoDate(2026, 1, 15)), Ok());
  v1::CaseFile stale = c_before;
  EXPECT_THAT(s_.Close(stale, v1::CLOSURE_REASON_MOVED, ProtoDate(2026, 1, 15)), Not(Ok()));
  persistence::Database& database = s_.server().app().database();
  for (const absl::CivilDay today :
       {absl::CivilDay(2025, 1, 1), absl::CivilDay(2025, 3, 17), absl::CivilDay(2025, 3, 18),
        absl::CivilDay(2025, 7, 2), absl::CivilDay(2026, 6, 1), absl::CivilDay(2028, 2, 6),
        absl::CivilDay(2030, 1, 1)}) {
    EXPECT_THAT(persistence::VerifyCohortSummary(database, today),
                testing::IsOkAndHolds(::testing::IsEmpty()))
        << today;
  }
  // And what the API reads from it moves with the day: D's plan was due on 2025-03-17 and never
  // made, so D counts from the day after; A, B and C count by their plans.
  s_.Today(2025, 3, 17);
  EXPECT_EQ(Find(Indicators(2025), "PLAN_WITHIN_10_WEEKS").denominator(), 3);
  s_.Today(2025, 3, 18);
  EXPECT_EQ(Find(Indicators(2025), "PLAN_WITHIN_10_WEEKS").denominator(), 4);
}

TEST_P(ReportingTest, AVerifyFindsASummaryThatDriftedAndARebuildMendsIt) {
  Build();
  persistence::Database& database = s_.server().app().database();
  {
    auto lease = database.Acquire();
    ASSERT_TRUE(lease.ok());
    lease->session() << "UPDATE cohort_summary SET cohort = cohort + 1 WHERE due_day = ''"
                        " AND target_group = 'FAMILY_MIGRANT'";
  }
  const absl::CivilDay today(2026, 6, 1);
  absl::StatusOr<std::vector<std::string>> differences =
      persistence::VerifyCohortSummary(database, today);
  ASSERT_TRUE(differences.ok()) << differences.status();
  ASSERT_EQ(differences->size(), 1u);
  EXPECT_THAT(differences->front(),
              HasSubstr("0303 2025 FAMILY_MIGRANT/B1/Taalschool Zuid: cohort kept 2 counted 1"));
  EXPECT_THAT(differences->front(), Not(HasSubstr(SeriesBsn(2))));
  ASSERT_THAT(persistence::RebuildCohortSummary(database), testing::IsOk());
  EXPECT_THAT(persistence::VerifyCohortSummary(database, today),
              testing::IsOkAndHolds(::testing::IsEmpty()));
}

TEST_P(ReportingTest, ADeletedTrajectoryLeavesTheCohortSummary) {
  Build();
  EXPECT_EQ(Find(Indicators(2025), "PLAN_WITHIN_10_WEEKS").denominator(), 4);
  persistence::SociTransactionManager transactions(s_.server().app().database());
  {
    auto work = transactions.Begin(domain::TransactionMode::kReadWrite);
    ASSERT_TRUE(work.ok());
    const std::string id = d_.trajectory().name().substr(d_.trajectory().name().rfind('/') + 1);
    ASSERT_THAT((*work)->trajectories().Delete("0303", id), testing::IsOk());
    ASSERT_THAT((*work)->Commit(), testing::IsOk());
  }
  EXPECT_EQ(Find(Indicators(2025), "PLAN_WITHIN_10_WEEKS").denominator(), 3);
  EXPECT_THAT(
      persistence::VerifyCohortSummary(s_.server().app().database(), absl::CivilDay(2026, 6, 1)),
      testing::IsOkAndHolds(::testing::IsEmpty()));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportingTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

}  // namespace
}  // namespace inburgering::server
