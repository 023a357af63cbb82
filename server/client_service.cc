#include "server/client_service.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "inburgering/v1/trajectory.pb.h"
#include "server/api_support.h"
#include "server/mapping.h"
#include "server/rpc.h"

namespace inburgering::server {
namespace {

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

grpc::ServerUnaryReactor* ClientServiceImpl::CreateConsultant(
    grpc::CallbackServerContext* context, const v1::CreateConsultantRequest* request,
    v1::Consultant* response) {
  return frame_.HandleChange(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        domain::Violations violations;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", violations, &municipality);
        ValidateRequestId(request->request_id(), violations);
        if (violations.Check(request->has_consultant(), "consultant", "required")) {
          domain::ValidateConsultantFields(FromProto(request->consultant(), municipality),
                                           "consultant.", violations);
        }
        RETURN_IF_ERROR(violations.ToStatus());
        ASSIGN_OR_RETURN(domain::Consultant created,
                         consultants_.Create(
                             caller, journal, FromProto(request->consultant(), municipality),
                             {request->request_id(), "CreateConsultant", Fingerprint(*request)}));
        ConsultantToProto(created, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ClientServiceImpl::GetConsultant(grpc::CallbackServerContext* context,
                                                           const v1::GetConsultantRequest* request,
                                                           v1::Consultant* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        domain::Violations violations;
        std::string municipality, id;
        ParseChildName(request->name(), kConsultants, "name", violations, &municipality, &id);
        RETURN_IF_ERROR(violations.ToStatus());
        ASSIGN_OR_RETURN(domain::Consultant consultant,
                         consultants_.Get(caller, journal, municipality, id));
        ConsultantToProto(consultant, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ClientServiceImpl::ListConsultants(
    grpc::CallbackServerContext* context, const v1::ListConsultantsRequest* request,
    v1::ListConsultantsResponse* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        domain::Violations violations;
        domain::ConsultantFilter filter;
        ParseMunicipalityName(request->parent(), "parent", violations, &filter.municipality);
        CheckPageSize(request->page_size(), violations);
        RETURN_IF_ERROR(violations.ToStatus());
        filter.include_inactive = request->show_inactive();
        const std::string binding =
            absl::StrCat("ListConsultants|", filter.municipality, "|", filter.include_inactive);
        return page_tokens_.AnswerPage(
            binding, *request, *response,
            [&](const domain::PageRequest& page) {
              return consultants_.List(caller, journal, filter, page);
            },
            [&](const domain::Consultant& c) {
              ConsultantToProto(c, response->add_consultants());
            });
      });
}

grpc::ServerUnaryReactor* ClientServiceImpl::UpdateConsultant(
    grpc::CallbackServerContext* context, const v1::UpdateConsultantRequest* request,
    v1::Consultant* response) {
  return frame_.HandleChange(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        static const std::vector<std::string> kUpdatable = {"display_name", "email", "active",
                                                            "case_capacity"};
        domain::Violations violations;
        std::string municipality, id;
        int64_t version = 0;
        const v1::Consultant& in = request->consultant();
        if (violations.Check(request->has_consultant(), "consultant", "required")) {
          ParseChildName(in.name(), kConsultants, "consultant.name", violations, &municipality,
                         &id);
          ParseRequiredEtag(in.etag(), "consultant.etag",
                            "required: send the etag of the consultant as read", violations,
                            &version);
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
                         consultants_.Update(caller, journal, municipality, id, patch, version));
        ConsultantToProto(updated, response);
        return absl::OkStatus();
      });
}

}  // namespace inburgering::server

namespace inburgering::server {

grpc::ServerUnaryReactor* ClientServiceImpl::CreateClient(grpc::CallbackServerContext* context,
                                                          const v1::CreateClientRequest* request,
                                                          v1::Client* response) {
  return frame_.HandleChange(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        domain::Violations violations;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", violations, &municipality);
        ValidateRequestId(request->request_id(), violations);
        if (!violations.Check(request->has_client(), "client", "required")) {
          return violations.ToStatus();
        }
        domain::Client draft = ClientFromProto(request->client(), municipality, violations);
        ASSIGN_OR_RETURN(
            domain::Client created,
            clients_.Create(caller, journal, std::move(draft),
                            {request->request_id(), "CreateClient", Fingerprint(*request)},
                            std::move(violations)));
        ClientToProto(created, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ClientServiceImpl::GetClient(grpc::CallbackServerContext* context,
                                                       const v1::GetClientRequest* request,
                                                       v1::Client* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        domain::Violations violations;
        std::string municipality, id;
        ParseChildName(request->name(), kClients, "name", violations, &municipality, &id);
        RETURN_IF_ERROR(violations.ToStatus());
        ASSIGN_OR_RETURN(domain::Client client, clients_.Get(caller, journal, municipality, id));
        ClientToProto(client, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ClientServiceImpl::ListClients(grpc::CallbackServerContext* context,
                                                         const v1::ListClientsRequest* request,
                                                         v1::ListClientsResponse* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        domain::Violations violations;
        domain::ClientFilter filter;
        ParseMunicipalityName(request->parent(), "parent", violations, &filter.municipality);
        CheckPageSize(request->page_size(), violations);
        if (!request->consultant().empty()) {
          std::string municipality, id;
          if (ParseChildName(request->consultant(), kConsultants, "consultant", violations,
                             &municipality, &id)) {
            violations.Check(municipality == filter.municipality, "consultant",
                             "must be a consultant of the parent municipality");
            filter.consultant_id = id;
          }
        }
        domain::TargetGroup group;
        if (request->target_group() != v1::TARGET_GROUP_UNSPECIFIED &&
            ParseEnum(request->target_group(), "target_group", violations, &group)) {
          filter.target_group = group;
        }
        domain::Phase phase;
        if (request->phase() != v1::TRAJECTORY_PHASE_UNSPECIFIED &&
            ParseEnum(request->phase(), "phase", violations, &phase)) {
          filter.phase = phase;
        }
        RETURN_IF_ERROR(violations.ToStatus());
        const std::string binding =
            absl::StrCat("ListClients|", filter.municipality, "|", request->consultant(), "|",
                         request->target_group(), "|", request->phase(), "|", request->overdue());
        return page_tokens_.AnswerPage(
            binding, *request, *response,
            [&](const domain::PageRequest& page) {
              return clients_.List(caller, journal, filter, page, request->overdue());
            },
            [&](const domain::Client& c) { ClientToProto(c, response->add_clients()); });
      });
}

grpc::ServerUnaryReactor* ClientServiceImpl::UpdateClient(grpc::CallbackServerContext* context,
                                                          const v1::UpdateClientRequest* request,
                                                          v1::Client* response) {
  return frame_.HandleChange(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        static const std::vector<std::string> kUpdatable = {"given_names",
                                                            "family_name",
                                                            "birth_date",
                                                            "target_group",
                                                            "obligation_notice_date",
                                                            "brp_registration_date",
                                                            "coa_link_date"};
        domain::Violations violations;
        std::string municipality, id;
        int64_t version = 0;
        const v1::Client& in = request->client();
        if (violations.Check(request->has_client(), "client", "required")) {
          ParseChildName(in.name(), kClients, "client.name", violations, &municipality, &id);
          ParseRequiredEtag(in.etag(), "client.etag", "required", violations, &version);
        }
        domain::ClientPatch patch;
        absl::CivilDay day;
        auto optional_date =
            [&](bool has, const google::type::Date& date,
                const char* field) -> std::optional<std::optional<absl::CivilDay>> {
          if (!has) return std::optional<absl::CivilDay>();
          if (!ParseDate(date, field, violations, &day)) return std::nullopt;
          return std::optional<absl::CivilDay>(day);
        };
        for (const std::string& path :
             MaskPaths(request->update_mask(), kUpdatable, "update_mask", violations)) {
          if (path == "given_names") patch.given_names = in.given_names();
          if (path == "family_name") patch.family_name = in.family_name();
          if (path == "birth_date" &&
              violations.Check(in.has_birth_date(), "client.birth_date", "required") &&
              ParseDate(in.birth_date(), "client.birth_date", violations, &day)) {
            patch.birth_date = day;
          }
          domain::TargetGroup group;
          if (path == "target_group" &&
              ParseEnum(in.target_group(), "client.target_group", violations, &group)) {
            patch.target_group = group;
          }
          if (path == "obligation_notice_date") {
            patch.obligation_notice_date =
                optional_date(in.has_obligation_notice_date(), in.obligation_notice_date(),
                              "client.obligation_notice_date");
          }
          if (path == "brp_registration_date") {
            patch.brp_registration_date =
                optional_date(in.has_brp_registration_date(), in.brp_registration_date(),
                              "client.brp_registration_date");
          }
          if (path == "coa_link_date") {
            patch.coa_link_date =
                optional_date(in.has_coa_link_date(), in.coa_link_date(), "client.coa_link_date");
          }
        }
        RETURN_IF_ERROR(violations.ToStatus());
        ASSIGN_OR_RETURN(domain::Client updated,
                         clients_.Update(caller, journal, municipality, id, patch, version));
        ClientToProto(updated, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ClientServiceImpl::FindClientByBsn(
    grpc::CallbackServerContext* context, const v1::FindClientByBsnRequest* request,
    v1::Client* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        domain::Violations violations;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", violations, &municipality);
        if (violations.Check(!request->bsn().empty(), "bsn", "required")) {
          violations.Check(domain::IsValidBsn(request->bsn()), "bsn",
                           "must be 9 digits that pass the BSN eleven-test");
        }
        RETURN_IF_ERROR(violations.ToStatus());
        ASSIGN_OR_RETURN(domain::Client client,
                         clients_.FindByBsn(caller, journal, municipality, request->bsn()));
        ClientToProto(client, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ClientServiceImpl::AssignConsultant(
    grpc::CallbackServerContext* context, const v1::AssignConsultantRequest* request,
    v1::Client* response) {
  return frame_.HandleChange(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        domain::Violations violations;
        std::string municipality, id, consultant_municipality, consultant_id;
        int64_t version = 0;
        ParseChildName(request->name(), kClients, "name", violations, &municipality, &id);
        if (ParseChildName(request->consultant(), kConsultants, "consultant", violations,
                           &consultant_municipality, &consultant_id)) {
          violations.Check(consultant_municipality == municipality, "consultant",
                           "must be a consultant of the client's municipality");
        }
        ParseRequiredEtag(request->etag(), "etag", "required", violations, &version);
        ValidateRequestId(request->request_id(), violations);
        RETURN_IF_ERROR(violations.ToStatus());
        ASSIGN_OR_RETURN(domain::Client client,
                         clients_.AssignConsultant(
                             caller, journal, municipality, id, consultant_id, version,
                             {request->request_id(), "AssignConsultant", Fingerprint(*request)}));
        ClientToProto(client, response);
        return absl::OkStatus();
      });
}

}  // namespace inburgering::server
