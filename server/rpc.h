#pragma once

// The frame of every RPC handler: authenticate, check the caller's role may call the method,
// open the call's journal (audit trail and
// processing log), run the body, journal what the body did not (reads and refusals, in a
// transaction of their own shared with concurrent calls: a call is never answered without its
// records, committed), convert the status, and log the
// detail of server faults, which the caller only sees as INTERNAL.

#include <algorithm>
#include <exception>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "domain/caller.h"
#include "domain/clock.h"
#include "domain/journal.h"
#include "domain/ports.h"
#include "domain/pseudonyms.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "persistence/call_budget.h"
#include "persistence/journal_group_commit.h"
#include "server/authenticator.h"
#include "server/call_executor.h"
#include "server/call_log.h"
#include "server/logging.h"
#include "server/status_conversion.h"

namespace inburgering::server {

class RpcFrame {
 public:
  // `call_budget` caps how long a unary call may keep the database busy (its deadline, when
  // sooner, wins): persistence/call_budget.h. Reads on the callback API run on `threads` threads
  // (as many as the database has sessions), lists and reports on `bulk_threads` of their own (as
  // many as the bulk lane may hold), so that they never hold up point reads; changes on up to
  // `max_queued` threads of their own (HandleChange); at most `max_queued` calls wait in each.
  RpcFrame(const Authenticator& authenticator, domain::TransactionManager& transactions,
           const domain::Clock& clock, const domain::Pseudonyms& pseudonyms,
           const domain::LogbookSettings& logbook, absl::Duration call_budget, int threads,
           int bulk_threads, int max_queued)
      : authenticator_(authenticator),
        journals_(transactions),
        clock_(clock),
        pseudonyms_(pseudonyms),
        logbook_(logbook),
        call_budget_(call_budget),
        point_calls_(threads, max_queued),
        bulk_calls_(bulk_threads, max_queued),
        changes_(std::min(threads, max_queued), max_queued, max_queued) {}

  // The group commit of reads' and refusals' journals (for the metrics).
  const persistence::JournalGroupCommit& journals() const { return journals_; }

  // A read: `body` is called as absl::Status(const domain::Caller&, domain::CallJournal&) only for
  // an authenticated caller who may call the method, under the call's database budget (which
  // covers the body's work, not the journal of its outcome); the use cases note in the journal
  // what the call processed and changed. No thread waits for it: gRPC's thread hands the call to
  // an executor (of its lane), whose thread runs the body (and waits on the database when it
  // must); the journal then joins the next group commit, and the thread that made it durable
  // answers. `body` is kept until then: it must capture by value (the request and
  // response pointers, not references to them). A call that finds the executor's queue full is
  // refused RESOURCE_EXHAUSTED at once (reason LIMIT_EXCEEDED, with RetryInfo), unjournaled:
  // shedding must cost less than serving.
  template <typename Body>
  grpc::ServerUnaryReactor* HandleUnary(grpc::CallbackServerContext* context,
                                        const google::protobuf::Message& request, Body body) const {
    return Dispatch(LaneOf(request) == persistence::CallLane::kBulk ? bulk_calls_ : point_calls_,
                    context, request, std::move(body));
  }

  // A change on gRPC's callback API: as HandleUnary, on an executor of its own that starts
  // threads as changes arrive, up to `max_queued` at once (and as many more waiting): a change
  // waits for its durable commit on its thread, and the changes waiting together share one
  // (SQLite's change queue), so they need more threads than the database has sessions. Its
  // journal is in its own transaction, so its answer leaves from that thread.
  template <typename Body>
  grpc::ServerUnaryReactor* HandleChange(grpc::CallbackServerContext* context,
                                         const google::protobuf::Message& request,
                                         Body body) const {
    return Dispatch(changes_, context, request, std::move(body));
  }

  // A server stream (events, the CBS delivery, the processing-log export): as HandleUnary, on
  // gRPC's synchronous server and without the per-call budget (a stream lives long by design; its
  // own limits bound it).
  template <typename Body>
  grpc::Status HandleStream(grpc::ServerContext* context, const google::protobuf::Message& request,
                            Body&& body) const {
    return Run(context, request, std::forward<Body>(body));
  }

 private:
  // A callback call between its handler and its answer.
  struct UnaryCall {
    UnaryCall(grpc::CallbackServerContext* call_context, grpc::ServerUnaryReactor* call_reactor,
              domain::CallJournal opened)
        : context(call_context), reactor(call_reactor), journal(std::move(opened)) {}
    grpc::CallbackServerContext* context;
    grpc::ServerUnaryReactor* reactor;
    absl::Time deadline;
    CallAnnotations annotations;
    domain::Caller caller;
    domain::CallJournal journal;
    absl::Status status;
  };

