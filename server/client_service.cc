#include "server/client_service.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "server/api_support.h"
#include "server/rpc.h"

namespace inburgering::server {
namespace {

constexpr char kConsultants[] = "consultants";

void ConsultantToProto(const domain::Consultant& c, v1::Consultant* out) {
  out->set_name(ChildName(c.municipality, kConsultants, c.id));
  out->set_display_name(c.display_name);
  out->set_email(c.email);
  out->set_active(c.active);
  out->set_case_capacity(c.case_capacity);
  ToProto(c.create_time, out->mutable_create_time());
  ToProto(c.update_time, out->mutable_update_time());
  out->set_etag(Etag(c.version));
}

domain::Consultant FromProto(const v1::Consultant& in, const std::string& municipality) {
  domain::Consultant c;
  c.municipality = municipality;
  c.display_name = in.display_name();
  c.email = in.email();
  c.active = in.active();
  c.case_capacity = in.case_capacity();
  return c;
}

}  // namespace

grpc::Status ClientServiceImpl::CreateConsultant(grpc::ServerContext* context,
                                                 const v1::CreateConsultantRequest* request,
                                                 v1::Consultant* response) {
  return HandleRpc(context, authenticator_, [&](const domain::Caller& caller) -> absl::Status {
    domain::Violations violations;
    std::string municipality;
    ParseMunicipalityName(request->parent(), "parent", violations, &municipality);
    ValidateRequestId(request->request_id(), violations);
    if (violations.Check(request->has_consultant(), "consultant", "required")) {
      domain::ValidateConsultantFields(FromProto(request->consultant(), municipality),
                                       "consultant.", violations);
    }
    RETURN_IF_ERROR(violations.ToStatus());
    ASSIGN_OR_RETURN(
        domain::Consultant created,
        consultants_.Create(caller, FromProto(request->consultant(), municipality),
                            {request->request_id(), "CreateConsultant", Fingerprint(*request)}));
    ConsultantToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::Status ClientServiceImpl::GetConsultant(grpc::ServerContext* context,
                                              const v1::GetConsultantRequest* request,
                                              v1::Consultant* response) {
  return HandleRpc(context, authenticator_, [&](const domain::Caller& caller) -> absl::Status {
    domain::Violations violations;
    std::string municipality, id;
    ParseChildName(request->name(), kConsultants, "name", violations, &municipality, &id);
    RETURN_IF_ERROR(violations.ToStatus());
    ASSIGN_OR_RETURN(domain::Consultant consultant, consultants_.Get(caller, municipality, id));
    ConsultantToProto(consultant, response);
    return absl::OkStatus();
  });
}

grpc::Status ClientServiceImpl::ListConsultants(grpc::ServerContext* context,
                                                const v1::ListConsultantsRequest* request,
                                                v1::ListConsultantsResponse* response) {
  return HandleRpc(context, authenticator_, [&](const domain::Caller& caller) -> absl::Status {
    domain::Violations violations;
    domain::ConsultantFilter filter;
    ParseMunicipalityName(request->parent(), "parent", violations, &filter.municipality);
    violations.Check(request->page_size() >= 0, "page_size", "must not be negative");
    RETURN_IF_ERROR(violations.ToStatus());
    filter.include_inactive = request->show_inactive();
    const std::string binding =
        absl::StrCat("ListConsultants|", filter.municipality, "|", filter.include_inactive);
    domain::PageRequest page;
    page.size = domain::EffectivePageSize(request->page_size());
    ASSIGN_OR_RETURN(page.after, page_tokens_.Decode(binding, request->page_token()));
    ASSIGN_OR_RETURN(domain::Page<domain::Consultant> result,
                     consultants_.List(caller, filter, page));
    for (const domain::Consultant& c : result.items)
      ConsultantToProto(c, response->add_consultants());
    response->set_next_page_token(page_tokens_.Encode(binding, result.next_after));
    return absl::OkStatus();
  });
}

grpc::Status ClientServiceImpl::UpdateConsultant(grpc::ServerContext* context,
                                                 const v1::UpdateConsultantRequest* request,
                                                 v1::Consultant* response) {
  return HandleRpc(context, authenticator_, [&](const domain::Caller& caller) -> absl::Status {
    static const std::vector<std::string> kUpdatable = {"display_name", "email", "active",
                                                        "case_capacity"};
    domain::Violations violations;
    std::string municipality, id;
    int64_t version = 0;
    const v1::Consultant& in = request->consultant();
    if (violations.Check(request->has_consultant(), "consultant", "required")) {
      ParseChildName(in.name(), kConsultants, "consultant.name", violations, &municipality, &id);
      if (violations.Check(!in.etag().empty(), "consultant.etag",
                           "required: send the etag of the consultant as read")) {
        violations.Check(ParseEtag(in.etag(), &version), "consultant.etag",
                         "is not an etag of this service");
      }
    }
    domain::ConsultantPatch patch;
    for (const std::string& path :
         MaskPaths(request->update_mask(), kUpdatable, "update_mask", violations)) {
      if (path == "display_name") patch.display_name = in.display_name();
      if (path == "email") patch.email = in.email();
      if (path == "active") patch.active = in.active();
      if (path == "case_capacity") patch.case_capacity = in.case_capacity();
    }
    RETURN_IF_ERROR(violations.ToStatus());
    ASSIGN_OR_RETURN(domain::Consultant updated,
                     consultants_.Update(caller, municipality, id, patch, version));
    ConsultantToProto(updated, response);
    return absl::OkStatus();
  });
}

}  // namespace inburgering::server
