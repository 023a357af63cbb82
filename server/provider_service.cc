#include "server/provider_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "server/api_support.h"
#include "server/mapping.h"
#include "server/trajectory_mapping.h"

namespace inburgering::server {
namespace {

using domain::Violations;

domain::Provider ProviderFromProto(const v1::Provider& in, Violations& v) {
  domain::Provider out;
  out.display_name = in.display_name();
  ParseEnum(in.quality_mark(), "provider.quality_mark", v, &out.quality_mark);
  for (int i = 0; i < in.components_size(); ++i) {
    domain::OfferComponent c;
    if (ParseEnum(in.components(i), absl::StrCat("provider.components[", i, "]"), v, &c)) {
      out.components.push_back(c);
    }
  }
  out.contract_reference = in.contract_reference();
  return out;
}

void ProviderToProto(const domain::Provider& p, v1::Provider* out) {
  out->set_name(ChildName(p.municipality, kProviders, p.id));
  out->set_display_name(p.display_name);
  out->set_quality_mark(ToProtoEnum<v1::QualityMark>(p.quality_mark));
  for (domain::OfferComponent c : p.components) {
    out->add_components(ToProtoEnum<v1::OfferComponent>(c));
  }
  out->set_contract_reference(p.contract_reference);
  ToProto(p.create_time, out->mutable_create_time());
}

// `parent` as a provider's name: its municipality and id.
void ParseProviderName(const std::string& name, absl::string_view field, Violations& v,
                       std::string* municipality, std::string* id) {
  ParseChildName(name, kProviders, field, v, municipality, id);
}

// One report of a batch, validated under `field` (`reports[3]`) by the same mappings a
// consultant's steps use.
domain::ProviderReport ReportFromProto(const v1::ProviderReport& in, const std::string& field,
                                       Violations& v) {
  domain::ProviderReport out;
  const std::string prefix = absl::StrCat(field, ".");
  if (v.Check(!in.record_id().empty(), prefix + "record_id", "required")) {
    v.Check(domain::IsValidToken(in.record_id()), prefix + "record_id",
            "must be 1 to 64 characters of [A-Za-z0-9_-]");
  }
  out.record_id = in.record_id();
  v.Check(domain::IsValidToken(in.enrollment_id()), prefix + "enrollment_id",
          "required: the id of one of the provider's enrollments");
  out.enrollment_id = in.enrollment_id();
  Violations inner;
  switch (in.report_case()) {
    case v1::ProviderReport::kAttendance: {
      out.kind = domain::ProviderReportKind::kAttendance;
      v1::AttendanceRecord attendance = in.attendance();
      attendance.set_enrollment_id(in.enrollment_id());  // the report's enrollment counts
      out.attendance = AttendanceFromProto(true, attendance, inner);
      break;
    }
    case v1::ProviderReport::kProgress: {
      out.kind = domain::ProviderReportKind::kProgress;
      const v1::ProviderProgress& p = in.progress();
      ParseRequiredDate(p.has_date(), p.date(), "progress.date", inner, &out.progress.date);
      ParseEnum(p.skill(), "progress.skill", inner, &out.progress.skill);
      ParseEnum(p.level(), "progress.level", inner, &out.progress.level);
      out.progress.on_track = p.on_track();
      break;
    }
    case v1::ProviderReport::kExamResult:
      out.kind = domain::ProviderReportKind::kExamResult;
      out.exam_result = ExamResultFromProto(true, in.exam_result(), inner);
      break;
    case v1::ProviderReport::kComponentResult:
      out.kind = domain::ProviderReportKind::kComponentResult;
      inner.Check(in.component_result().note().empty(), "component_result.note",
                  "must be empty: providers report no free text");
      out.component_result = ComponentResultFromProto(true, in.component_result(), inner);
      break;
    case v1::ProviderReport::kLessonsStarted:
      out.kind = domain::ProviderReportKind::kLessonsStarted;
      ParseRequiredDate(in.lessons_started().has_date(), in.lessons_started().date(),
                        "lessons_started.date", inner, &out.date);
      break;
    case v1::ProviderReport::kDropout:
      out.kind = domain::ProviderReportKind::kDropout;
      ParseRequiredDate(in.dropout().has_date(), in.dropout().date(), "dropout.date", inner,
                        &out.date);
      ParseEnum(in.dropout().reason(), "dropout.reason", inner, &out.dropout_reason);
      break;
    case v1::ProviderReport::REPORT_NOT_SET:
      inner.Add("report",
                "required: one of attendance, progress, exam_result, component_result, "
                "lessons_started, dropout");
      break;
  }
  v.MergeUnder(prefix, inner);
  return out;
}

void ReportToProto(const domain::ProviderReport& r, v1::ProviderReport* out) {
  using K = domain::ProviderReportKind;
  out->set_record_id(r.record_id);
  out->set_enrollment_id(r.enrollment_id);
  switch (r.kind) {
    case K::kAttendance:
      AttendanceToProto(r.attendance, out->mutable_attendance());
      break;
    case K::kProgress:
      ProviderProgressToProto(r.progress, out->mutable_progress());
      break;
    case K::kExamResult:
      ExamResultToProto(r.exam_result, out->mutable_exam_result());
      break;
    case K::kComponentResult:
      ComponentResultToProto(r.component_result, out->mutable_component_result());
      break;
    case K::kLessonsStarted:
      ToProto(r.date, out->mutable_lessons_started()->mutable_date());
      break;
    case K::kDropout:
      ToProto(r.date, out->mutable_dropout()->mutable_date());
      out->mutable_dropout()->set_reason(ToProtoEnum<v1::DropoutReason>(r.dropout_reason));
      break;
  }
  out->set_version(r.version);
  ToProto(r.receive_time, out->mutable_receive_time());
}

v1::ProviderReportOutcome OutcomeToProto(domain::ProviderReportOutcome outcome) {
  switch (outcome) {
    case domain::ProviderReportOutcome::kRecorded:
      return v1::PROVIDER_REPORT_OUTCOME_RECORDED;
    case domain::ProviderReportOutcome::kReplayed:
      return v1::PROVIDER_REPORT_OUTCOME_REPLAYED;
    case domain::ProviderReportOutcome::kCorrected:
      return v1::PROVIDER_REPORT_OUTCOME_CORRECTED;
  }
  return v1::PROVIDER_REPORT_OUTCOME_UNSPECIFIED;
}

}  // namespace

grpc::Status ProviderServiceImpl::CreateProvider(grpc::ServerContext* context,
                                                 const v1::CreateProviderRequest* request,
                                                 v1::Provider* response) {
  return frame_.Handle(
      context, *request,
      [&](const domain::Caller& caller, domain::CallJournal& journal) -> absl::Status {
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

grpc::Status ProviderServiceImpl::GetProvider(grpc::ServerContext* context,
                                              const v1::GetProviderRequest* request,
                                              v1::Provider* response) {
  return frame_.Handle(
      context, *request,
      [&](const domain::Caller& caller, domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality, id;
        ParseProviderName(request->name(), "name", v, &municipality, &id);
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(domain::Provider provider,
                         providers_.Get(caller, journal, municipality, id));
        ProviderToProto(provider, response);
        return absl::OkStatus();
      });
}

grpc::Status ProviderServiceImpl::ListProviders(grpc::ServerContext* context,
                                                const v1::ListProvidersRequest* request,
                                                v1::ListProvidersResponse* response) {
  return frame_.Handle(
      context, *request,
      [&](const domain::Caller& caller, domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality;
        ParseMunicipalityName(request->parent(), "parent", v, &municipality);
        v.Check(request->page_size() >= 0, "page_size", "must not be negative");
        RETURN_IF_ERROR(v.ToStatus());
        const std::string binding = absl::StrCat("ListProviders|", municipality);
        domain::PageRequest page;
        page.size = domain::EffectivePageSize(request->page_size());
        ASSIGN_OR_RETURN(page.after, page_tokens_.Decode(binding, request->page_token()));
        ASSIGN_OR_RETURN(domain::Page<domain::Provider> result,
                         providers_.List(caller, journal, municipality, page));
        for (const domain::Provider& p : result.items)
          ProviderToProto(p, response->add_providers());
        response->set_next_page_token(page_tokens_.Encode(binding, result.next_after));
        return absl::OkStatus();
      });
}

grpc::Status ProviderServiceImpl::ListProviderEnrollments(
    grpc::ServerContext* context, const v1::ListProviderEnrollmentsRequest* request,
    v1::ListProviderEnrollmentsResponse* response) {
  return frame_.Handle(
      context, *request,
      [&](const domain::Caller& caller, domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality, id;
        ParseProviderName(request->parent(), "parent", v, &municipality, &id);
        v.Check(request->page_size() >= 0, "page_size", "must not be negative");
        RETURN_IF_ERROR(v.ToStatus());
        const std::string binding = absl::StrCat("ListProviderEnrollments|", request->parent());
        domain::PageRequest page;
        page.size = domain::EffectivePageSize(request->page_size());
        ASSIGN_OR_RETURN(page.after, page_tokens_.Decode(binding, request->page_token()));
        ASSIGN_OR_RETURN(domain::Page<domain::ProviderEnrollment> result,
                         providers_.Enrollments(caller, journal, municipality, id, page));
        for (const domain::ProviderEnrollment& e : result.items) {
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
        }
        response->set_next_page_token(page_tokens_.Encode(binding, result.next_after));
        return absl::OkStatus();
      });
}

grpc::Status ProviderServiceImpl::BatchSubmitProviderReports(
    grpc::ServerContext* context, const v1::BatchSubmitProviderReportsRequest* request,
    v1::BatchSubmitProviderReportsResponse* response) {
  return frame_.Handle(
      context, *request,
      [&](const domain::Caller& caller, domain::CallJournal& journal) -> absl::Status {
        Violations v;
        std::string municipality, id;
        ParseProviderName(request->parent(), "parent", v, &municipality, &id);
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

grpc::Status ProviderServiceImpl::ListProviderReports(grpc::ServerContext* context,
                                                      const v1::ListProviderReportsRequest* request,
                                                      v1::ListProviderReportsResponse* response) {
  return frame_.Handle(
      context, *request,
      [&](const domain::Caller& caller, domain::CallJournal& journal) -> absl::Status {
        Violations v;
        domain::ProviderReportFilter filter;
        ParseProviderName(request->parent(), "parent", v, &filter.municipality,
                          &filter.provider_id);
        if (!request->enrollment_id().empty()) {
          v.Check(domain::IsValidToken(request->enrollment_id()), "enrollment_id",
                  "must be 1 to 64 characters of [A-Za-z0-9_-]");
        }
        filter.enrollment_id = request->enrollment_id();
        v.Check(request->page_size() >= 0, "page_size", "must not be negative");
        RETURN_IF_ERROR(v.ToStatus());
        const std::string binding =
            absl::StrCat("ListProviderReports|", request->parent(), "|", request->enrollment_id());
        domain::PageRequest page;
        page.size = domain::EffectivePageSize(request->page_size());
        ASSIGN_OR_RETURN(page.after, page_tokens_.Decode(binding, request->page_token()));
        ASSIGN_OR_RETURN(domain::Page<domain::ProviderReport> result,
                         providers_.Reports(caller, journal, filter, page));
        for (const domain::ProviderReport& r : result.items) {
          ReportToProto(r, response->add_reports());
        }
        response->set_next_page_token(page_tokens_.Encode(binding, result.next_after));
        return absl::OkStatus();
      });
}

}  // namespace inburgering::server
