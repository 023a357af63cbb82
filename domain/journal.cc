#include "domain/journal.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "domain/ports.h"
#include "domain/status_macros.h"

namespace inburgering::domain {

absl::string_view GroupOf(absl::string_view operation) {
  static constexpr absl::string_view kEnforcement[] = {"RecordWarning",
                                                       "RecordFineIntention",
                                                       "RecordFineView",
                                                       "DecideFine",
                                                       "RecordFineObjection",
                                                       "DecideFineObjection",
                                                       "RecordBlameworthinessFinding"};
  static constexpr absl::string_view kDuoExchange[] = {
      "ListDuoReports",         "MarkDuoReportSent",          "ConfirmDuoReport",
      "IngestDuoSignal",        "BatchIngestDuoSignals",      "IssueProgrammeLateStatement",
      "DecideZRouteCompletion", "ReportExpectedNonCompletion"};
  static constexpr absl::string_view kReporting[] = {"GetIndicators", "GetCaseload",
                                                     "ListWorkItems", "GetProviderOutcomes"};
  static constexpr absl::string_view kProviders[] = {"CreateProvider",
                                                     "GetProvider",
                                                     "ListProviders",
                                                     "ListProviderEnrollments",
                                                     "BatchSubmitProviderReports",
                                                     "ListProviderReports"};
  static constexpr absl::string_view kPrivacy[] = {
      "ListProcessingRecords", "ExportProcessingRecords", "Purge", "PurgeProcessingRecords"};
  auto in = [&](const auto& names) {
    for (absl::string_view name : names) {
      if (name == operation) return true;
    }
    return false;
  };
  if (in(kEnforcement)) return "enforcement";
  if (in(kDuoExchange)) return "duo_exchange";
  if (absl::StrContains(operation, "CbsDeliver")) return "cbs_delivery";
  if (in(kReporting)) return "reporting";
  if (in(kPrivacy)) return "privacy";
  if (in(kProviders)) return "provider_exchange";
  return "intake_and_plan";
}

std::string LogbookSettings::ActivityOf(absl::string_view operation,
                                        absl::string_view municipality) const {
  const absl::string_view group = GroupOf(operation);
  for (const auto& [uris, key] :
       {std::pair{&activity_by_operation, operation}, std::pair{&activity_by_group, group}}) {
    if (auto it = uris->find(std::string(key)); it != uris->end()) {
      return absl::StrReplaceAll(it->second, {{"{municipality}", municipality}});
    }
  }
  return absl::StrCat("urn:inburgering:processing-activity:", group);
}

std::string LogbookSettings::ProcessorOf(absl::string_view caller_subject) const {
  if (auto it = processor_by_caller.find(std::string(caller_subject));
      it != processor_by_caller.end()) {
    return it->second;
  }
  return default_processor;
}

absl::string_view LdvStatusOf(absl::string_view result) {
  if (result == "OK") return "Ok";
  for (absl::string_view fault :
       {"INTERNAL", "UNKNOWN", "DATA_LOSS", "UNAVAILABLE", "DEADLINE_EXCEEDED"}) {
    if (result == fault) return "Error";
  }
  return "Unset";
}

std::string NewSpanId() {
  thread_local absl::BitGen gen;
  // Never zero: W3C reserves the all-zero span id as invalid.
  return absl::StrFormat("%016x", absl::Uniform<uint64_t>(gen, 1, UINT64_MAX));
}

std::string NewTraceId() { return absl::StrCat(NewSpanId(), NewSpanId()); }

Caller SystemCaller(absl::string_view subject) {
  Caller caller;
  caller.subject = std::string(subject);
  caller.trace_id = NewTraceId();
  caller.span_id = NewSpanId();
  return caller;
}

void CallJournal::NoteSubject(absl::string_view subject, absl::string_view in_municipality) {
  if (subject.empty() || !noted.emplace(subject).second) return;
  subjects.emplace_back(subject);
  if (!in_municipality.empty()) municipality_of[subject] = std::string(in_municipality);
}

void CallJournal::NoteChanges(absl::string_view more) { absl::StrAppend(&changes, more); }

void CallJournal::NoteObject(absl::string_view resource) { object = std::string(resource); }

void CallJournal::NoteReplay(absl::string_view subject) {
  NoteSubject(subject);
  NoteChanges("replay of the first request; ");
}

std::string Change(absl::string_view field, absl::string_view before, absl::string_view after) {
  if (before == after) return "";
  return absl::StrCat(field, ": ", before.empty() ? "-" : before, " -> ",
                      after.empty() ? "-" : after, "; ");
}

JournalEntries EntriesOf(const Caller& caller, const CallJournal& journal, absl::string_view result,
                         absl::Time now) {
  JournalEntries entries;
  AuditRecord& audit = entries.audit;
  audit.time = now;
  audit.trace_id = caller.trace_id;
  audit.span_id = caller.span_id;
  audit.request_id = caller.request_id;
  audit.actor = caller.subject;
  audit.origin = journal.origin;
  audit.action = journal.action;
  audit.municipality = journal.municipality;
  audit.object = journal.object;
  audit.result = std::string(result);
  audit.changes = journal.changes;
  entries.processing.reserve(journal.subjects.size());
  for (const std::string& subject : journal.subjects) {
    const auto own = journal.municipality_of.find(subject);
    entries.processing.push_back(ProcessingOf(
        caller, journal, result, now,
        own == journal.municipality_of.end() ? journal.municipality : own->second, subject));
  }
  return entries;
}

absl::Status WriteJournal(UnitOfWork& work, const Caller& caller, CallJournal& journal,
                          absl::string_view result, absl::Time now) {
  if (journal.written) return absl::OkStatus();
  JournalEntries entries = EntriesOf(caller, journal, result, now);
  RETURN_IF_ERROR(work.journal().Append(std::vector<AuditRecord>{std::move(entries.audit)}));
  if (!entries.processing.empty()) RETURN_IF_ERROR(work.journal().Append(entries.processing));
  journal.written = true;
  return absl::OkStatus();
}

ProcessingRecord ProcessingOf(const Caller& caller, const CallJournal& journal,
                              absl::string_view result, absl::Time now,
                              absl::string_view municipality, absl::string_view subject) {
  static const LogbookSettings kDefaults;
  const LogbookSettings& logbook = journal.logbook != nullptr ? *journal.logbook : kDefaults;
  ProcessingRecord record;
  record.time = now;
  record.start_time =
      journal.started == absl::InfinitePast() ? now : std::min(journal.started, now);
  record.trace_id = caller.trace_id;
  record.span_id = NewSpanId();
  record.parent_span_id = caller.span_id;
  record.operation_id = caller.request_id;
  record.activity = journal.action;
  record.status = std::string(result);
  record.ldv_status = std::string(LdvStatusOf(result));
  record.processing_activity_id = logbook.ActivityOf(journal.action, municipality);
  record.municipality = std::string(municipality);
  record.subject = journal.pseudonyms != nullptr ? journal.pseudonyms->Of(subject) : "";
  record.data_subject_id_type =
      journal.subjects_are_consultants ? kConsultantSubjectType : kClientSubjectType;
  if (!caller.foreign_span_id.empty()) {
    record.foreign_span_id = caller.foreign_span_id;
    record.foreign_processor = logbook.ProcessorOf(caller.subject);
  }
  record.resource = absl::StrCat("service.name=", logbook.service_name,
                                 ";service.version=", logbook.service_version);
  return record;
}

}  // namespace inburgering::domain
