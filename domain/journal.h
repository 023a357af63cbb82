#pragma once

// The audit trail and the processing log (Logboek Dataverwerkingen). Every RPC writes exactly one
// audit record (who did what to which object, with what result, from where, when, under which
// trace), and one processing record per data subject whose personal data it read or changed.
// A change writes both in its own transaction, before it commits (JournalChange); reads and
// refusals are journalled by the server's RPC frame afterwards. Subjects are pseudonymised with
// a keyed hash: no BSN or name is ever written here.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "domain/caller.h"
#include "domain/paging.h"
#include "domain/pseudonyms.h"

namespace inburgering::domain {

// What one call did, filled while it runs: the frame opens it, the use cases note in it, and its
// audit and processing records are written in the call's transaction (WriteJournal) or, for reads
// and refusals, group-committed after it (persistence/journal_group_commit.h).
struct CallJournal {
  std::string action;                 // the RPC, e.g. `TrajectoryService/EstablishPlan`
  std::string origin;                 // the peer address
  std::string municipality;           // when known
  std::string object;                 // the resource name acted on, when known
  std::vector<std::string> subjects;  // ids of the clients (or consultants) whose data it processed
  std::string changes;                // key fields, `field: old -> new; ...` (changes only)
  const Pseudonyms* pseudonyms = nullptr;
  bool written = false;  // set once the records are in a transaction

  // A client (or consultant) whose data the call processed; each once.
  void NoteSubject(absl::string_view subject);
  void NoteChanges(absl::string_view more);
  void NoteObject(absl::string_view resource);
  // The call replayed an earlier one (same request_id): its subject, and "replay" in the changes.
  void NoteReplay(absl::string_view subject);
};

struct AuditRecord {
  int64_t id = 0;
  absl::Time time;
  std::string trace_id;
  std::string request_id;
  std::string actor;
  std::string origin;
  std::string action;
  std::string municipality;
  std::string object;
  std::string result;  // the gRPC code's name
  std::string changes;
};

struct ProcessingRecord {
  int64_t id = 0;
  absl::Time time;
  std::string trace_id;
  std::string operation_id;  // the call's request id
  std::string activity;      // the processing activity: the RPC
  std::string status;        // the gRPC code's name
  std::string actor;
  std::string municipality;
  std::string subject;  // pseudonym of the data subject
};

struct ProcessingFilter {
  std::string municipality;            // empty: all (admins)
  std::optional<std::string> subject;  // a pseudonym
};

class JournalRepository {
 public:
  virtual ~JournalRepository() = default;
  virtual absl::Status Append(const AuditRecord& record) = 0;
  // One statement prepared for all of them (a list call processes a page of subjects).
  virtual absl::Status Append(const std::vector<ProcessingRecord>& records) = 0;
  // Newest first.
  virtual absl::StatusOr<Page<ProcessingRecord>> ListProcessing(const ProcessingFilter& filter,
                                                                const PageRequest& page) = 0;
  virtual absl::StatusOr<std::vector<AuditRecord>> AuditOf(absl::string_view object) = 0;
};

// `field: old -> new; ` when they differ, else nothing.
std::string Change(absl::string_view field, absl::string_view before, absl::string_view after);

class UnitOfWork;

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
