#include "server/rpc.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "domain/client.h"
#include "domain/status_macros.h"
#include "domain/validation.h"
#include "google/protobuf/descriptor.h"
#include "server/method_access.h"

namespace inburgering::server {
namespace {

// The value of the string field `name` of `message`, if it has one.
std::string StringField(const google::protobuf::Message& message, const char* name) {
  const auto* field = message.GetDescriptor()->FindFieldByName(name);
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return "";
  }
  return message.GetReflection()->GetString(message, field);
}

// The resource a request acts on: its `name`, else its `parent`, else the `name` of the resource
// it carries (UpdateX requests).
std::string ObjectOf(const google::protobuf::Message& request) {
  for (const char* field : {"name", "parent"}) {
    std::string value = StringField(request, field);
    if (!value.empty()) return value;
  }
  const auto* descriptor = request.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    if (field->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE && !field->is_repeated() &&
        request.GetReflection()->HasField(request, field)) {
      std::string value = StringField(request.GetReflection()->GetMessage(request, field), "name");
      if (!value.empty()) return value;
    }
  }
  return "";
}

bool IsLowerHex(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c)) ||
        absl::ascii_isupper(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

}  // namespace

domain::CallJournal RpcFrame::OpenJournal(const grpc::ServerContextBase& context,
                                          const google::protobuf::Message& request) const {
  domain::CallJournal journal;
  journal.action = request.GetDescriptor()->name();
  if (absl::EndsWith(journal.action, "Request")) {
    journal.action.resize(journal.action.size() - 7);
  }
  journal.origin = context.peer();
  // Only a well-formed name is recorded: request fields are untrusted and may hold anything, a
  // BSN in place of an id too (no id of ours has that shape).
  std::string object = ObjectOf(request);
  if (object.size() <= 256 && absl::StartsWith(object, "municipalities/") &&
      domain::IsCleanText(object, 256) && !domain::MayHoldBsn(object)) {
    journal.object = object;
    std::vector<absl::string_view> parts = absl::StrSplit(object, '/');
    if (parts.size() >= 2) journal.municipality = std::string(parts[1]);
  }
  journal.pseudonyms = &pseudonyms_;
  journal.logbook = &logbook_;
  journal.started = clock_.Now();
  return journal;
}

absl::Time RpcFrame::BudgetOf(const grpc::ServerContextBase& context) const {
  const absl::Time capped = absl::Now() + call_budget_;
  if (context.deadline() == std::chrono::system_clock::time_point::max()) return capped;
  return std::min(capped, absl::FromChrono(context.deadline()));
}

persistence::CallLane RpcFrame::LaneOf(const google::protobuf::Message& request) {
  return IsBulk(request.GetDescriptor()->name()) ? persistence::CallLane::kBulk
                                                 : persistence::CallLane::kPoint;
}

absl::Status RpcFrame::AuthorizeMethod(const domain::Caller& caller,
                                       const google::protobuf::Message& request) {
  const std::optional<domain::Access> access = AccessOf(request.GetDescriptor()->name());
  if (!access) return absl::InternalError("no access rule for this method (method_access.cc)");
  return domain::AuthorizeRole(caller, *access);
}

void RpcFrame::TraceOf(const grpc::ServerContextBase& context, domain::Caller& caller) {
  caller.span_id = domain::NewSpanId();
  caller.trace_id.clear();
  caller.foreign_span_id.clear();
  // traceparent = <2 hex version>-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>; a
  // trace or span id of zeros is invalid (W3C Trace Context, section 3.2.2).
  auto it = context.client_metadata().find("traceparent");
  if (it != context.client_metadata().end()) {
    std::vector<absl::string_view> parts =
        absl::StrSplit(absl::string_view(it->second.data(), it->second.size()), '-');
    if (parts.size() >= 4 && parts[0].size() == 2 && IsLowerHex(parts[0]) && parts[0] != "ff" &&
        parts[1].size() == 32 && IsLowerHex(parts[1]) && parts[1] != std::string(32, '0') &&
        parts[2].size() == 16 && IsLowerHex(parts[2]) && parts[2] != std::string(16, '0') &&
        parts[3].size() == 2 && IsLowerHex(parts[3]) && (parts[0] != "00" || parts.size() == 4)) {
      caller.trace_id = std::string(parts[1]);
      caller.foreign_span_id = std::string(parts[2]);
      return;
    }
  }
  caller.trace_id = domain::NewTraceId();
}

void RpcFrame::Forget(domain::CallJournal& journal, const absl::Status& status) {
  if (status.ok()) return;
  // A failed call committed nothing: records a use case wrote were rolled back with its
  // transaction, and its changes did not happen. Journal the refusal instead.
  journal.written = false;
  journal.changes.clear();
}

absl::Status RpcFrame::AfterJournal(const domain::Caller& caller, absl::Status status,
                                    const absl::Status& journaled) {
  if (journaled.ok()) return status;
  Log(LogLevel::kError, "cannot write the call's audit and processing records",
      {{"request_id", caller.request_id}, {"detail", std::string(journaled.message())}});
  // Data must not leave without its processing record.
  return status.ok() ? journaled : status;
}

grpc::Status RpcFrame::Answer(const domain::Caller& caller, const absl::Status& status) {
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown) {
    // Our messages hold no personal data (domain/errors.h); a driver's message never reaches here
    // (persistence/soci_errors.h).
    Log(LogLevel::kError, "server fault",
        {{"request_id", caller.request_id}, {"detail", std::string(status.message())}});
  }
  return ToGrpcStatus(status);
}

grpc::Status RpcFrame::Finish(const domain::Caller& caller, domain::CallJournal& journal,
                              absl::Status status) const {
  Forget(journal, status);
  if (!journal.written) {
    const std::string result = absl::StatusCodeToString(status.code());
    status = AfterJournal(caller, status, journals_.Write(caller, journal, result, clock_.Now()));
  }
  return Answer(caller, status);
}

void RpcFrame::FinishUnary(std::unique_ptr<UnaryCall> call) const {
  Forget(call->journal, call->status);
  CallAnnotations annotations;
  if (const CallAnnotations* current = CurrentCall(call->context)) annotations = *current;
  if (call->journal.written) {
    annotations.journaled = true;
    ResumedCall resumed(std::move(annotations));
    call->reactor->Finish(Answer(call->caller, call->status));
    return;
  }
  UnaryCall& ref = *call;
  journals_.WriteThen(
      ref.caller, ref.journal, absl::StatusCodeToString(ref.status.code()), clock_.Now(),
      [call = std::move(call),
       annotations = std::move(annotations)](const absl::Status& journaled) mutable {
        const absl::Status status = AfterJournal(call->caller, call->status, journaled);
        annotations.journaled = call->journal.written;
        // The answer's interceptors (the call log) run on this thread.
        ResumedCall resumed(std::move(annotations));
        call->reactor->Finish(Answer(call->caller, status));
      });
}

}  // namespace inburgering::server
