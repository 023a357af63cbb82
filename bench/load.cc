// inburgering-bench-load: a closed-loop load driver on gRPC's async API. It keeps --inflight
// calls open on each of --channels channels for --seconds, and prints one JSON line: calls per
// second, latency percentiles, and the count of every status code (an error is never counted as
// a success, unlike h2load). Requests are serialized before the clock starts and responses are
// not parsed, so the driver spends its CPU on the transport only.
//
// Workloads:
//   health      grpc.health.v1.Health/Check: the empty call, the baseline of every ratio
//   casefile    TrajectoryService/GetCaseFile of a random name from --names
//   list        ClientService/ListClients, 50 per page, the first page
//   list_deep   ListClients, pages from the end of the list (--tokens: page tokens, one per line)
//   write       ClientService/CreateClient: a new client per call (a durable state change with
//               its audit, processing-log and outbox rows)
//   indicators  ReportingService/GetIndicators of --year
//   rest_casefile  GET /api/v1/{name}/caseFile of a random name from --names through the REST
//               gateway (--target is its host:port): --channels x --inflight HTTP/1.1 keep-alive
//               connections, one blocking thread each; "OK" counts HTTP 200

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "httplib.h"
#include "inburgering/v1/client_service.pb.h"
#include "inburgering/v1/reporting_service.pb.h"
#include "inburgering/v1/trajectory_service.pb.h"

