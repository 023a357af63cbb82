#include "server/provider_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "server/api_support.h"
#include "server/mapping.h"
#include "server/provider_mapping.h"

namespace inburgering::server {
namespace {

using domain::Violations;

}  // namespace

grpc::ServerUnaryReactor* ProviderServiceImpl::CreateProvider(
    grpc::CallbackServerContext* context, const v1::CreateProviderRequest* request,
    v1::Provider* response) {
  return frame_.HandleChange(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", v, &municipality);
        ValidateRequestId(request->request_id(), v);
        if (v.Check(!request->provider_id().empty(), "provider_id", "required")) {
          v.Check(domain::IsValidToken(request->provider_id()) &&
                      !domain::MayHoldBsn(request->provider_id()),
                  "provider_id", "must be 1 to 64 characters of [A-Za-z0-9_-], not a BSN");
        }
        domain::Provider draft;
        if (v.Check(request->has_provider(), "provider", "required")) {
          draft = ProviderFromProto(request->provider(), v);
          domain::ValidateProviderFields(draft, "provider.", v);
        }
        RETURN_IF_ERROR(v.ToStatus());
        draft.municipality = municipality;
        draft.id = request->provider_id();
        ASSIGN_OR_RETURN(
            domain::Provider created,
            providers_.Create(caller, journal, std::move(draft),
                              {request->request_id(), "CreateProvider", Fingerprint(*request)}));
        ProviderToProto(created, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ProviderServiceImpl::GetProvider(grpc::CallbackServerContext* context,
                                                           const v1::GetProviderRequest* request,
                                                           v1::Provider* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality, id;
        ParseChildName(request->name(), kProviders, "name", v, &municipality, &id);
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(domain::Provider provider,
                         providers_.Get(caller, journal, municipality, id));
        ProviderToProto(provider, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ProviderServiceImpl::ListProviders(
    grpc::CallbackServerContext* context, const v1::ListProvidersRequest* request,
    v1::ListProvidersResponse* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", v, &municipality);
        CheckPageSize(request->page_size(), v);
        RETURN_IF_ERROR(v.ToStatus());
        const std::string binding = absl::StrCat("ListProviders|", municipality);
        return page_tokens_.AnswerPage(
            binding, *request, *response,
            [&](const domain::PageRequest& page) {
              return providers_.List(caller, journal, municipality, page);
            },
            [&](const domain::Provider& p) { ProviderToProto(p, response->add_providers()); });
      });
}

grpc::ServerUnaryReactor* ProviderServiceImpl::ListProviderEnrollments(
    grpc::CallbackServerContext* context, const v1::ListProviderEnrollmentsRequest* request,
    v1::ListProviderEnrollmentsResponse* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality, id;
        ParseChildName(request->parent(), kProviders, "parent", v, &municipality, &id);
        CheckPageSize(request->page_size(), v);
        RETURN_IF_ERROR(v.ToStatus());
        const std::string binding = absl::StrCat("ListProviderEnrollments|", request->parent());
        return page_tokens_.AnswerPage(
            binding, *request, *response,
            [&](const domain::PageRequest& page) {
              return providers_.Enrollments(caller, journal, municipality, id, page);
            },
            [&](const domain::ProviderEnrollment& e) {
              v1::ProviderEnrollment* o = response->add_enrollments();
              o->set_enrollment_id(e.enrollment_id);
              o->set_given_names(e.given_names);
              o->set_family_name(e.family_name);
              o->set_component(ToProtoEnum<v1::OfferComponent>(e.component));
              o->set_planned_hours(e.planned_hours);
              if (e.start_date) ToProto(*e.start_date, o->mutable_start_date());
              if (e.lessons_start) ToProto(*e.lessons_start, o->mutable_lessons_start_date());
              if (e.dropout_date) ToProto(*e.dropout_date, o->mutable_dropout_date());
              o->set_contract_reference(e.contract_reference);
              o->set_closed(e.closed);
            });
      });
}

grpc::ServerUnaryReactor* ProviderServiceImpl::BatchSubmitProviderReports(
    grpc::CallbackServerContext* context, const v1::BatchSubmitProviderReportsRequest* request,
    v1::BatchSubmitProviderReportsResponse* response) {
  return frame_.HandleChange(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality, id;
        ParseChildName(request->parent(), kProviders, "parent", v, &municipality, &id);
        const int count = request->reports_size();
        v.Check(count >= 1 && count <= domain::kMaxProviderReportsPerBatch, "reports",
                absl::StrCat("must hold 1 to ", domain::kMaxProviderReportsPerBatch, " reports"));
        std::vector<domain::SubmittedReport> reports;
        reports.reserve(count);
        for (int i = 0; i < count && i < domain::kMaxProviderReportsPerBatch; ++i) {
          std::string field = absl::StrCat("reports[", i, "]");
          domain::ProviderReport report = ReportFromProto(request->reports(i), field, v);
          // The digest tells a replay from a correction: the report as sent, output fields
          // cleared.
          v1::ProviderReport content = request->reports(i);
          content.clear_version();
          content.clear_receive_time();
          report.fingerprint = Fingerprint(content);
          reports.push_back({std::move(report), std::move(field)});
        }
        ASSIGN_OR_RETURN(
            std::vector<domain::ProviderReportResult> results,
            providers_.Submit(caller, journal, municipality, id, std::move(reports), std::move(v)));
        for (const domain::ProviderReportResult& r : results) {
          v1::ProviderReportResult* o = response->add_results();
          o->set_record_id(r.record_id);
          o->set_version(r.version);
          o->set_outcome(OutcomeToProto(r.outcome));
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ProviderServiceImpl::ListProviderReports(
    grpc::CallbackServerContext* context, const v1::ListProviderReportsRequest* request,
    v1::ListProviderReportsResponse* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        domain::ProviderReportFilter filter;
        ParseChildName(request->parent(), kProviders, "parent", v, &filter.municipality,
                       &filter.provider_id);
        if (!request->enrollment_id().empty()) {
          v.Check(domain::IsValidToken(request->enrollment_id()), "enrollment_id",
                  "must be 1 to 64 characters of [A-Za-z0-9_-]");
        }
        filter.enrollment_id = request->enrollment_id();
        CheckPageSize(request->page_size(), v);
        RETURN_IF_ERROR(v.ToStatus());
        const std::string binding =
            absl::StrCat("ListProviderReports|", request->parent(), "|", request->enrollment_id());
        return page_tokens_.AnswerPage(
            binding, *request, *response,
            [&](const domain::PageRequest& page) {
              return providers_.Reports(caller, journal, filter, page);
            },
            [&](const domain::ProviderReport& r) { ReportToProto(r, response->add_reports()); });
      });
}

}  // namespace inburgering::server
