#include "server/event_service.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/errors.h"
#include "domain/journal.h"
#include "domain/status_macros.h"
#include "server/duo_mapping.h"

namespace inburgering::server {
namespace {

// How often a waiting stream asks whether its caller hung up.
constexpr absl::Duration kCallerCheck = absl::Milliseconds(50);

}  // namespace

grpc::Status EventServiceImpl::WatchEvents(grpc::ServerContext* context,
                                           const v1::WatchEventsRequest* request,
                                           grpc::ServerWriter<v1::Event>* writer) {
  return frame_.HandleStream(
      context, *request,
      [&](const domain::Caller& caller, domain::CallJournal& journal) -> absl::Status {
        domain::Violations v;
        domain::EventPosition after;
        if (!request->after_cursor().empty()) {
          v.Check(ParseEventCursor(request->after_cursor(), &after), "after_cursor",
                  "is not a cursor of this service: send an event's `cursor` as received");
        }
        domain::EventFilter filter;
        v.Check(request->municipalities_size() <= domain::kMaxEventMunicipalities, "municipalities",
                "at most 100");
        for (int i = 0; i < request->municipalities_size() && i < domain::kMaxEventMunicipalities;
             ++i) {
          const std::string& m = request->municipalities(i);
          if (v.Check(m.size() == 4 && std::all_of(m.begin(), m.end(), ::isdigit),
                      absl::StrCat("municipalities[", i, "]"), "must be a 4-digit CBS code")) {
            filter.municipalities.push_back(m);
          }
        }
        for (int i = 0; i < request->types_size() && i < 100; ++i) {
          domain::EventType type;
          if (EventTypeFromProto(request->types(i), absl::StrCat("types[", i, "]"), v, &type)) {
            filter.types.push_back(type);
          }
        }
        RETURN_IF_ERROR(v.ToStatus());
        RETURN_IF_ERROR(events_.Authorize(caller, filter));
        if (streams_.fetch_add(1) >= options_.max_streams) {
          streams_.fetch_sub(1);
          return domain::WithReason(
              absl::ResourceExhaustedError("too many event streams on this replica; retry later"),
              domain::reason::kLimitExceeded);
        }
        absl::Cleanup release = [this] { streams_.fetch_sub(1); };
        const domain::EventPosition start = after;
        int delivered = 0;
        absl::Status ended;
        while (!context->IsCancelled()) {
          if (notifier_.stopped()) {
            ended = domain::WithReason(
                absl::UnavailableError(
                    "the server is shutting down: reconnect with the last cursor received"),
                domain::reason::kServerShuttingDown);
            break;
          }
          const uint64_t seen = notifier_.generation();
          ASSIGN_OR_RETURN(std::vector<domain::Event> events,
                           events_.Read(filter, after, options_.batch_size));
          bool open = true;
          for (const domain::Event& e : events) {
            v1::Event out;
            EventToProto(e, &out);
            if (!writer->Write(out)) {
              open = false;  // the caller went away
              break;
            }
            after = e.position;
            ++delivered;
            journal.NoteSubject(e.client_id, e.municipality);
          }
          if (!open) break;
          if (static_cast<int>(events.size()) < options_.batch_size) {
            // Wait for new events in slices, asking between them whether the caller is still
            // there: a follower that hung up frees its slot within a slice, not after the whole
            // poll interval, so that its reconnection is not refused for a stream already gone.
            const absl::Time until = absl::Now() + options_.poll_interval;
            absl::Duration left = options_.poll_interval;
            while (notifier_.generation() == seen && !notifier_.stopped() &&
                   left > absl::ZeroDuration() && !context->IsCancelled()) {
              notifier_.WaitFor(seen, std::min(left, kCallerCheck));
              left = until - absl::Now();
            }
          }
        }
        // The audit record says which part of the log this stream disclosed.
        journal.NoteChanges(
            absl::StrCat("events: ", delivered, "; ",
                         domain::Change("cursor", EventCursor(start), EventCursor(after))));
        return ended;
      });
}

}  // namespace inburgering::server