namespace {

namespace v1 = inburgering::v1;

struct Options {
  std::string target;
  std::string workload = "health";
  double seconds = 5;
  int channels = 2;
  int inflight = 16;
  std::string names_file;
  std::string tokens_file;
  int year = 0;
  int64_t bsn_base = 50000000;
  std::string roles = "consultant";
  std::string municipalities = "0303";
  std::string token;
  double deadline_ms = 10000;
};

grpc::ByteBuffer Serialize(const google::protobuf::Message& message) {
  const std::string bytes = message.SerializeAsString();
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// A valid BSN (eleven-test) for n, or "" when n has no valid check digit.
std::string Bsn(int64_t n) {
  const std::string digits = absl::StrFormat("%08d", n % 100000000);
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (digits[i] - '0') * (9 - i);
  // A check digit of 10 cannot be written; a weighted total of 0 is not a BSN.
  return sum % 11 == 10 || sum == sum % 11 ? "" : absl::StrCat(digits, sum % 11);
}

// What one call sends: the method and a request, made fresh for each call (cheap: a copy of a
// prepared buffer, or a new CreateClient).
class Workload {
 public:
  explicit Workload(const Options& o) : options_(o) {
    if (o.workload == "health") {
      method_ = "/grpc.health.v1.Health/Check";
      prepared_.push_back(Serialize(grpc::health::v1::HealthCheckRequest()));
    } else if (o.workload == "casefile") {
      method_ = "/inburgering.v1.TrajectoryService/GetCaseFile";
      for (const std::string& name : ReadLines(o.names_file)) {
        v1::GetCaseFileRequest r;
        r.set_name(name);
        prepared_.push_back(Serialize(r));
      }
    } else if (o.workload == "list" || o.workload == "list_deep") {
      method_ = "/inburgering.v1.ClientService/ListClients";
      std::vector<std::string> tokens = {""};
      if (o.workload == "list_deep") tokens = ReadLines(o.tokens_file);
      for (const std::string& token : tokens) {
        v1::ListClientsRequest r;
        r.set_parent("municipalities/0303");
        r.set_page_size(50);
        r.set_page_token(token);
        prepared_.push_back(Serialize(r));
      }
    } else if (o.workload == "indicators") {
      method_ = "/inburgering.v1.ReportingService/GetIndicators";
      v1::GetIndicatorsRequest r;
      r.set_parent("municipalities/0303");
      r.set_year(o.year);
      prepared_.push_back(Serialize(r));
    } else if (o.workload == "write") {
      method_ = "/inburgering.v1.ClientService/CreateClient";
      next_bsn_ = o.bsn_base;
    }
  }

  bool valid() const { return !method_.empty() && (write() || !prepared_.empty()); }
  bool write() const { return options_.workload == "write"; }
  const std::string& method() const { return method_; }

  grpc::ByteBuffer Next(std::mt19937_64& random) {
    if (!write()) {
      return prepared_[std::uniform_int_distribution<size_t>(0, prepared_.size() - 1)(random)];
    }
    std::string bsn;
    while (bsn.empty()) bsn = Bsn(next_bsn_.fetch_add(1));
    v1::CreateClientRequest r;
    r.set_parent("municipalities/0303");
    v1::Client* c = r.mutable_client();
    c->set_bsn(bsn);
    c->set_given_names("Bench");
    c->set_family_name(absl::StrCat("Load ", bsn.substr(4)));
    c->mutable_birth_date()->set_year(1990);
    c->mutable_birth_date()->set_month(1);
    c->mutable_birth_date()->set_day(1);
    c->set_target_group(v1::TARGET_GROUP_FAMILY_MIGRANT);
    c->set_regime(v1::REGIME_WI2021);
    c->set_source(v1::REGISTRATION_SOURCE_DUO_NOTICE);
    return Serialize(r);
  }

 private:
  const Options& options_;
  std::string method_;
  std::vector<grpc::ByteBuffer> prepared_;
  std::atomic<int64_t> next_bsn_{0};
};

// One call in flight: its context, buffers and start time; restarted when it completes.
struct Slot {
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Time started;
};

struct Tally {
  std::map<std::string, int64_t> codes;
  std::vector<float> latencies_us;
};

// Drives one channel's slots on its own completion queue until `end`.
void RunChannel(const Options& o, Workload& workload, const std::shared_ptr<grpc::Channel>& channel,
                absl::Time end, uint64_t seed, Tally& tally) {
  grpc::GenericStub generic(channel);
  grpc::CompletionQueue cq;
  std::mt19937_64 random(seed);
  std::vector<Slot> slots(static_cast<size_t>(o.inflight));
  auto start = [&](Slot& slot) {
    slot.context = std::make_unique<grpc::ClientContext>();
    if (!o.token.empty()) slot.context->AddMetadata("authorization", "Bearer " + o.token);
    if (!o.roles.empty()) {
      slot.context->AddMetadata("x-dev-roles", o.roles);
      slot.context->AddMetadata("x-dev-municipalities", o.municipalities);
      slot.context->AddMetadata("x-dev-subject", "bench");
    }
    slot.context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Milliseconds(o.deadline_ms)));
    slot.started = absl::Now();
    grpc::ByteBuffer request = workload.Next(random);
    slot.reader = generic.PrepareUnaryCall(slot.context.get(), workload.method(), request, &cq);
    slot.reader->StartCall();
    slot.reader->Finish(&slot.response, &slot.status, &slot);
  };
  for (Slot& slot : slots) start(slot);
  size_t open = slots.size();
  void* tag = nullptr;
  bool ok = false;
  while (open > 0 && cq.Next(&tag, &ok)) {
    auto* slot = static_cast<Slot*>(tag);
    const absl::Time now = absl::Now();
    // gRPC's codes are Abseil's, number for number and name for name.
    ++tally.codes[absl::StatusCodeToString(
        static_cast<absl::StatusCode>(slot->status.error_code()))];
    tally.latencies_us.push_back(
        static_cast<float>(absl::ToDoubleMicroseconds(now - slot->started)));
    if (now < end) {
      start(*slot);
    } else {
      --open;
    }
  }
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
}

