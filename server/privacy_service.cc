#include "server/privacy_service.h"

#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/errors.h"
#include "domain/status_macros.h"
#include "server/api_support.h"
#include "server/mapping.h"

namespace inburgering::server {
namespace {

void RecordToProto(const domain::ProcessingRecord& r, v1::ProcessingRecord* out) {
  ToProto(r.time, out->mutable_time());
  ToProto(r.time, out->mutable_end_time());
  ToProto(r.start_time, out->mutable_start_time());
  out->set_trace_id(r.trace_id);
  out->set_span_id(r.span_id);
  out->set_parent_span_id(r.parent_span_id);
  out->set_operation_id(r.operation_id);
  out->set_activity(r.activity);
  out->set_status(r.status);
  out->set_processing_status(r.ldv_status == "Ok"      ? v1::PROCESSING_STATUS_OK
                             : r.ldv_status == "Error" ? v1::PROCESSING_STATUS_ERROR
                                                       : v1::PROCESSING_STATUS_UNSET);
  out->set_processing_activity_id(r.processing_activity_id);
  out->set_municipality(r.municipality);
  out->set_subject(r.subject);
  out->set_data_subject_id_type(r.data_subject_id_type);
  if (!r.foreign_span_id.empty()) {
    out->mutable_foreign_operation()->set_span_id(r.foreign_span_id);
    out->mutable_foreign_operation()->set_processor(r.foreign_processor);
  }
  for (absl::string_view pair : absl::StrSplit(r.resource, ';', absl::SkipEmpty())) {
    const size_t eq = pair.find('=');
    if (eq != absl::string_view::npos) {
      (*out->mutable_resource())[std::string(pair.substr(0, eq))] =
          std::string(pair.substr(eq + 1));
    }
  }
}

}  // namespace

grpc::ServerUnaryReactor* PrivacyServiceImpl::ListProcessingRecords(
    grpc::CallbackServerContext* context, const v1::ListProcessingRecordsRequest* request,
    v1::ListProcessingRecordsResponse* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        domain::Violations violations;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", violations, &municipality);
        std::optional<std::string> client_id;
        if (!request->client().empty()) {
          std::string client_municipality, id;
          if (ParseChildName(request->client(), kClients, "client", violations,
                             &client_municipality, &id)) {
            violations.Check(client_municipality == municipality, "client",
                             "must be a client of the parent municipality");
            client_id = id;
          }
        }
        std::optional<std::string> bsn;
        if (!request->bsn().empty()) {
          violations.Check(request->client().empty(), "bsn", "give either client or bsn");
          if (violations.Check(domain::IsValidBsn(request->bsn()), "bsn",
                               "must be 9 digits passing the eleven-test")) {
            bsn = request->bsn();
          }
        }
        CheckPageSize(request->page_size(), violations);
        RETURN_IF_ERROR(violations.ToStatus());
        // The binding is the token's associated data, never part of the token: the BSN stays out.
        const std::string binding = absl::StrCat("ListProcessingRecords|", request->parent(), "|",
                                                 request->client(), "|", request->bsn());
        return page_tokens_.AnswerPage(
            binding, *request, *response,
            [&](const domain::PageRequest& page) {
              return privacy_.ListProcessingRecords(caller, journal, municipality, client_id, bsn,
                                                    page);
            },
            [&](const domain::ProcessingRecord& r) { RecordToProto(r, response->add_records()); });
      });
}

grpc::Status PrivacyServiceImpl::ExportProcessingRecords(
    grpc::ServerContext* context, const v1::ExportProcessingRecordsRequest* request,
    grpc::ServerWriter<v1::ExportProcessingRecordsResponse>* writer) {
  return frame_.HandleStream(
      context, *request,
      [&](const domain::Caller& caller, domain::CallJournal& journal) -> absl::Status {
        domain::Violations violations;
        std::string municipality;
        if (request->parent() != "municipalities/-") {
          ParseMunicipalityName(request->parent(), "parent", violations, &municipality);
        }
        violations.Check(request->batch_size() >= 0 && request->batch_size() <= 1000, "batch_size",
                         "must be 0 (500) to 1000");
        RETURN_IF_ERROR(violations.ToStatus());
        const std::string binding = absl::StrCat("ExportProcessingRecords|", request->parent());
        ASSIGN_OR_RETURN(std::string after,
                         page_tokens_.Decode(binding, request->resume_token(), "resume_token"));
        int64_t after_id = 0;
        if (!after.empty() && !absl::SimpleAtoi(after, &after_id)) {
          return domain::InvalidArgument({{"resume_token", "is not valid"}},
                                         domain::reason::kInvalidPageToken);
        }
        const int batch_size = request->batch_size() == 0 ? 500 : request->batch_size();
        return privacy_.ExportProcessingRecords(
            caller, journal, municipality, after_id, batch_size,
            [&](const std::vector<domain::ProcessingRecord>& batch) -> absl::Status {
              v1::ExportProcessingRecordsResponse response;
              for (const domain::ProcessingRecord& r : batch)
                RecordToProto(r, response.add_records());
              response.set_resume_token(
                  page_tokens_.Encode(binding, absl::StrCat(batch.back().id)));
              if (!writer->Write(response)) return absl::CancelledError("the caller went away");
              return absl::OkStatus();
            });
      });
}

}  // namespace inburgering::server
