#include "clients/cpp/ldv_export.h"

#include <map>
#include <utility>

#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"

namespace inburgering::clients {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;

Value Text(const std::string& text) {
  Value v;
  v.set_string_value(text);
  return v;
}

// An OTLP attribute: {"key": k, "value": {"stringValue": v}}.
Value Attribute(const std::string& key, const std::string& value) {
  Value attribute;
  Struct* fields = attribute.mutable_struct_value();
  (*fields->mutable_fields())["key"] = Text(key);
  (*(*fields->mutable_fields())["value"].mutable_struct_value()->mutable_fields())["stringValue"] =
      Text(value);
  return attribute;
}

// OTLP JSON carries 64-bit integers as decimal strings.
Value UnixNanos(const google::protobuf::Timestamp& t) {
  return Text(std::to_string(google::protobuf::util::TimeUtil::TimestampToNanoseconds(t)));
}

// OTLP status codes: 0 Unset, 1 Ok, 2 Error (the LDV status).
int StatusCode(v1::ProcessingStatus status) {
  switch (status) {
    case v1::PROCESSING_STATUS_OK:
      return 1;
    case v1::PROCESSING_STATUS_ERROR:
      return 2;
    default:
      return 0;
  }
}

Value Span(const v1::ProcessingRecord& r) {
  Value span;
  auto& f = *span.mutable_struct_value()->mutable_fields();
  f["traceId"] = Text(r.trace_id());
  f["spanId"] = Text(r.span_id());
  if (!r.parent_span_id().empty()) f["parentSpanId"] = Text(r.parent_span_id());
  f["name"] = Text(r.activity());
  f["kind"].set_number_value(1);  // SPAN_KIND_INTERNAL: one data subject's part of the call
  f["startTimeUnixNano"] = UnixNanos(r.start_time());
  f["endTimeUnixNano"] = UnixNanos(r.end_time());
  (*f["status"].mutable_struct_value()->mutable_fields())["code"].set_number_value(
      StatusCode(r.processing_status()));
  ListValue* attributes = f["attributes"].mutable_list_value();
  *attributes->add_values() =
      Attribute("dpl.core.processing_activity_id", r.processing_activity_id());
  *attributes->add_values() = Attribute("dpl.core.data_subject_id", r.subject());
  *attributes->add_values() = Attribute("dpl.core.data_subject_id_type", r.data_subject_id_type());
  if (r.has_foreign_operation()) {
    *attributes->add_values() =
        Attribute("dpl.core.foreign_operation.span_id", r.foreign_operation().span_id());
    if (!r.foreign_operation().processor().empty()) {
      *attributes->add_values() =
          Attribute("dpl.core.foreign_operation.processor", r.foreign_operation().processor());
    }
  }
  return span;
}

}  // namespace

std::string OtlpJsonLine(const v1::ExportProcessingRecordsResponse& batch) {
  // One resource per municipality (and service version): the organisation's way of naming the
  // application that processed, as LDV's `resource` leaves to it.
  std::map<std::pair<std::string, std::string>, ListValue> spans;
  std::map<std::pair<std::string, std::string>, const v1::ProcessingRecord*> first;
  for (const v1::ProcessingRecord& r : batch.records()) {
    auto version = r.resource().find("service.version");
    const auto key = std::make_pair(
        r.municipality(), version == r.resource().end() ? std::string() : version->second);
    *spans[key].add_values() = Span(r);
    first.emplace(key, &r);
  }
  Struct request;
  ListValue* resource_spans = (*request.mutable_fields())["resourceSpans"].mutable_list_value();
  for (auto& [key, list] : spans) {
    Value entry;
    auto& f = *entry.mutable_struct_value()->mutable_fields();
    ListValue* resource = (*f["resource"].mutable_struct_value()->mutable_fields())["attributes"]
                              .mutable_list_value();
    for (const auto& [name, value] : first[key]->resource()) {
      *resource->add_values() = Attribute(name, value);
    }
    *resource->add_values() = Attribute("inburgering.municipality", key.first);
    ListValue* scope_spans = f["scopeSpans"].mutable_list_value();
    Value scope;
    auto& s = *scope.mutable_struct_value()->mutable_fields();
    (*s["scope"].mutable_struct_value()->mutable_fields())["name"] = Text("inburgering");
    s["spans"].mutable_list_value()->Swap(&list);
    *scope_spans->add_values() = std::move(scope);
    *resource_spans->add_values() = std::move(entry);
  }
  std::string line;
  (void)google::protobuf::util::MessageToJsonString(request, &line);
  return line;
}

absl::StatusOr<ProcessingExportResult> ExportProcessing(const PrivacyServiceClient& privacy,
                                                        const std::string& parent,
                                                        const std::string& resume_token,
                                                        std::ostream& out) {
  v1::ExportProcessingRecordsRequest request;
  request.set_parent(parent);
  request.set_resume_token(resume_token);
  auto context = NewContext(privacy.options(), /*stream=*/true);
  auto stream = privacy.stub().ExportProcessingRecords(context.get(), request);
  ProcessingExportResult result;
  result.resume_token = resume_token;
  v1::ExportProcessingRecordsResponse batch;
  while (stream->Read(&batch)) {
    out << OtlpJsonLine(batch) << "\n";
    result.records += batch.records_size();
    result.resume_token = batch.resume_token();
  }
  const absl::Status status = ToStatus(stream->Finish());
  if (!status.ok()) return status;
  if (!out) return absl::DataLossError("writing the file failed");
  return result;
}

}  // namespace inburgering::clients