// The REST workload: one keep-alive connection per call in flight, each on its own thread.
void RunRestConnection(const Options& o, const std::vector<std::string>& names, absl::Time end,
                       uint64_t seed, Tally& tally) {
  const auto colon = o.target.rfind(':');
  httplib::Client http(o.target.substr(0, colon), std::stoi(o.target.substr(colon + 1)));
  http.set_keep_alive(true);
  const auto timeout = std::chrono::milliseconds(static_cast<int64_t>(o.deadline_ms));
  http.set_read_timeout(timeout);
  httplib::Headers headers;
  if (!o.token.empty()) headers.emplace("Authorization", "Bearer " + o.token);
  std::mt19937_64 random(seed);
  while (absl::Now() < end) {
    const std::string& name =
        names[std::uniform_int_distribution<size_t>(0, names.size() - 1)(random)];
    const absl::Time started = absl::Now();
    const auto result = http.Get(absl::StrCat("/api/v1/", name, "/caseFile"), headers);
    ++tally.codes[!result                 ? std::string("TRANSPORT")
                  : result->status == 200 ? std::string("OK")
                                          : absl::StrCat("HTTP_", result->status)];
    tally.latencies_us.push_back(
        static_cast<float>(absl::ToDoubleMicroseconds(absl::Now() - started)));
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App cli{"inburgering-bench-load: closed-loop gRPC load, counted per status code"};
  cli.add_option("--target", o.target, "host:port")->required();
  cli.add_option("--workload", o.workload,
                 "health, casefile, list, list_deep, write, indicators, rest_casefile")
      ->check(CLI::IsMember(
          {"health", "casefile", "list", "list_deep", "write", "indicators", "rest_casefile"}));
  cli.add_option("--seconds", o.seconds, "How long to run");
  cli.add_option("--channels", o.channels, "Channels (HTTP/2 connections), one thread each");
  cli.add_option("--inflight", o.inflight, "Calls in flight per channel");
  cli.add_option("--names", o.names_file, "casefile: trajectory names, one per line");
  cli.add_option("--tokens", o.tokens_file, "list_deep: page tokens, one per line");
  cli.add_option("--year", o.year, "indicators: the cohort year");
  cli.add_option("--bsn-base", o.bsn_base, "write: the first number of the BSN series");
  cli.add_option("--roles", o.roles, "Development servers: the caller's roles");
  cli.add_option("--municipalities", o.municipalities, "Development servers: municipalities");
  cli.add_option("--token", o.token, "Bearer token");
  cli.add_option("--deadline-ms", o.deadline_ms, "Deadline of each call");
  CLI11_PARSE(cli, argc, argv);

  const bool rest = o.workload == "rest_casefile";
  const std::vector<std::string> rest_names =
      rest ? ReadLines(o.names_file) : std::vector<std::string>{};
  Workload workload(o);
  if (rest ? rest_names.empty() : !workload.valid()) {
    std::cerr << "bench-load: nothing to send (--names or --tokens empty?)\n";
    return 2;
  }
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  const int connections = rest ? 0 : o.channels;
  for (int i = 0; i < connections; ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // a connection of its own each
    args.SetInt("bench.channel", i);
    channels.push_back(
        grpc::CreateCustomChannel(o.target, grpc::InsecureChannelCredentials(), args));
    if (!channels.back()->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Seconds(10)))) {
      std::cerr << "bench-load: cannot connect to " << o.target << "\n";
      return 2;
    }
  }
  std::vector<Tally> tallies(rest ? static_cast<size_t>(o.channels * o.inflight) : channels.size());
  const absl::Time begin = absl::Now();
  const absl::Time end = begin + absl::Seconds(o.seconds);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < tallies.size(); ++i) {
    threads.emplace_back([&, i] {
      if (rest) {
        RunRestConnection(o, rest_names, end, i + 1, tallies[i]);
      } else {
        RunChannel(o, workload, channels[i], end, i + 1, tallies[i]);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - begin);

  Tally all;
  for (Tally& t : tallies) {
    for (const auto& [code, n] : t.codes) all.codes[code] += n;
    all.latencies_us.insert(all.latencies_us.end(), t.latencies_us.begin(), t.latencies_us.end());
  }
  std::sort(all.latencies_us.begin(), all.latencies_us.end());
  auto percentile = [&](double p) {
    if (all.latencies_us.empty()) return 0.0;
    const size_t i =
        std::min(all.latencies_us.size() - 1,
                 static_cast<size_t>(p * static_cast<double>(all.latencies_us.size())));
    return static_cast<double>(all.latencies_us[i]) / 1000.0;
  };
  const int64_t calls = static_cast<int64_t>(all.latencies_us.size());
  const int64_t ok = all.codes.count("OK") ? all.codes["OK"] : 0;
  std::vector<std::string> codes;
  for (const auto& [code, n] : all.codes) codes.push_back(absl::StrFormat("\"%s\": %d", code, n));
  std::cout << absl::StrFormat(
                   "{\"workload\": \"%s\", \"calls\": %d, \"ok\": %d, \"seconds\": %.3f, "
                   "\"rate\": %.1f, \"ok_rate\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, "
                   "\"max_ms\": %.3f, \"codes\": {%s}}",
                   o.workload, calls, ok, elapsed, static_cast<double>(calls) / elapsed,
                   static_cast<double>(ok) / elapsed, percentile(0.5), percentile(0.99),
                   percentile(1.0), absl::StrJoin(codes, ", "))
            << "\n";
  return 0;
}
