#include "domain/journal.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/ports.h"
#include "domain/status_macros.h"

namespace inburgering::domain {

void CallJournal::NoteSubject(absl::string_view subject) {
  if (subject.empty()) return;
  if (std::find(subjects.begin(), subjects.end(), subject) == subjects.end()) {
    subjects.emplace_back(subject);
  }
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

absl::Status WriteJournal(UnitOfWork& work, const Caller& caller, CallJournal& call,
                          absl::string_view result, absl::Time now) {
  CallJournal* journal = &call;
  if (journal->written) return absl::OkStatus();
  AuditRecord audit;
  audit.time = now;
  audit.trace_id = caller.trace_id;
  audit.request_id = caller.request_id;
  audit.actor = caller.subject;
  audit.origin = journal->origin;
  audit.action = journal->action;
  audit.municipality = journal->municipality;
  audit.object = journal->object;
  audit.result = std::string(result);
  audit.changes = journal->changes;
  RETURN_IF_ERROR(work.journal().Append(audit));
  std::vector<ProcessingRecord> records;
  records.reserve(journal->subjects.size());
  for (const std::string& subject : journal->subjects) {
    records.push_back(ProcessingOf(caller, *journal, result, now, journal->municipality, subject));
  }
  if (!records.empty()) RETURN_IF_ERROR(work.journal().Append(records));
  journal->written = true;
  return absl::OkStatus();
}

ProcessingRecord ProcessingOf(const Caller& caller, const CallJournal& journal,
                              absl::string_view result, absl::Time now,
                              absl::string_view municipality, absl::string_view subject) {
  ProcessingRecord record;
  record.time = now;
  record.trace_id = caller.trace_id;
  record.operation_id = caller.request_id;
  record.activity = journal.action;
  record.status = std::string(result);
  record.actor = caller.subject;
  record.municipality = std::string(municipality);
  record.subject = journal.pseudonyms != nullptr ? journal.pseudonyms->Of(subject) : "";
  return record;
}

}  // namespace inburgering::domain
