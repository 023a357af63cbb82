// inburgering-bench-generate: fills a database with N clients and their trajectories, for the
// benchmarks. Each trajectory is built with the domain's own rules (intake, learnability test,
// plan, enrollments, monthly attendance, exams, KNM/PVT/MAP, closure) and saved through the
// repositories with its index and reporting facts, in transactions of 1,000 clients; no RPC, no
// audit records (it is history, not calls).
//
//   inburgering-bench-generate --database-url sqlite:/tmp/b.db --clients 100000 [--seed 1]
//
// Distributions (Wi2021 in its first years; national scale is about 100,000 active trajectories):
// target groups 55 % asylum status holders, 35 % family migrants, 10 % others; notices spread
// over the four years before --today; 10 % still in intake, 15 % planned, 55 % in a programme,
// 20 % closed; routes B1 70 %, onderwijsroute 10 %, Z-route 20 %; providers from a list of 12;
// attendance per month since enrolment (up to 30 months); exams after a year, 80 % passed. One
// consultant per 150 clients. Clients go to municipality 0303 (the worst case for its lists),
// with --spread, 70 % of them (the rest over 0344, 0363 and 0599).

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/client.h"
#include "domain/consultant.h"
#include "domain/ids.h"
#include "domain/policy.h"
#include "domain/trajectory.h"
#include "domain/trajectory_rules.h"
#include "domain/trajectory_use_cases.h"
#include "persistence/database.h"
#include "persistence/migrations.h"
#include "persistence/unit_of_work.h"

namespace {

namespace d = inburgering::domain;

// A valid BSN for `n` (0 <= n < 10^8): eight digits of n, then the check digit; numbers whose
// check digit would be 10 are skipped by the caller.
bool BsnOf(int64_t n, std::string& out) {
  std::string digits = absl::StrFormat("%08d", n);
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (digits[i] - '0') * (9 - i);
  const int check = sum % 11;
  // A check digit of 10 cannot be written; a weighted total of 0 is not a BSN.
  if (check == 10 || sum == check) return false;
  out = absl::StrCat(digits, check);
  return true;
}

class Generator {
 public:
  Generator(uint64_t seed, absl::CivilDay today, bool spread)
      : random_(seed), today_(today), spread_(spread) {}

