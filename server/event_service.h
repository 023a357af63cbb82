#pragma once

// inburgering.v1.EventService: the event log as a server stream with a resume cursor. Each
// stream holds one of the server's worker threads, so their number is capped
// (RESOURCE_EXHAUSTED beyond); a stream ends with UNAVAILABLE when the server shuts down.

#include <atomic>

#include "absl/time/time.h"
#include "domain/event_use_cases.h"
#include "inburgering/v1/event_service.grpc.pb.h"
#include "server/event_notifier.h"
#include "server/rpc.h"

namespace inburgering::server {

struct EventStreamOptions {
  int max_streams = 8;
  // How often a stream looks for events other replicas committed.
  absl::Duration poll_interval = absl::Milliseconds(500);
  int batch_size = 200;
};

class EventServiceImpl final : public v1::EventService::Service {
 public:
  EventServiceImpl(domain::EventUseCases& events, const RpcFrame& frame,
                   const EventNotifier& notifier, EventStreamOptions options)
      : events_(events), frame_(frame), notifier_(notifier), options_(options) {}

  grpc::Status WatchEvents(grpc::ServerContext* context, const v1::WatchEventsRequest* request,
                           grpc::ServerWriter<v1::Event>* writer) override;

  int open_streams() const { return streams_.load(); }

 private:
  domain::EventUseCases& events_;
  const RpcFrame& frame_;
  const EventNotifier& notifier_;
  const EventStreamOptions options_;
  std::atomic<int> streams_{0};
};

}  // namespace inburgering::server
