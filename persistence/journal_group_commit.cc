#include "persistence/journal_group_commit.h"

#include <algorithm>
#include <utility>

#include "domain/journal.h"
#include "domain/status_macros.h"

namespace inburgering::persistence {

JournalGroupCommit::~JournalGroupCommit() {
  std::thread writer;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    writer = std::move(writer_);
  }
  if (writer.joinable()) writer.join();
}

absl::Status JournalGroupCommit::Write(const domain::Caller& caller, domain::CallJournal& journal,
                                       absl::string_view result, absl::Time now) {
  Pending mine{&caller, &journal, std::string(result), now, absl::OkStatus(), false, nullptr};
  absl::MutexLock lock(&mu_);
  queue_.push_back(&mine);
  while (!mine.done) {
    if (writing_) {
      // Another call is committing: wait for it, then either we were in its batch or we lead.
      std::pair<const Pending*, const bool*> state(&mine, &writing_);
      mu_.Await(absl::Condition(
          +[](std::pair<const Pending*, const bool*>* s) { return s->first->done || !*s->second; },
          &state));
      continue;
    }
    CommitFront();
  }
  return mine.status;
}

void JournalGroupCommit::WriteThen(const domain::Caller& caller, domain::CallJournal& journal,
                                   std::string result, absl::Time now,
                                   absl::AnyInvocable<void(absl::Status) &&> then) {
  auto mine = std::make_unique<Pending>(
      Pending{&caller, &journal, std::move(result), now, absl::OkStatus(), false, std::move(then)});
  absl::MutexLock lock(&mu_);
  queue_.push_back(mine.release());  // deleted once its continuation has run
  if (!writer_.joinable()) writer_ = std::thread([this] { RunWriter(); });
}

void JournalGroupCommit::RunWriter() {
  absl::MutexLock lock(&mu_);
  while (true) {
    mu_.Await(absl::Condition(
        +[](JournalGroupCommit* self) ABSL_NO_THREAD_SAFETY_ANALYSIS {
          return (!self->writing_ && !self->queue_.empty()) ||
                 (self->stopping_ && self->queue_.empty() && !self->writing_);
        },
        this));
    if (queue_.empty()) return;  // stopping, and nothing is left to write
    CommitFront();
  }
}

void JournalGroupCommit::CommitFront() {
  writing_ = true;
  const size_t n = std::min(queue_.size(), kMaxBatch);
  std::vector<Pending*> batch(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
  mu_.Unlock();
  absl::Status status = Commit(batch);
  if (!status.ok() && batch.size() > 1) {
    for (Pending* p : batch) p->status = Commit({p});
  } else {
    for (Pending* p : batch) p->status = status;
  }
  std::vector<Pending*> waiting;
  for (Pending* p : batch) {
    if (!p->then) {
      waiting.push_back(p);
      continue;
    }
    std::move(p->then)(p->status);
    delete p;
  }
  mu_.Lock();
  for (Pending* p : waiting) p->done = true;
  writing_ = false;
}

absl::Status JournalGroupCommit::Commit(const std::vector<Pending*>& batch) {
  // The batch's records in two sets of multi-row inserts, not two statements a call.
  std::vector<domain::CallJournal*> journals;
  std::vector<domain::AuditRecord> audit;
  std::vector<domain::ProcessingRecord> processing;
  for (const Pending* p : batch) {
    if (p->journal->written) continue;
    journals.push_back(p->journal);
    domain::JournalEntries entries = domain::EntriesOf(*p->caller, *p->journal, p->result, p->now);
    audit.push_back(std::move(entries.audit));
    for (domain::ProcessingRecord& r : entries.processing) processing.push_back(std::move(r));
  }
  if (journals.empty()) return absl::OkStatus();
  // Rolled back on failure: nothing of the batch is written.
  RETURN_IF_ERROR(transactions_.Change([&](domain::UnitOfWork& work) -> absl::Status {
    RETURN_IF_ERROR(work.journal().Append(audit));
    return work.journal().Append(processing);
  }));
  for (domain::CallJournal* journal : journals) journal->written = true;
  commits_.fetch_add(1, std::memory_order_relaxed);
  journals_.fetch_add(static_cast<int64_t>(journals.size()), std::memory_order_relaxed);
  return absl::OkStatus();
}

}  // namespace inburgering::persistence