  double Uniform() { return std::uniform_real_distribution<double>(0, 1)(random_); }
  int Between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random_); }

  std::string Municipality() {
    if (!spread_ || Uniform() < 0.7) return "0303";
    static const char* kOthers[] = {"0344", "0363", "0599"};
    return kOthers[Between(0, 2)];
  }

  d::Client NewClient(const std::string& bsn, const std::string& consultant, absl::Time now) {
    d::Client c;
    c.municipality = "0303";
    c.id = ids_.NewId();
    c.bsn = bsn;
    static const char* kGiven[] = {"Amal", "Yonas", "Mariam", "Ahmad",  "Fatima", "Daniel",
                                   "Sara", "Omar",  "Lina",   "Tesfay", "Noor",   "Ali"};
    static const char* kFamily[] = {
        "Haddad",  "Tesfaye", "Yilmaz",  "Rahimi",  "Kowalski", "Mohammed", "Abraha", "Nguyen",
        "Haidari", "Osman",   "Petrova", "Ibrahim", "Alemu",    "Hassan",   "Karimi", "Santos"};
    c.given_names = kGiven[Between(0, 11)];
    c.family_name = absl::StrCat(kFamily[Between(0, 15)], " ", bsn.substr(5, 4));
    c.birth_date = today_ - Between(18 * 365, 60 * 365);
    const double group = Uniform();
    c.target_group = group < 0.55   ? d::TargetGroup::kAsylumStatusHolder
                     : group < 0.90 ? d::TargetGroup::kFamilyMigrant
                                    : d::TargetGroup::kOtherMigrant;
    c.regime = d::Regime::kWi2021;
    c.source = c.target_group == d::TargetGroup::kAsylumStatusHolder ? d::Source::kCoaLink
                                                                     : d::Source::kDuoNotice;
    c.obligation_notice_date = today_ - Between(0, 4 * 365);
    if (c.target_group == d::TargetGroup::kAsylumStatusHolder) {
      c.coa_link_date = *c.obligation_notice_date - Between(0, 60);
    }
    c.brp_registration_date = *c.obligation_notice_date - Between(0, 30);
    c.consultant_id = consultant;
    // Registered when the notice came, as in a municipality's history.
    const absl::Time registered =
        absl::FromCivil(*c.obligation_notice_date, absl::UTCTimeZone()) + absl::Hours(9);
    c.assignments.push_back({consultant, registered, "generator"});
    c.create_time = registered;
    c.update_time = now;
    c.version = 1;
    return c;
  }

  // A trajectory as far along as its notice date and chance allow.
  d::Trajectory NewTrajectory(const d::Client& client, const d::Policy& policy, absl::Time now) {
    d::Trajectory t;
    t.municipality = client.municipality;
    t.client_id = client.id;
    t.id = ids_.NewId();
    const absl::CivilDay notice = *client.obligation_notice_date;
    t.create_time = std::min(now, client.create_time + absl::Hours(24 * Between(1, 10)));
    t.update_time = now;
    t.version = 1;
    const double stage = Uniform();
    const absl::CivilDay intake_day = std::min(today_, notice + Between(14, 60));
    if (stage < 0.10 || intake_day >= today_) return t;  // still in intake
    d::Intake intake;
    intake.date = intake_day;
    intake.education_and_work_history = true;
    intake.personal_circumstances = true;
    intake.summary = "previous work in logistics";
    (void)d::RecordIntake(t, intake);
    d::LearnabilityTest test;
    test.date = intake_day;
    test.score = Between(20, 100);
    (void)d::RecordLearnabilityTest(t, test);
    const absl::CivilDay plan_day = std::min(today_, intake_day + Between(7, 40));
    d::PlanVersion plan;
    plan.decision_date = plan_day;
    const double route = Uniform();
    const int age = static_cast<int>((plan_day - client.birth_date) / 365);
    plan.route = route < 0.70                ? d::Route::kB1
                 : route < 0.80 && age <= 28 ? d::Route::kEducation
                                             : d::Route::kZ;
    plan.target_level = plan.route == d::Route::kZ ? d::Level::kA1 : d::Level::kB1;
    plan.language_hours = plan.route == d::Route::kZ ? 0 : Between(400, 900);
    plan.participation_hours = plan.route == d::Route::kZ ? 1600 : Between(0, 400);
    plan.pvt_hours = 40;
    plan.map_hours = plan.route == d::Route::kEducation ? 0 : 60;
    plan.ontzorgen_reference = absl::StrCat("PW-", plan_day.year(), "-", Between(1000, 9999));
    plan.progress_agreements = "progress review every 13 weeks";
    if (!d::EstablishPlan(t, client, plan, policy).ok()) return t;
    if (stage < 0.25) return t;  // planned, not yet enrolled
    static const char* kProviders[] = {
        "Taalhuis Flevoland", "NT2 Centrum",      "ROC Midden",        "Lingua Plus",
        "Inburgering Direct", "Taalschool Noord", "De Taalbrug",       "Welkom NL",
        "Stap Verder",        "KansRijk",         "Leerwerkplek Oost", "Samen Taal"};
    d::Enrollment enrollment;
    enrollment.id = ids_.NewId();
    enrollment.provider = kProviders[Between(0, 11)];
    enrollment.quality_mark = d::QualityMark::kBlikOpWerk;
    enrollment.contract_reference = absl::StrCat("C-", Between(100, 999));
    enrollment.planned_hours = std::max(plan.language_hours, 200);
    const absl::CivilDay start = std::min(today_, plan_day + Between(14, 70));
    enrollment.start_date = start;
    (void)d::RecordEnrollment(t, enrollment);
    for (absl::CivilMonth m(start); absl::CivilDay(m + 1) <= today_; ++m) {
      if (t.attendance.size() >= 30) break;
      d::AttendanceRecord a;
      a.id = ids_.NewId();
      a.enrollment_id = enrollment.id;
      a.period_start = absl::CivilDay(m);
      a.period_end = absl::CivilDay(m + 1) - 1;
      a.attended_hours = Between(20, 48);
      a.excused_hours = Between(0, 4);
      a.unexcused_hours = Uniform() < 0.1 ? Between(1, 8) : 0;
      (void)d::RecordAttendance(t, a);
    }
    const bool a_year_in = today_ - start > 365;
    if (a_year_in) {
      for (d::Skill skill :
           {d::Skill::kReading, d::Skill::kListening, d::Skill::kWriting, d::Skill::kSpeaking}) {
        d::ExamResult exam;
        exam.id = ids_.NewId();
        exam.skill = skill;
        exam.level = plan.target_level;
        exam.date = start + Between(300, 365);
        exam.passed = Uniform() < 0.8;
        (void)d::RecordExamResult(t, exam);
      }
      for (d::Component component : {d::Component::kKnm, d::Component::kPvt, d::Component::kMap}) {
        if (component == d::Component::kMap && plan.route == d::Route::kEducation) continue;
        d::ComponentResult result;
        result.id = ids_.NewId();
        result.component = component;
        result.date = start + Between(200, 365);
        result.completed = Uniform() < 0.85;
        (void)d::RecordComponentResult(t, result);
      }
    }
    if (stage >= 0.80 && a_year_in) {
      d::Closure closure;
      closure.reason = Uniform() < 0.8 ? d::ClosureReason::kFulfilled : d::ClosureReason::kMoved;
      closure.date = std::min(today_, start + Between(366, 700));
      (void)d::CloseTrajectory(t, closure);
    }
    return t;
  }

  d::TimeOrderedIdGenerator& ids() { return ids_; }

 private:
  std::mt19937_64 random_;
  absl::CivilDay today_;
  bool spread_;
  d::TimeOrderedIdGenerator ids_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"inburgering-bench-generate: benchmark data through the domain's rules"};
  std::string url;
  int64_t count = 10000;
  uint64_t seed = 1;
  int batch = 1000;
  bool spread = false;
  std::string names_file;
  cli.add_option("--database-url", url, "sqlite:PATH or postgresql://...")->required();
  cli.add_option("--clients", count, "How many clients (each with one trajectory)");
  cli.add_option("--seed", seed, "Random seed (the same seed gives the same data)");
  cli.add_option("--batch", batch, "Clients per transaction");
  cli.add_flag("--spread", spread, "30 % of the clients in three other municipalities");
  cli.add_option("--names-out", names_file,
                 "Write the trajectory names of municipality 0303, one per line");
  CLI11_PARSE(cli, argc, argv);

  namespace p = inburgering::persistence;
  p::DatabaseOptions options;
  options.url = url;
  options.pool_size = 1;
  auto database = p::Database::Open(options);
  if (!database.ok()) {
    std::cerr << "generate: " << database.status() << "\n";
    return 1;
  }
  if (auto migrated = p::Migrate(**database); !migrated.ok()) {
    std::cerr << "generate: " << migrated.status() << "\n";
    return 1;
  }
  p::SociTransactionManager transactions(**database);
  const absl::Time now = absl::Now();
  const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
  Generator generator(seed, today, spread);
  d::Policy policy;
  std::vector<d::Consultant> consultants;
  std::unique_ptr<std::ofstream> names;
  if (!names_file.empty()) names = std::make_unique<std::ofstream>(names_file);

  const absl::Time started = absl::Now();
  int64_t next_number = static_cast<int64_t>(seed % 1000) * 100000;
  int64_t made = 0;
  while (made < count) {
    auto work = transactions.Begin(d::TransactionMode::kReadWrite);
    if (!work.ok()) {
      std::cerr << "generate: " << work.status() << "\n";
      return 1;
    }
    const int64_t end = std::min(count, made + batch);
    for (; made < end; ++made) {
      const std::string municipality = generator.Municipality();
      if (made % 150 == 0 || consultants.empty()) {
        d::Consultant consultant;
        consultant.municipality = "0303";
        consultant.id = generator.ids().NewId();
        consultant.display_name = absl::StrCat("Consultant ", consultants.size() + 1);
        consultant.case_capacity = 150;
        consultant.create_time = now;
        consultant.update_time = now;
        consultant.version = 1;
        for (const char* m : {"0303", "0344", "0363", "0599"}) {
          consultant.municipality = m;
          consultant.id = generator.ids().NewId();
          if (auto s = (*work)->consultants().Insert(consultant); !s.ok()) {
            std::cerr << "generate: " << s << "\n";
            return 1;
          }
          if (std::string(m) == "0303") consultants.push_back(consultant);
          if (!spread) break;
        }
      }
      std::string bsn;
      while (!BsnOf(next_number++, bsn)) {
      }
      d::Client client = generator.NewClient(bsn, consultants.back().id, now);
      client.municipality = municipality;
      if (municipality != "0303") {
        client.consultant_id.clear();
        client.assignments.clear();
      }
      d::Trajectory trajectory = generator.NewTrajectory(client, policy, now);
      absl::Status s = (*work)->clients().Insert(client);
      if (s.ok())
        s = (*work)->trajectories().Insert(trajectory, d::IndexOf(trajectory, client, policy));
      if (!s.ok()) {
        std::cerr << "generate: " << s << "\n";
        return 1;
      }
      if (names && municipality == "0303") {
        *names << "municipalities/0303/clients/" << client.id << "/trajectories/" << trajectory.id
               << "\n";
      }
    }
    if (auto s = (*work)->Commit(); !s.ok()) {
      std::cerr << "generate: " << s << "\n";
      return 1;
    }
    if (made % 100000 == 0 || made == count) {
      std::cerr << "generate: " << made << " clients, "
                << absl::FormatDuration(absl::Trunc(absl::Now() - started, absl::Milliseconds(1)))
                << "\n";
    }
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - started);
  std::cout << absl::StrFormat(
      "{\"clients\": %d, \"seconds\": %.1f, \"clients_per_second\": %.0f}\n", count, seconds,
      static_cast<double>(count) / seconds);
  return 0;
}
