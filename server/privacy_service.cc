#include "server/privacy_service.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "server/api_support.h"
#include "server/mapping.h"

namespace inburgering::server {

grpc::Status PrivacyServiceImpl::ListProcessingRecords(
    grpc::ServerContext* context, const v1::ListProcessingRecordsRequest* request,
    v1::ListProcessingRecordsResponse* response) {
  return frame_.Handle(
      context, *request,
      [&](const domain::Caller& caller, domain::CallJournal& journal) -> absl::Status {
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
        violations.Check(request->page_size() >= 0, "page_size", "must not be negative");
        RETURN_IF_ERROR(violations.ToStatus());
        // The binding is the token's associated data, never part of the token: the BSN stays out.
        const std::string binding = absl::StrCat("ListProcessingRecords|", request->parent(), "|",
                                                 request->client(), "|", request->bsn());
        domain::PageRequest page;
        page.size = domain::EffectivePageSize(request->page_size());
        ASSIGN_OR_RETURN(page.after, page_tokens_.Decode(binding, request->page_token()));
        ASSIGN_OR_RETURN(
            domain::Page<domain::ProcessingRecord> result,
            privacy_.ListProcessingRecords(caller, journal, municipality, client_id, bsn, page));
        for (const domain::ProcessingRecord& r : result.items) {
          v1::ProcessingRecord* out = response->add_records();
          ToProto(r.time, out->mutable_time());
          out->set_trace_id(r.trace_id);
          out->set_operation_id(r.operation_id);
          out->set_activity(r.activity);
          out->set_status(r.status);
          out->set_actor(r.actor);
          out->set_subject(r.subject);
        }
        response->set_next_page_token(page_tokens_.Encode(binding, result.next_after));
        return absl::OkStatus();
      });
}

}  // namespace inburgering::server
