#include "server/reporting_service.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "server/api_support.h"
#include "server/cbs_xml.h"
#include "server/mapping.h"

namespace inburgering::server {
namespace {

using domain::Violations;

void CheckYear(int year, Violations& v) {
  v.Check(year >= 2000 && year <= 2199, "year", "required: a year between 2000 and 2199");
}

double Share(int64_t numerator, int64_t denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

void CaseloadToProto(const domain::ConsultantCaseload& c, const std::string& municipality,
                     v1::ConsultantCaseload* out) {
  if (!c.consultant_id.empty())
    out->set_consultant(ChildName(municipality, kConsultants, c.consultant_id));
  out->set_display_name(c.display_name);
  out->set_capacity(c.capacity);
  out->set_intake(c.active_by_phase[0]);
  out->set_planned(c.active_by_phase[1]);
  out->set_programme(c.active_by_phase[2]);
  out->set_active(c.active());
  out->set_overdue(c.overdue);
  out->set_capacity_use(Share(c.active(), c.capacity));
}

}  // namespace

namespace {

void DeliveryToProto(const domain::CbsDelivery& d, v1::CbsDeliveryReceipt* out) {
  out->set_municipality(d.municipality);
  out->set_id(d.id);
  out->set_records(d.records);
  ToProto(d.create_time, out->mutable_create_time());
  out->set_quarter(d.quarter);
  out->set_correction(d.correction);
  out->set_delivered_by(d.created_by);
}

}  // namespace

grpc::ServerUnaryReactor* ReportingServiceImpl::GetIndicators(
    grpc::CallbackServerContext* context, const v1::GetIndicatorsRequest* request,
    v1::IndicatorReport* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", v, &municipality);
        CheckYear(request->year(), v);
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(domain::IndicatorReport report,
                         reporting_.Indicators(caller, journal, municipality, request->year()));
        response->set_municipality(municipality);
        response->set_year(request->year());
        ToProto(report.as_of, response->mutable_as_of());
        response->set_outside_wi2021_trajectories(report.outside_wi2021);
        for (const domain::Indicator& i : report.indicators) {
          v1::Indicator* out = response->add_indicators();
          out->set_name(i.name);
          out->set_description(i.description);
          out->set_numerator(i.numerator);
          out->set_denominator(i.denominator);
          out->set_value(i.value());
          if (i.target) {
            out->set_target(i.target->value);
            out->set_target_is_maximum(i.target->at_most);
          }
          const std::optional<bool> met = i.met();
          out->set_target_status(!i.target ? v1::TARGET_STATUS_NO_TARGET
                                 : !met    ? v1::TARGET_STATUS_NO_DATA
                                 : *met    ? v1::TARGET_STATUS_MET
                                           : v1::TARGET_STATUS_NOT_MET);
          for (const domain::Breakdown& b : i.breakdowns) {
            v1::IndicatorBreakdown* o = out->add_breakdowns();
            o->set_dimension(b.dimension);
            o->set_key(b.key);
            o->set_numerator(b.numerator);
            o->set_denominator(b.denominator);
            o->set_value(Share(b.numerator, b.denominator));
          }
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::GetCaseload(grpc::CallbackServerContext* context,
                                                            const v1::GetCaseloadRequest* request,
                                                            v1::Caseload* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", v, &municipality);
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(domain::Caseload load,
                         reporting_.GetCaseload(caller, journal, municipality));
        for (const domain::ConsultantCaseload& c : load.consultants) {
          CaseloadToProto(c, municipality, response->add_consultants());
        }
        CaseloadToProto(load.team, municipality, response->mutable_team());
        ToProto(load.as_of, response->mutable_as_of());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::ListWorkItems(
    grpc::CallbackServerContext* context, const v1::ListWorkItemsRequest* request,
    v1::ListWorkItemsResponse* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", v, &municipality);
        std::optional<std::string> consultant;
        if (!request->consultant().empty()) {
          std::string of, id;
          if (ParseChildName(request->consultant(), kConsultants, "consultant", v, &of, &id)) {
            v.Check(of == municipality, "consultant", "must be a consultant of the parent");
            consultant = id;
          }
        }
        const int months = request->term_ending_months() == 0 ? 6 : request->term_ending_months();
        v.Check(months >= 1 && months <= 36, "term_ending_months", "must be between 1 and 36");
        CheckPageSize(request->page_size(), v);
        RETURN_IF_ERROR(v.ToStatus());
        const std::string binding = absl::StrCat("ListWorkItems|", request->parent(), "|",
                                                 request->consultant(), "|", months);
        return page_tokens_.AnswerPage(
            binding, *request, *response,
            [&](const domain::PageRequest& page) {
              return reporting_.WorkItems(caller, journal, municipality, consultant, months, page);
            },
            [&](const domain::WorkItem& item) {
              v1::WorkItem* out = response->add_work_items();
              out->set_kind(ToProtoEnum<v1::WorkItemKind>(item.kind));
              ToProto(item.due, out->mutable_due_date());
              out->set_overdue(item.overdue);
              out->set_client(ChildName(municipality, kClients, item.client_id));
              out->set_trajectory(
                  absl::StrCat(out->client(), "/", kTrajectories, "/", item.trajectory_id));
              if (!item.duo_report_id.empty()) {
                out->set_duo_report(ChildName(municipality, "duoReports", item.duo_report_id));
              }
              out->set_suggested_step(item.suggested_step);
              if (!item.consultant_id.empty()) {
                out->set_consultant(ChildName(municipality, kConsultants, item.consultant_id));
              }
            });
      });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::GetProviderOutcomes(
    grpc::CallbackServerContext* context, const v1::GetProviderOutcomesRequest* request,
    v1::ProviderOutcomes* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", v, &municipality);
        CheckYear(request->year(), v);
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(
            std::vector<domain::CohortGroup> providers,
            reporting_.ProviderOutcomes(caller, journal, municipality, request->year()));
        for (const domain::CohortGroup& p : providers) {
          v1::ProviderOutcome* out = response->add_providers();
          out->set_provider(p.provider);
          out->set_trajectories(p.counters[domain::kCohort]);
          out->set_started_in_time(p.counters[domain::kStartInTime]);
          out->set_knm_completed(p.counters[domain::kKnmDone]);
          out->set_pvt_completed(p.counters[domain::kPvtDone]);
          out->set_map_completed(p.counters[domain::kMapDone]);
          for (domain::Counter c : {domain::kReadingPassed, domain::kListeningPassed,
                                    domain::kWritingPassed, domain::kSpeakingPassed}) {
            out->add_exams_passed(p.counters[c]);
          }
          out->set_terms_ended(p.counters[domain::kTermEnded]);
          out->set_fulfilled_within_term(p.counters[domain::kFulfilledInTerm]);
          out->set_attended_hours(p.counters[domain::kAttendedHours]);
          out->set_unexcused_hours(p.counters[domain::kUnexcusedHours]);
          out->set_offer_euro_cents(p.counters[domain::kOfferCents]);
          out->set_outside_wi2021_trajectories(p.counters[domain::kOutsideWi2021]);
        }
        return absl::OkStatus();
      });
}

grpc::Status ReportingServiceImpl::ExportCbsDelivery(
    grpc::ServerContext* context, const v1::ExportCbsDeliveryRequest* request,
    grpc::ServerWriter<v1::CbsDeliveryChunk>* writer) {
  return frame_.HandleStream(
      context, *request,
      [&](const domain::Caller& caller, domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::vector<std::string> municipalities;
        v.Check(request->municipalities_size() >= 1 && request->municipalities_size() <= 50,
                "municipalities", "must name 1 to 50 municipalities");
        for (int i = 0; i < request->municipalities_size() && i < 50; ++i) {
          const std::string& m = request->municipalities(i);
          if (v.Check(m.size() == 4 && std::all_of(m.begin(), m.end(), ::isdigit),
                      absl::StrCat("municipalities[", i, "]"), "must be a 4-digit CBS code")) {
            if (std::find(municipalities.begin(), municipalities.end(), m) ==
                municipalities.end()) {
              municipalities.push_back(m);
            }
          }
        }
        absl::CivilDay from, to;
        v.Check(domain::ParseQuarter(request->quarter(), &from, &to), "quarter",
                "required: a quarter like 2025Q3");
        RETURN_IF_ERROR(v.ToStatus());
        // Chunks of about 64 KiB; the first tells the total, the last the deliveries recorded.
        constexpr size_t kChunkBytes = size_t{64} * 1024;
        std::optional<CbsXmlWriter> xml;  // begun when the use case tells the count and the time
        v1::CbsDeliveryChunk chunk;
        auto send = [&]() -> absl::Status {
          chunk.set_xml(xml->Take());
          chunk.set_records(xml->records());
          if (!writer->Write(chunk)) return absl::CancelledError("the caller went away");
          chunk.Clear();
          return absl::OkStatus();
        };
        ASSIGN_OR_RETURN(
            domain::CbsExportSummary summary,
            reporting_.ExportCbs(
                caller, journal, municipalities, request->quarter(), request->correction(),
                [&](int64_t total, absl::Time created) {
                  chunk.set_total_records(total);
                  xml.emplace(request->quarter(), request->correction(), created, municipalities);
                },
                [&](const domain::CbsRecord& r) -> absl::Status {
                  xml->Record(r);
                  if (xml->records() % 256 == 0 && xml->pending() >= kChunkBytes) return send();
                  return absl::OkStatus();
                }));
        xml->Finish();
        for (const domain::CbsDelivery& d : summary.deliveries) {
          DeliveryToProto(d, chunk.add_deliveries());
        }
        return send();
      });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::ListCbsDeliveries(
    grpc::CallbackServerContext* context, const v1::ListCbsDeliveriesRequest* request,
    v1::ListCbsDeliveriesResponse* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", v, &municipality);
        CheckPageSize(request->page_size(), v);
        RETURN_IF_ERROR(v.ToStatus());
        const std::string binding = absl::StrCat("ListCbsDeliveries|", request->parent());
        return page_tokens_.AnswerPage(
            binding, *request, *response,
            [&](const domain::PageRequest& page) {
              return reporting_.ListCbsDeliveries(caller, journal, municipality, page);
            },
            [&](const domain::CbsDelivery& d) { DeliveryToProto(d, response->add_deliveries()); });
      });
}

}  // namespace inburgering::server
