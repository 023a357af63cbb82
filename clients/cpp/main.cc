// `inburgering`: the operators' command-line tool.
//
//   inburgering report indicators --municipality 0303 --year 2025 --format html > report.html
//   inburgering export cbs --municipality 0303 --quarter 2025Q3 --out delivery.xml
//
// Credentials: --token (or INBURGERING_TOKEN) carries a bearer token; against a development
// server (--dev-auth) --dev-roles and --dev-municipalities stand in for one.

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "clients/cpp/cbs_export.h"
#include "clients/cpp/report.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace {

int Fail(const absl::Status& status) {
  std::cerr << "inburgering: " << status << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  namespace clients = inburgering::clients;
  CLI::App cli{"inburgering: reports and exports of the civic-integration service"};
  std::string target = "127.0.0.1:50051", ca_file;
  clients::CallOptions options;
  cli.add_option("--server", target, "host:port of the service")->envname("INBURGERING_SERVER");
  cli.add_option("--ca", ca_file,
                 "CA certificate (PEM) to verify the server's TLS; plaintext "
                 "without it")
      ->envname("INBURGERING_CA");
  cli.add_option("--token", options.bearer_token, "Bearer token (JWT)")
      ->envname("INBURGERING_TOKEN");
  cli.add_option("--dev-roles", options.dev_roles, "Development servers only: the caller's roles");
  cli.add_option("--dev-municipalities", options.dev_municipalities,
                 "Development servers only: the caller's municipalities");
  cli.require_subcommand(1);

  CLI::App* report = cli.add_subcommand("report", "Reports for the council and the team");
  report->require_subcommand(1);
  CLI::App* indicators = report->add_subcommand("indicators", "The performance indicators");
  std::string municipality = "0303", format = "html", out_path;
  int year = 0, years = 5;
  indicators->add_option("--municipality", municipality, "4-digit CBS code");
  indicators->add_option("--year", year, "The cohort: first plan in this year")->required();
  indicators->add_option("--trend-years", years, "Years in each chart's trend")
      ->check(CLI::Range(1, 20));
  indicators->add_option("--format", format, "html, csv or json")
      ->check(CLI::IsMember({"html", "csv", "json"}));
  indicators->add_option("--out", out_path, "File to write (default: standard output)");

  CLI::App* exporting = cli.add_subcommand("export", "Exports");
  exporting->require_subcommand(1);
  CLI::App* cbs = exporting->add_subcommand("cbs", "The quarterly CBS delivery (XML)");
  std::vector<std::string> municipalities;
  std::string quarter;
  bool correction = false;
  cbs->add_option("--municipality", municipalities, "4-digit CBS code (repeat for several)")
      ->required();
  cbs->add_option("--quarter", quarter, "e.g. 2025Q3")->required();
  cbs->add_flag("--correction", correction, "Only records changed since the last delivery");
  cbs->add_option("--out", out_path, "The XML file to write")->required();
  CLI11_PARSE(cli, argc, argv);

  if (!options.dev_roles.empty() && options.dev_municipalities.empty()) {
    options.dev_municipalities = municipality;
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!ca_file.empty()) {
    std::ifstream in(ca_file);
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs.assign(std::istreambuf_iterator<char>(in), {});
    credentials = grpc::SslCredentials(ssl);
  }
  options.channel = grpc::CreateChannel(target, credentials);
  const clients::ReportingServiceClient reporting(options);

  if (indicators->parsed()) {
    auto reports = clients::FetchIndicatorTrend(reporting, municipality, year, years);
    if (!reports.ok()) return Fail(reports.status());
    const std::string text = format == "html"  ? clients::RenderIndicatorsHtml(*reports)
                             : format == "csv" ? clients::RenderIndicatorsCsv(reports->back())
                                               : clients::RenderIndicatorsJson(reports->back());
    if (out_path.empty()) {
      std::cout << text;
    } else {
      std::ofstream(out_path) << text;
    }
    return 0;
  }
  std::ofstream out(out_path, std::ios::binary);
  if (!out) return Fail(absl::InvalidArgumentError("--out: cannot write the file"));
  const bool terminal = isatty(STDERR_FILENO) != 0;
  auto result = clients::ExportCbs(reporting, municipalities, quarter, correction, out,
                                   [terminal](int64_t done, int64_t total) {
                                     if (terminal)
                                       std::cerr << "\r" << clients::ProgressBar(done, total);
                                   });
  if (terminal) std::cerr << "\n";
  if (!result.ok()) return Fail(result.status());
  std::cerr << "wrote " << result->records << " records (" << result->bytes << " bytes) to "
            << out_path << "\n";
  return 0;
}
