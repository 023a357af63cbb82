#pragma once

// The audit trail and the processing log (Logboek Dataverwerkingen). Every RPC writes exactly one
// audit record (who did what to which object, with what result, from where, when, under which
// trace), and one processing record per data subject whose personal data it read or changed.
// A change writes both in its own transaction, before it commits (JournalChange); reads and
// refusals are journalled by the server's RPC frame afterwards. Subjects are pseudonymised with
// a keyed hash: no BSN or name is ever written here.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "domain/caller.h"
#include "domain/paging.h"
#include "domain/pseudonyms.h"

namespace inburgering::domain {

// Logboek Dataverwerkingen 1.0: how the service names itself and its processing activities in
// the records. The activity of an operation is a URI into the municipality's register of
// processing activities (AVG art. 30): by operation (the RPC's name) when configured, else by the
// operation's group (GroupOf), else the default URN of the group.
struct LogbookSettings {
  std::string service_name = "inburgering";
  std::string service_version;
  std::map<std::string, std::string> activity_by_operation;
  std::map<std::string, std::string> activity_by_group;
  // The calling parties (dpl.core.foreign_operation.processor): a URL by the caller's subject (a
  // system's token subject, e.g. the portal's), else `default_processor`; empty when neither.
  std::map<std::string, std::string> processor_by_caller;
  std::string default_processor;

  // `{municipality}` in a configured URI is replaced by `municipality` (one register each).
  std::string ActivityOf(absl::string_view operation, absl::string_view municipality) const;
  std::string ProcessorOf(absl::string_view caller_subject) const;
};

// The group of processing activities an operation belongs to: `intake_and_plan`, `enforcement`,
// `duo_exchange`, `cbs_delivery`, `reporting`, `privacy` (the processing log and retention),
// `provider_exchange` (the providers' register, their enrollments and reports).
absl::string_view GroupOf(absl::string_view operation);

// The LDV 1.0 status of a call that ended with the gRPC code named `result`: `Ok` for OK, `Error`
// for a fault of the service's own (INTERNAL, UNKNOWN, DATA_LOSS, UNAVAILABLE, DEADLINE_EXCEEDED),
// `Unset` for the rest (a refusal of the caller's input or rights is a processing without a fault).
absl::string_view LdvStatusOf(absl::string_view result);

// The types of the data subject ids in the records: the keyed pseudonym of a client or of a
// consultant (never a BSN).
inline constexpr char kClientSubjectType[] = "urn:inburgering:pseudonym:client";
inline constexpr char kConsultantSubjectType[] = "urn:inburgering:pseudonym:consultant";

// A fresh W3C span id: 16 lower-case hex digits, never all zero.
std::string NewSpanId();
// A fresh W3C trace id: 32 lower-case hex digits, never all zero (a processing without a trace
// starts one, LDV 1.0).
std::string NewTraceId();

// The caller of work the service starts itself (retention, jobs): `subject`, a new trace, a span.
Caller SystemCaller(absl::string_view subject);

// What one call did, filled while it runs: the frame opens it, the use cases note in it, and its
// audit and processing records are written in the call's transaction (WriteJournal) or, for reads
// and refusals, group-committed after it (persistence/journal_group_commit.h).
struct CallJournal {
  std::string action;                 // the RPC, e.g. `TrajectoryService/EstablishPlan`
  std::string origin;                 // the peer address
  std::string municipality;           // when known
  std::string object;                 // the resource name acted on, when known
  std::vector<std::string> subjects;  // ids of the clients (or consultants) whose data it processed
  bool subjects_are_consultants = false;                          // the consultants' own calls
  absl::flat_hash_map<std::string, std::string> municipality_of;  // subjects noted with theirs
  std::string changes;                        // key fields, `field: old -> new; ...` (changes only)
  absl::Time started = absl::InfinitePast();  // when the call began (the spans' start)
  const Pseudonyms* pseudonyms = nullptr;
  const LogbookSettings* logbook = nullptr;
  bool written = false;
  absl::flat_hash_set<std::string> noted;  // `subjects`, to note each once at any count  // set
                                           // once the records are in a transaction

