#include "server/provider_mapping.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/api_support.h"
#include "server/mapping.h"
#include "server/trajectory_mapping.h"

namespace inburgering::server {

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

}  // namespace inburgering::server
