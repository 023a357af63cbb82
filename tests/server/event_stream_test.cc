// WatchEvents through the real server, on SQLite and PostgreSQL: a follower that disconnects
// mid-stream and resumes with its cursor while changes keep committing misses nothing and sees
// nothing twice; filters, permissions and shutdown.

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/duo_mapping.h"
#include "server/logging.h"
#include "tests/testing/scenario.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::CallerContext;
using ::inburgering::testing::ClientRequest;
using ::inburgering::testing::DecodeError;
using ::inburgering::testing::Ok;
using ::inburgering::testing::ProtoDate;
using ::inburgering::testing::Scenario;
using ::inburgering::testing::SeriesBsn;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class EventStreamTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  EventStreamTest() : s_(GetParam()) { s_.Today(2025, 3, 1); }

  static std::unique_ptr<grpc::ClientContext> Follower(const std::string& municipalities = "0303") {
    return CallerContext("integration", municipalities, "benefits-system");
  }

  // Registers a client in `municipality` (one CLIENT_REGISTERED event).
  void Register(int n, const std::string& municipality = "0303") {
    v1::CreateClientRequest request = ClientRequest(SeriesBsn(n));
    request.set_parent(absl::StrCat("municipalities/", municipality));
    v1::Client client;
    const grpc::Status status = s_.clients().CreateClient(
        CallerContext("consultant", municipality).get(), request, &client);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  Scenario s_;
};

TEST_P(EventStreamTest, AFollowerThatReconnectsWithItsCursorMissesNothingAndSeesNothingTwice) {
  // Three writers at once: on PostgreSQL their transactions commit in another order than they
  // draw their events' sequence numbers.
  constexpr int kWriters = 3, kClients = 60;
  std::vector<std::thread> writers;
  writers.reserve(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = w; i < kClients; i += kWriters) Register(i);
    });
  }
  std::vector<v1::Event> received;
  std::string cursor;
  int connections = 0, refused = 0;
  while (static_cast<int>(received.size()) < kClients && connections < 20 && refused < 5) {
    ++connections;
    auto context = Follower();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::WatchEventsRequest request;
    request.set_after_cursor(cursor);
    auto stream = s_.events().WatchEvents(context.get(), request);
    v1::Event event;
    int this_connection = 0;
    bool ended = false;  // by the server
    // Each connection hangs up after a few events, mid-stream, as a flaky follower would.
    while (static_cast<int>(received.size()) < kClients && this_connection < 7) {
      if (!stream->Read(&event)) {
        ended = true;
        break;
      }
      received.push_back(event);
      cursor = event.cursor();
      ++this_connection;
    }
    if (!ended) context->TryCancel();
    const grpc::Status status = stream->Finish();
    if (ended) {
      // The server frees a stream's slot within 50 ms of its follower hanging up; a follower
      // back sooner than that while eight are open is refused, and waits as it is told.
      const bool refusal =
          status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED && this_connection == 0;
      EXPECT_TRUE(refusal) << status.error_code() << " " << status.error_message();
      if (!refusal) break;  // the writers are joined below
      ++refused;
      --connections;
      absl::SleepFor(DecodeError(status).retry_delay.value_or(absl::Seconds(1)));
    }
  }
  for (std::thread& w : writers) w.join();
  ASSERT_EQ(static_cast<int>(received.size()), kClients);
  EXPECT_GT(connections, 5);
  std::set<std::string> clients;
  domain::EventPosition previous;
  for (const v1::Event& e : received) {
    EXPECT_EQ(e.type(), v1::EVENT_TYPE_CLIENT_REGISTERED);
    clients.insert(e.client());
    domain::EventPosition position;
    ASSERT_TRUE(ParseEventCursor(e.cursor(), &position)) << e.cursor();
    EXPECT_TRUE(previous < position) << e.cursor();
    previous = position;
  }
  EXPECT_EQ(clients.size(), static_cast<size_t>(kClients));  // no duplicates, no gaps
}