  // A client (or consultant) whose data the call processed; each once. `municipality`: theirs,
  // when the call spans municipalities (an event stream); else the call's.
  void NoteSubject(absl::string_view subject, absl::string_view municipality = "");
  void NoteChanges(absl::string_view more);
  void NoteObject(absl::string_view resource);
  // The call replayed an earlier one (same request_id): its subject, and "replay" in the changes.
  void NoteReplay(absl::string_view subject);
};

struct AuditRecord {
  int64_t id = 0;
  absl::Time time;
  std::string trace_id;
  std::string span_id;  // the call's span: the parent of its processing records
  std::string request_id;
  std::string actor;
  std::string origin;
  std::string action;
  std::string municipality;
  std::string object;
  std::string result;  // the gRPC code's name
  std::string changes;
};

// One processing of one data subject's data: a span after Logboek Dataverwerkingen 1.0. Who did it
// is not here (the audit record of the same trace and parent span keeps that).
struct ProcessingRecord {
  int64_t id = 0;
  absl::Time time;        // the end (LDV end_time)
  absl::Time start_time;  // when the call began
  std::string trace_id;
  std::string span_id;                 // this record's own span
  std::string parent_span_id;          // the call's span (its audit record's span_id)
  std::string operation_id;            // the call's request id
  std::string activity;                // LDV `name`: the RPC
  std::string status;                  // the gRPC code's name
  std::string ldv_status;              // Unset, Ok or Error (LdvStatusOf)
  std::string processing_activity_id;  // the URI in the register
  std::string municipality;
  std::string subject;               // LDV data_subject_id: the pseudonym of the data subject
  std::string data_subject_id_type;  // kClientSubjectType or kConsultantSubjectType
  std::string foreign_span_id;       // the calling party's span (traceparent), when given
  std::string foreign_processor;     // the calling party, when known
  std::string resource;              // `service.name=...;service.version=...`
};

struct ProcessingFilter {
  std::string municipality;            // empty: all (admins)
  std::optional<std::string> subject;  // a pseudonym
  int64_t after_id = 0;                // the export: records after this id, oldest first
};

class JournalRepository {
 public:
  virtual ~JournalRepository() = default;
  // Many records in a few multi-row statements (a group commit writes the journals of many
  // calls; a list call processes a page of subjects).
  virtual absl::Status Append(const std::vector<AuditRecord>& records) = 0;
  virtual absl::Status Append(const std::vector<ProcessingRecord>& records) = 0;
  // Many records (a CBS delivery: one per person, up to a million), each filled in by `next`
  // until it returns false, written in that order without holding them all. In subject order they
  // cost least: the processing log's subject index then takes them in one pass.
  virtual absl::Status AppendAll(const std::function<bool(ProcessingRecord&)>& next) = 0;
  // Newest first.
  virtual absl::StatusOr<Page<ProcessingRecord>> ListProcessing(const ProcessingFilter& filter,
                                                                const PageRequest& page) = 0;
  // Oldest first, after `filter.after_id`, at most `limit`: the export to a central Logboek.
  virtual absl::StatusOr<std::vector<ProcessingRecord>> ExportProcessing(
      const ProcessingFilter& filter, int limit) = 0;
  virtual absl::StatusOr<std::vector<AuditRecord>> AuditOf(absl::string_view object) = 0;
  // Deletes the processing records that ended before `before` (moving the table's horizon, so that
  // nothing later can be deleted); returns how many.
  virtual absl::StatusOr<int64_t> PurgeProcessing(absl::Time before) = 0;
};

// `field: old -> new; ` when they differ, else nothing.
std::string Change(absl::string_view field, absl::string_view before, absl::string_view after);

class UnitOfWork;

// What a call's journal records with `result`: its audit record and a processing record per noted
// subject.
struct JournalEntries {
  AuditRecord audit;
  std::vector<ProcessingRecord> processing;
};
JournalEntries EntriesOf(const Caller& caller, const CallJournal& journal, absl::string_view result,
                         absl::Time now);

// Writes the call's audit record and processing records with `result` in `work`'s transaction
// and marks the journal written. No-op without a journal (use cases called outside an RPC).
absl::Status WriteJournal(UnitOfWork& work, const Caller& caller, CallJournal& journal,
                          absl::string_view result, absl::Time now);

// The processing record of `subject` (a client id, pseudonymised here) in `municipality` by the
// call: what WriteJournal writes per noted subject, for calls that write their own (the CBS
// delivery, one per person in chunks).
ProcessingRecord ProcessingOf(const Caller& caller, const CallJournal& journal,
                              absl::string_view result, absl::Time now,
                              absl::string_view municipality, absl::string_view subject);

}  // namespace inburgering::domain
