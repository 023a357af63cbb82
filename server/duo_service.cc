#include "server/duo_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "domain/trajectory_rules.h"
#include "server/api_support.h"
#include "server/duo_mapping.h"
#include "server/duties_mapping.h"
#include "server/mapping.h"
#include "server/trajectory_step.h"

namespace inburgering::server {
namespace {

using domain::Violations;

// The report named `name`, and the optional etag.
void ParseReportRef(const std::string& name, const std::string& etag, Violations& v,
                    std::string* municipality, std::string* id,
                    std::optional<int64_t>* expected_version) {
  ParseChildName(name, kDuoReports, "name", v, municipality, id);
  ParseOptionalEtag(etag, "etag", v, expected_version);
}

}  // namespace

grpc::ServerUnaryReactor* DuoServiceImpl::ListDuoReports(grpc::CallbackServerContext* context,
                                                         const v1::ListDuoReportsRequest* request,
                                                         v1::ListDuoReportsResponse* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        domain::DuoReportFilter filter;
        ParseMunicipalityName(request->parent(), "parent", v, &filter.municipality);
        domain::DuoReportState state;
        if (DuoReportStateFromProto(request->state(), "state", v, &state)) filter.state = state;
        if (!request->client().empty()) {
          std::string municipality, client_id;
          if (ParseChildName(request->client(), kClients, "client", v, &municipality, &client_id)) {
            v.Check(municipality == filter.municipality, "client",
                    "must be a client of the parent municipality");
            filter.client_id = client_id;
          }
        }
        CheckPageSize(request->page_size(), v);
        RETURN_IF_ERROR(v.ToStatus());
        const std::string binding = absl::StrCat("ListDuoReports|", request->parent(), "|",
                                                 request->state(), "|", request->client());
        return page_tokens_.AnswerPage(
            binding, *request, *response,
            [&](const domain::PageRequest& page) {
              return duo_.ListReports(caller, journal, filter, page);
            },
            [&](const domain::DuoReport& r) { DuoReportToProto(r, response->add_duo_reports()); });
      });
}

grpc::ServerUnaryReactor* DuoServiceImpl::MarkDuoReportSent(
    grpc::CallbackServerContext* context, const v1::MarkDuoReportSentRequest* request,
    v1::DuoReport* response) {
  return frame_.HandleChange(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality, id;
        std::optional<int64_t> version;
        ParseReportRef(request->name(), request->etag(), v, &municipality, &id, &version);
        ValidateRequestId(request->request_id(), v);
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(
            domain::DuoReport report,
            duo_.MarkSent(caller, journal, municipality, id, version,
                          {request->request_id(), "MarkDuoReportSent", Fingerprint(*request)}));
        DuoReportToProto(report, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DuoServiceImpl::ConfirmDuoReport(
    grpc::CallbackServerContext* context, const v1::ConfirmDuoReportRequest* request,
    v1::DuoReport* response) {
  return frame_.HandleChange(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality, id;
        std::optional<int64_t> version;
        ParseReportRef(request->name(), request->etag(), v, &municipality, &id, &version);
        ValidateRequestId(request->request_id(), v);
        if (v.Check(!request->confirmation_reference().empty(), "confirmation_reference",
                    "required: DUO's reference")) {
          CheckText(request->confirmation_reference(), 200, "confirmation_reference", v);
        }
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(
            domain::DuoReport report,
            duo_.Confirm(caller, journal, municipality, id, request->confirmation_reference(),
                         version,
                         {request->request_id(), "ConfirmDuoReport", Fingerprint(*request)}));
        DuoReportToProto(report, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DuoServiceImpl::IngestDuoSignal(grpc::CallbackServerContext* context,
                                                          const v1::IngestDuoSignalRequest* request,
                                                          v1::IngestDuoSignalResponse* response) {
  return frame_.HandleChange(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", v, &municipality);
        std::vector<domain::FingerprintedSignal> signals(1);
        if (v.Check(request->has_signal(), "signal", "required")) {
          signals[0].signal = DuoSignalFromProto(request->signal(), municipality, "signal", v);
          signals[0].fingerprint = Fingerprint(request->signal());
          signals[0].field = "signal";
        }
        ASSIGN_OR_RETURN(std::vector<domain::DuoSignalRecord> results,
                         duo_.Ingest(caller, journal, municipality, signals, std::move(v)));
        DuoSignalResultToProto(results.front(), response->mutable_result());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DuoServiceImpl::BatchIngestDuoSignals(
    grpc::CallbackServerContext* context, const v1::BatchIngestDuoSignalsRequest* request,
    v1::BatchIngestDuoSignalsResponse* response) {
  return frame_.HandleChange(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", v, &municipality);
        const int count = request->signals_size();
        v.Check(count >= 1 && count <= domain::kMaxSignalsPerBatch, "signals",
                absl::StrCat("must hold 1 to ", domain::kMaxSignalsPerBatch, " signals"));
        std::vector<domain::FingerprintedSignal> signals;
        for (int i = 0; i < count && i < domain::kMaxSignalsPerBatch; ++i) {
          std::string field = absl::StrCat("signals[", i, "]");
          domain::DuoSignal signal =
              DuoSignalFromProto(request->signals(i), municipality, field, v);
          signals.push_back(
              {std::move(signal), Fingerprint(request->signals(i)), std::move(field)});
        }
        ASSIGN_OR_RETURN(std::vector<domain::DuoSignalRecord> results,
                         duo_.Ingest(caller, journal, municipality, signals, std::move(v)));
        for (const domain::DuoSignalRecord& r : results) {
          DuoSignalResultToProto(r, response->add_results());
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DuoServiceImpl::IssueProgrammeLateStatement(
    grpc::CallbackServerContext* context, const v1::IssueProgrammeLateStatementRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> domain::Step {
                      domain::steps::IssueProgrammeLateStatement step;
                      ParseRequiredDate(request->has_issue_date(), request->issue_date(),
                                        "issue_date", v, &step.statement.issue_date);
                      return step;
                    });
}

grpc::ServerUnaryReactor* DuoServiceImpl::ReportExpectedNonCompletion(
    grpc::CallbackServerContext* context, const v1::ReportExpectedNonCompletionRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> domain::Step {
        return domain::steps::ReportExpectedNonCompletion{
            NonCompletionNoticeFromProto(request->has_notice(), request->notice(), v)};
      });
}

}  // namespace inburgering::server