// A stream waiting for events notices within a moment that its follower hung up, so the
// follower's reconnection gets the slot, even with one slot and a poll interval of a minute.
TEST(EventStreamSlotTest, AFollowerThatHangsUpFreesItsSlotForItsReconnection) {
  server::ServerConfig config = ::inburgering::testing::TestServer::DefaultConfig();
  config.event_streams.max_streams = 1;
  config.event_streams.poll_interval = absl::Minutes(1);
  Scenario s(persistence::Backend::kSqlite, config);
  s.NewClient(SeriesBsn(1), v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6));
  auto follow = [&s](grpc::ClientContext& context) {
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    return s.events().WatchEvents(&context, v1::WatchEventsRequest());
  };
  v1::Event event;
  {
    auto context = CallerContext("integration", "0303", "benefits-system");
    auto stream = follow(*context);
    ASSERT_TRUE(stream->Read(&event));  // served: the stream now waits for more
    context->TryCancel();
    stream->Finish();
  }
  bool served = false;
  int refused = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!served && std::chrono::steady_clock::now() < give_up) {
    auto context = CallerContext("integration", "0303", "benefits-system");
    auto stream = follow(*context);
    served = stream->Read(&event);
    if (served) context->TryCancel();
    const grpc::Status status = stream->Finish();
    if (!served) {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
          << status.error_message();
      ++refused;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  EXPECT_TRUE(served) << "refused " << refused << " times in 3 s";
}

TEST_P(EventStreamTest, FiltersByTypeAndMunicipality) {
  Register(1);
  Register(2, "0050");
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient(SeriesBsn(3), v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6)));
  ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 2, 24)), Ok());
  ASSERT_THAT(s_.Close(file, v1::CLOSURE_REASON_MOVED, ProtoDate(2025, 2, 28)), Ok());

  auto context = CallerContext("integration", "0303,0050", "benefits-system");
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  v1::WatchEventsRequest request;
  request.add_municipalities("0303");
  request.add_types(v1::EVENT_TYPE_PLAN_ESTABLISHED);
  request.add_types(v1::EVENT_TYPE_TRAJECTORY_CLOSED);
  request.add_types(v1::EVENT_TYPE_CLIENT_REGISTERED);
  auto stream = s_.events().WatchEvents(context.get(), request);
  std::vector<v1::EventType> types;
  v1::Event event, plan;
  while (stream->Read(&event)) {  // until the deadline: nothing else may arrive
    types.push_back(event.type());
    if (event.type() == v1::EVENT_TYPE_PLAN_ESTABLISHED) plan = event;
  }
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_THAT(types,
              ElementsAre(v1::EVENT_TYPE_CLIENT_REGISTERED, v1::EVENT_TYPE_CLIENT_REGISTERED,
                          v1::EVENT_TYPE_PLAN_ESTABLISHED, v1::EVENT_TYPE_TRAJECTORY_CLOSED));
  EXPECT_EQ(plan.trajectory(), file.trajectory().name());
  EXPECT_EQ(plan.client(), file.client().name());
  EXPECT_EQ(plan.route(), v1::LEARNING_ROUTE_B1);
  EXPECT_EQ(plan.ontzorgen_reference(), "PW-2025-0042");
  EXPECT_EQ(plan.date().day(), 24);
  EXPECT_EQ(plan.plan_version(), 1);
}

TEST_P(EventStreamTest, OnlyFollowersOfTheirOwnMunicipalities) {
  v1::WatchEventsRequest request;
  v1::Event event;
  auto consultant = CallerContext("consultant", "0303");
  EXPECT_EQ(s_.events().WatchEvents(consultant.get(), request)->Finish().error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  auto citizen = CallerContext("citizen", "0303");
  EXPECT_EQ(s_.events().WatchEvents(citizen.get(), request)->Finish().error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  request.add_municipalities("0303");
  auto other = Follower("0050");
  EXPECT_EQ(s_.events().WatchEvents(other.get(), request)->Finish().error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_after_cursor("yesterday");
  auto bad = Follower();
  const auto error = DecodeError(s_.events().WatchEvents(bad.get(), request)->Finish());
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(error.fields(), ElementsAre("after_cursor"));
}

TEST_P(EventStreamTest, ShutdownEndsAStreamWithUnavailable) {
  Register(1);
  auto context = Follower();
  v1::WatchEventsRequest request;
  auto stream = s_.events().WatchEvents(context.get(), request);
  v1::Event event;
  ASSERT_TRUE(stream->Read(&event));
  std::thread stopper([&] { s_.server().app().Shutdown(); });
  EXPECT_FALSE(stream->Read(&event));
  const auto error = DecodeError(stream->Finish());
  EXPECT_EQ(error.code, grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(error.reason, "SERVER_SHUTTING_DOWN");  // not the database's fault
  stopper.join();
}

// A stream the caller's deadline ended is logged and counted as DEADLINE_EXCEEDED, as the caller
// saw it, not as the OK the handler returned when it noticed.
TEST_P(EventStreamTest, AStreamEndedByTheCallersDeadlineIsLoggedAsSuch) {
  std::string logs;
  SetLogObserverForTesting([&](absl::string_view line) {
    if (absl::StrContains(line, "WatchEvents")) logs.append(line.data(), line.size());
  });
  auto context = Follower();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
  v1::WatchEventsRequest request;
  auto stream = s_.events().WatchEvents(context.get(), request);
  v1::Event event;
  while (stream->Read(&event)) {
  }
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  for (int i = 0; i < 100 && !absl::StrContains(logs, "\"code\""); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  SetLogObserverForTesting(nullptr);
  EXPECT_THAT(logs, HasSubstr("\"code\":\"DEADLINE_EXCEEDED\""));
}

INSTANTIATE_TEST_SUITE_P(Backends, EventStreamTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

}  // namespace
}  // namespace inburgering::server
