// Conformance with Logboek Dataverwerkingen 1.0 (Logius, publicatie/logboek/dataverwerkingen/1.0.0,
// "Component: Logboek", Interface): the records a central Logboek receives from
// `inburgering export processing` (OTLP JSON lines) carry every field the standard lists, in the
// form it gives, for calls with and without a calling party. The field list below is the
// standard's table; a field it adds is a test that fails here first.

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "clients/cpp/ldv_export.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/test_server.h"

namespace inburgering::clients {
namespace {

using ::inburgering::testing::CallerContext;
using ::inburgering::testing::TestServer;
using nlohmann::json;

// LDV 1.0, the Logboek's interface: field, required, and where OTLP JSON carries it.
struct LdvField {
  const char* name;
  bool required;  // "verplicht"; the optional ones are checked when the case has them
  const char* otlp;
};
constexpr LdvField kLdv10Fields[] = {
    {"trace_id", true, "traceId"},
    {"span_id", true, "spanId"},
    {"status", true, "status.code"},
    {"name", true, "name"},
    {"start_time", true, "startTimeUnixNano"},
    {"end_time", true, "endTimeUnixNano"},
    {"parent_span_id", false, "parentSpanId"},
    {"resource", false, "resource.attributes"},
    {"attributes", true, "attributes"},
};
// The attributes in the namespace dpl.core: always, and when there is a calling application.
constexpr const char* kCoreAttributes[] = {
    "dpl.core.processing_activity_id", "dpl.core.data_subject_id", "dpl.core.data_subject_id_type"};
constexpr const char* kForeignAttributes[] = {"dpl.core.foreign_operation.span_id",
                                              "dpl.core.foreign_operation.processor"};

std::string Attribute(const json& attributes, const std::string& key) {
  for (const json& a : attributes) {
    if (a.at("key") == key) return a.at("value").at("stringValue").get<std::string>();
  }
  return "";
}

TEST(LdvConformanceTest, EveryExportedRecordCarriesEveryFieldOfLogboekDataverwerkingen10) {
  server::ServerConfig config = TestServer::DefaultConfig();
  config.logbook.processor_by_caller["portal"] = "https://portaal.example.nl";
  TestServer server(persistence::Backend::kSqlite, config);
  auto registry = server.clients();
  v1::Client client;
  ASSERT_TRUE(registry
                  ->CreateClient(CallerContext("consultant", "0303").get(),
                                 ::inburgering::testing::ClientRequest("111222333"), &client)
                  .ok());
  // The portal calls with its trace: a foreign operation.
  auto portal = CallerContext("consultant", "0303", "portal");
  portal->AddMetadata("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  v1::GetClientRequest get;
  get.set_name(client.name());
  v1::Client read;
  ASSERT_TRUE(registry->GetClient(portal.get(), get, &read).ok());

  CallOptions options;
  options.channel = server.channel();
  options.dev_roles = "admin";
  options.dev_municipalities = "0303";
  std::stringstream out;
  absl::StatusOr<ProcessingExportResult> result =
      ExportProcessing(PrivacyServiceClient(options), "municipalities/0303", "", out);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->records, 2);
  EXPECT_FALSE(result->resume_token.empty());

  const std::regex hex16("[0-9a-f]{16}"), hex32("[0-9a-f]{32}"), uri("[a-z][a-z0-9+.-]*:.+");
  int spans = 0, foreign = 0;
  std::string line;
  while (std::getline(out, line)) {
    const json request = json::parse(line);
    for (const json& resource_spans : request.at("resourceSpans")) {
      const json& resource = resource_spans.at("resource").at("attributes");
      EXPECT_EQ(Attribute(resource, "service.name"), "inburgering");
      EXPECT_FALSE(Attribute(resource, "service.version").empty());
      for (const json& scope : resource_spans.at("scopeSpans")) {
        for (const json& span : scope.at("spans")) {
          ++spans;
          for (const LdvField& field : kLdv10Fields) {
            const std::string path = field.otlp;
            const json* at = path.rfind("resource.", 0) == 0 ? &resource_spans : &span;
            for (size_t from = 0, dot = 0; at != nullptr && from <= path.size(); from = dot + 1) {
              dot = path.find('.', from);
              if (dot == std::string::npos) dot = path.size();
              const std::string key = path.substr(from, dot - from);
              at = at->contains(key) ? &(*at)[key] : nullptr;
            }
            if (field.required) {
              EXPECT_NE(at, nullptr) << "LDV " << field.name << " missing";
            }
          }
          EXPECT_TRUE(std::regex_match(span.at("traceId").get<std::string>(), hex32));
          EXPECT_TRUE(std::regex_match(span.at("spanId").get<std::string>(), hex16));
          ASSERT_TRUE(span.contains("parentSpanId"));
          EXPECT_TRUE(std::regex_match(span.at("parentSpanId").get<std::string>(), hex16));
          EXPECT_EQ(span.at("status").at("code"), 1);  // Ok
          EXPECT_LE(std::stoll(span.at("startTimeUnixNano").get<std::string>()),
                    std::stoll(span.at("endTimeUnixNano").get<std::string>()));
          const json& attributes = span.at("attributes");
          for (const char* key : kCoreAttributes) {
            EXPECT_FALSE(Attribute(attributes, key).empty()) << key;
          }
          EXPECT_TRUE(
              std::regex_match(Attribute(attributes, "dpl.core.processing_activity_id"), uri));
          EXPECT_EQ(Attribute(attributes, "dpl.core.data_subject_id").find("111222333"),
                    std::string::npos);
          if (span.at("name") == "GetClient") {
            ++foreign;
            for (const char* key : kForeignAttributes) {
              EXPECT_FALSE(Attribute(attributes, key).empty()) << key;
            }
            EXPECT_EQ(span.at("traceId"), "4bf92f3577b34da6a3ce929d0e0e4736");
            EXPECT_EQ(Attribute(attributes, "dpl.core.foreign_operation.span_id"),
                      "00f067aa0ba902b7");
          } else {
            EXPECT_EQ(Attribute(attributes, "dpl.core.foreign_operation.span_id"), "");
          }
        }
      }
    }
  }
  EXPECT_EQ(spans, 2);
  EXPECT_EQ(foreign, 1);
}

}  // namespace
}  // namespace inburgering::clients