  template <typename Body>
  grpc::ServerUnaryReactor* Dispatch(CallExecutor& executor, grpc::CallbackServerContext* context,
                                     const google::protobuf::Message& request, Body body) const {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    auto call = std::make_unique<UnaryCall>(context, reactor, OpenJournal(*context, request));
    call->deadline = BudgetOf(*context);
    if (const CallAnnotations* current = CurrentCall(context)) call->annotations = *current;
    const persistence::CallLane lane = LaneOf(request);
    absl::AnyInvocable<void()&&> task = [this, lane, &request, call = std::move(call),
                                         body = std::move(body)]() mutable {
      // The call log's annotations of this call, on this thread while it is served.
      ResumedCall resumed(call->annotations);
      call->status = Serve(call->context, request, call->caller, call->journal,
                           [&](const domain::Caller& caller, domain::CallJournal& journal) {
                             persistence::ScopedCallBudget budget(call->deadline, lane);
                             return body(caller, journal);
                           });
      FinishUnary(std::move(call));
    };
    if (!executor.Post(task)) {
      reactor->Finish(ToGrpcStatus(
          absl::ResourceExhaustedError("too many calls waiting on this replica; retry later")));
    }
    return reactor;
  }

  template <typename Body>
  grpc::Status Run(grpc::ServerContext* context, const google::protobuf::Message& request,
                   Body&& body) const {
    domain::CallJournal journal = OpenJournal(*context, request);
    domain::Caller caller;
    const absl::Status status = Serve(context, request, caller, journal, std::forward<Body>(body));
    grpc::Status answer = Finish(caller, journal, status);
    if (CallAnnotations* call = CurrentCall(context)) call->journaled = journal.written;
    return answer;
  }

  // Authenticates `caller`, checks the method is theirs, and runs the body.
  template <typename Body>
  absl::Status Serve(const grpc::ServerContextBase* context,
                     const google::protobuf::Message& request, domain::Caller& caller,
                     domain::CallJournal& journal, Body&& body) const {
    absl::Status status;
    try {
      absl::StatusOr<domain::Caller> authenticated = authenticator_.Authenticate(*context);
      status = authenticated.status();
      if (authenticated.ok()) caller = *std::move(authenticated);
      caller.request_id = RequestIdOf(context);
      TraceOf(*context, caller);
      if (CallAnnotations* call = CurrentCall(context)) {
        call->caller = caller.subject;
        call->trace_id = caller.trace_id;
        call->handled = true;
      }
      if (status.ok()) status = AuthorizeMethod(caller, request);
      if (status.ok()) status = std::forward<Body>(body)(caller, journal);
    } catch (const std::exception& e) {
      status = absl::InternalError(e.what());
    }
    return status;
  }

  // The call's deadline, or now + call_budget_ when that is sooner.
  absl::Time BudgetOf(const grpc::ServerContextBase& context) const;
  static persistence::CallLane LaneOf(const google::protobuf::Message& request);
  domain::CallJournal OpenJournal(const grpc::ServerContextBase& context,
                                  const google::protobuf::Message& request) const;
  // W3C Trace Context: the trace id and the calling party's span from `traceparent` (a fresh trace
  // without one, or with a malformed one), and a fresh span for the call itself.
  static void TraceOf(const grpc::ServerContextBase& context, domain::Caller& caller);
  // Who may call this RPC at all (server/method_access.h), before its request is validated.
  static absl::Status AuthorizeMethod(const domain::Caller& caller,
                                      const google::protobuf::Message& request);
  // Journals the call unless its change did (a refusal, a read), then answers it.
  grpc::Status Finish(const domain::Caller& caller, domain::CallJournal& journal,
                      absl::Status status) const;
  // Finish for a callback call: its journal is written by the group commit's thread, which
  // answers it.
  void FinishUnary(std::unique_ptr<UnaryCall> call) const;
  // A refused call's changes did not happen, and its records went with them.
  static void Forget(domain::CallJournal& journal, const absl::Status& status);
  // The status to answer once the journal was written (`journaled`): a call whose records could
  // not be written fails.
  static absl::Status AfterJournal(const domain::Caller& caller, absl::Status status,
                                   const absl::Status& journaled);
  // The answer: server faults are logged with their detail, which the caller never sees.
  static grpc::Status Answer(const domain::Caller& caller, const absl::Status& status);

  const Authenticator& authenticator_;
  // Reads and refusals: group commit (many calls' records in one transaction).
  mutable persistence::JournalGroupCommit journals_;
  const domain::Clock& clock_;
  const domain::Pseudonyms& pseudonyms_;
  const domain::LogbookSettings& logbook_;
  const absl::Duration call_budget_;
  // Declared after journals_: destroyed first, their last calls' journals still written.
  mutable CallExecutor point_calls_;
  mutable CallExecutor bulk_calls_;
  mutable CallExecutor changes_;
};

}  // namespace inburgering::server
