#pragma once

// Request and response of a callback method on one protobuf arena: a case file's response, or a
// page of 50 clients, is some hundred strings and messages, each otherwise a malloc and a free of
// its own.

#include <cstddef>

#include "google/protobuf/arena.h"
#include "grpcpp/support/message_allocator.h"

namespace inburgering::server {

template <typename Request, typename Response>
class ArenaMessages final : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override { return new Holder(); }

 private:
  // The arena's first block is big enough for a whole case file (its answer is about 6 KB on the
  // wire, and more in memory); later blocks come as needed (a page of clients takes a few).
  static constexpr size_t kFirstBlock = size_t{32} * 1024;

  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() : arena_(Options()) {
      this->set_request(google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    void Release() override { delete this; }

   private:
    static google::protobuf::ArenaOptions Options() {
      google::protobuf::ArenaOptions options;
      options.start_block_size = kFirstBlock;
      return options;
    }
    google::protobuf::Arena arena_;
  };
};

}  // namespace inburgering::server
