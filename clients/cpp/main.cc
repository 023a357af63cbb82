// `inburgering`: the operators' command-line tool, on the client library (clients/cpp).
//
//   inburgering consultant create --municipality 0303 --display-name "A. de Vries"
//   inburgering client create --municipality 0303 --json @client.json   (or - for stdin)
//   inburgering client show municipalities/0303/clients/c1
//   inburgering client list --municipality 0303 [--consultant NAME] [--overdue]
//   inburgering trajectory create municipalities/0303/clients/c1
//   inburgering casefile show municipalities/0303/clients/c1/trajectories/t1
//   inburgering step RecordIntake municipalities/0303/clients/c1/trajectories/t1 --json '{...}'
//   inburgering report indicators --municipality 0303 --year 2025 --format html > report.html
//   inburgering export cbs --municipality 0303 --quarter 2025Q3 --out delivery.xml
//   inburgering export processing --municipality 0303 [--resume-token T] --out records.jsonl
//   inburgering provider register --id taalschool-a --json @provider.json
//   inburgering provider list | show NAME | enrollments NAME | reports NAME [--enrollment ID]
//   inburgering --dev-roles provider --dev-provider taalschool-a provider report NAME --json
//   @r.json
//
// Resources print as JSON (proto field names); lists print one JSON object per line. A refusal
// prints its code, reason and the fields it names on standard error and exits 1.
//
// Credentials: --token (or INBURGERING_TOKEN) carries a bearer token; against a development
// server (--dev-auth) --dev-roles and --dev-municipalities stand in for one. A BSN is never a
// command-line argument (it would show in `ps` and the shell's history): it goes in --json, best
// from a file or standard input.

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/cpp/cbs_export.h"
#include "clients/cpp/json.h"
#include "clients/cpp/ldv_export.h"
#include "clients/cpp/report.h"
#include "clients/cpp/service_clients.h"
#include "clients/cpp/steps.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace {

namespace clients = inburgering::clients;
namespace v1 = inburgering::v1;

int Fail(const absl::Status& status) {
  std::cerr << "inburgering: " << status.message() << " ("
            << absl::StatusCodeToString(status.code()) << ")\n";
  for (const auto& [field, description] : clients::FieldViolations(status)) {
    std::cerr << "  " << field << ": " << description << "\n";
  }
  return 1;
}

// --json as given, or read from a file (@path) or standard input (-).
absl::StatusOr<std::string> JsonArgument(const std::string& value) {
  if (value == "-") {
    std::stringstream in;
    in << std::cin.rdbuf();
    return in.str();
  }
  if (!value.empty() && value[0] == '@') {
    std::ifstream file(value.substr(1));
    if (!file) return absl::InvalidArgumentError("--json: cannot read " + value.substr(1));
    std::stringstream in;
    in << file.rdbuf();
    return in.str();
  }
  return value;
}

template <typename Message>
int Print(const absl::StatusOr<Message>& message) {
  if (!message.ok()) return Fail(message.status());
  std::cout << clients::ToJson(*message) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"inburgering: the operators' tool for the civic-integration service"};
  cli.option_defaults()->always_capture_default();  // --help shows every default
  std::string target = "127.0.0.1:50051", ca_file;
  clients::CallOptions options;
  cli.add_option("--server", target, "host:port of the service")->envname("INBURGERING_SERVER");
  cli.add_option("--ca", ca_file,
                 "CA certificate (PEM) to verify the server's TLS; plaintext "
                 "without it")
      ->envname("INBURGERING_CA")
      ->check(CLI::ExistingFile);  // a missing file is named at once, not as a TLS failure later
  cli.add_option("--token", options.bearer_token, "Bearer token (JWT)")
      ->envname("INBURGERING_TOKEN");
  cli.add_option("--dev-roles", options.dev_roles, "Development servers only: the caller's roles");
  cli.add_option("--dev-municipalities", options.dev_municipalities,
                 "Development servers only: the caller's municipalities");
  cli.add_option("--dev-provider", options.dev_provider,
                 "Development servers only: the provider role's registered id");
  cli.require_subcommand(1);
  std::string municipality = "0303", json, name, out_path;

  CLI::App* consultant = cli.add_subcommand("consultant", "The integration team");
  consultant->require_subcommand(1);
  CLI::App* consultant_create = consultant->add_subcommand("create", "Add a consultant");
  std::string display_name;
  consultant_create->add_option("--municipality", municipality, "4-digit CBS code");
  consultant_create->add_option("--display-name", display_name, "The name shown")->required();

  CLI::App* client = cli.add_subcommand("client", "Clients (inburgeraars)");
  client->require_subcommand(1);
  CLI::App* client_create = client->add_subcommand("create", "Register a client");
  client_create->add_option("--municipality", municipality, "4-digit CBS code");
  client_create->add_option("--json", json, "The Client as JSON, @file or - (stdin)")->required();
  CLI::App* client_show = client->add_subcommand("show", "Show a client");
  client_show->add_option("name", name, "municipalities/{m}/clients/{c}")->required();
  CLI::App* client_list = client->add_subcommand("list", "List clients, every page");
  v1::ListClientsRequest list_request;
  std::string list_consultant;
  bool overdue = false;
  int page_size = 500;
  client_list->add_option("--municipality", municipality, "4-digit CBS code");
  client_list->add_option("--consultant", list_consultant, "Only this consultant's clients");
  client_list->add_flag("--overdue", overdue, "Only clients with a deadline passed");
  client_list->add_option("--page-size", page_size, "Clients per call (all pages are printed)")
      ->check(CLI::Range(1, 500));

  CLI::App* trajectory = cli.add_subcommand("trajectory", "Trajectories");
  trajectory->require_subcommand(1);
  CLI::App* trajectory_create = trajectory->add_subcommand("create", "Open a trajectory");
  trajectory_create->add_option("client", name, "municipalities/{m}/clients/{c}")->required();

  CLI::App* casefile = cli.add_subcommand("casefile", "Case files");
  casefile->require_subcommand(1);
  CLI::App* casefile_show = casefile->add_subcommand("show", "Show a trajectory's case file");
  casefile_show->add_option("trajectory", name, "municipalities/{m}/clients/{c}/trajectories/{t}")
      ->required();

  CLI::App* provider = cli.add_subcommand("provider", "Providers: the register, and their side");
  provider->require_subcommand(1);
  std::string provider_id, enrollment_id;
  CLI::App* provider_register = provider->add_subcommand("register", "Register a provider");
  provider_register->add_option("--municipality", municipality, "4-digit CBS code");
  provider_register->add_option("--id", provider_id, "The id it is known by (its token's claim)")
      ->required();
  provider_register->add_option("--json", json, "The Provider as JSON, @file or - (stdin)")
      ->required();
  CLI::App* provider_list = provider->add_subcommand("list", "List the registered providers");
  provider_list->add_option("--municipality", municipality, "4-digit CBS code");
  CLI::App* provider_show = provider->add_subcommand("show", "Show a registered provider");
  provider_show->add_option("name", name, "municipalities/{m}/providers/{p}")->required();
  CLI::App* provider_enrollments =
      provider->add_subcommand("enrollments", "The enrollments at a provider, every page");
  provider_enrollments->add_option("provider", name, "municipalities/{m}/providers/{p}")
      ->required();
  CLI::App* provider_report =
      provider->add_subcommand("report", "Submit a provider's reports (the provider role)");
  provider_report->add_option("provider", name, "municipalities/{m}/providers/{p}")->required();
  provider_report->add_option("--json", json, R"({"reports": [...]} as JSON, @file or - (stdin))")
      ->required();
  CLI::App* provider_reports =
      provider->add_subcommand("reports", "A provider's reports, every version, every page");
  provider_reports->add_option("provider", name, "municipalities/{m}/providers/{p}")->required();
  provider_reports->add_option("--enrollment", enrollment_id, "Only this enrollment's");

  CLI::App* step = cli.add_subcommand("step", "Record a step on a trajectory");
  std::string step_name;
  step->add_option("step", step_name, "The step")
      ->required()
      ->check(CLI::IsMember(clients::StepNames()));
  step->add_option("trajectory", name, "municipalities/{m}/clients/{c}/trajectories/{t}")
      ->required();
  step->add_option("--json", json, "The step's fields as JSON, @file or - (stdin)");

  CLI::App* report = cli.add_subcommand("report", "Reports for the council and the team");
  report->require_subcommand(1);
  CLI::App* indicators = report->add_subcommand("indicators", "The performance indicators");
  std::string format = "html";
  int year = 0, years = 5;
  indicators->add_option("--municipality", municipality, "4-digit CBS code");
  indicators->add_option("--year", year, "The cohort: first plan in this year")->required();
  indicators->add_option("--trend-years", years, "Years in each chart's trend")
      ->check(CLI::Range(1, 20));
  indicators->add_option("--format", format, "html, csv or json")
      ->check(CLI::IsMember({"html", "csv", "json"}));
  indicators->add_option("--out", out_path, "File to write (default: standard output)");
  clients::ReportOptions report_options;
  indicators->add_option("--lang", report_options.lang, "The HTML report's language: nl or en")
      ->check(CLI::IsMember({"nl", "en"}))
      ->capture_default_str();
  indicators
      ->add_option("--municipality-name", report_options.municipality_name,
                   "The municipality's name on the report (default: its code)")
      ->envname("INBURGERING_MUNICIPALITY_NAME");

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
  CLI::App* processing = exporting->add_subcommand(
      "processing",
      "The processing log for a central Logboek Dataverwerkingen (OTLP JSON lines); prints the "
      "resume token for the next export on standard error");
  std::string resume_token;
  processing->add_option("--municipality", municipality, "4-digit CBS code, or - for all");
  processing->add_option("--resume-token", resume_token,
                         "Continue after the previous export (the token it printed)");
  processing->add_option("--out", out_path, "The file to write (appended to)")->required();
  CLI11_PARSE(cli, argc, argv);

  if (!options.dev_roles.empty() && options.dev_municipalities.empty()) {
    options.dev_municipalities = municipality == "-" ? "*" : municipality;
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!ca_file.empty()) {
    std::ifstream in(ca_file);
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs.assign(std::istreambuf_iterator<char>(in), {});
    credentials = grpc::SslCredentials(ssl);
  }
  options.channel = grpc::CreateChannel(target, credentials);
  const std::string parent = absl::StrCat("municipalities/", municipality);
  const clients::ClientServiceClient registry(options);
  const clients::TrajectoryServiceClient trajectories(options);

  if (consultant_create->parsed()) {
    v1::CreateConsultantRequest request;
    request.set_parent(parent);
    request.mutable_consultant()->set_display_name(display_name);
    return Print(registry.CreateConsultant(request));
  }
  if (client_create->parsed()) {
    v1::CreateClientRequest request;
    request.set_parent(parent);
    absl::StatusOr<std::string> text = JsonArgument(json);
    if (!text.ok()) return Fail(text.status());
    if (absl::Status parsed = clients::FromJson(*text, *request.mutable_client()); !parsed.ok()) {
      return Fail(parsed);
    }
    return Print(registry.CreateClient(request));
  }
  if (client_show->parsed()) {
    v1::GetClientRequest request;
    request.set_name(name);
    return Print(registry.GetClient(request));
  }
  if (client_list->parsed()) {
    list_request.set_parent(parent);
    list_request.set_page_size(page_size);
    list_request.set_consultant(list_consultant);
    list_request.set_overdue(overdue);
    const absl::Status status = clients::ForEachPage(
        list_request, [&](const auto& r) { return registry.ListClients(r); },
        [](const v1::ListClientsResponse& page) {
          for (const auto& c : page.clients())
            std::cout << clients::ToJson(c, /*indent=*/false) << "\n";
          return true;
        });
    return status.ok() ? 0 : Fail(status);
  }
  if (trajectory_create->parsed()) {
    v1::CreateTrajectoryRequest request;
    request.set_parent(name);
    return Print(trajectories.CreateTrajectory(request));
  }
  if (casefile_show->parsed()) {
    v1::GetCaseFileRequest request;
    request.set_name(name);
    return Print(trajectories.GetCaseFile(request));
  }
  if (step->parsed()) {
    absl::StatusOr<std::string> text = JsonArgument(json);
    if (!text.ok()) return Fail(text.status());
    const clients::StepClients steps{trajectories, clients::EnforcementServiceClient(options),
                                     clients::DuoServiceClient(options)};
    return Print(clients::RecordStep(steps, step_name, name, *text));
  }

  if (provider->parsed()) {
    const clients::ProviderServiceClient providers(options);
    absl::StatusOr<std::string> text = JsonArgument(json);
    if (!text.ok()) return Fail(text.status());
    if (provider_register->parsed()) {
      v1::CreateProviderRequest request;
      request.set_parent(parent);
      request.set_provider_id(provider_id);
      if (absl::Status parsed = clients::FromJson(*text, *request.mutable_provider());
          !parsed.ok()) {
        return Fail(parsed);
      }
      return Print(providers.CreateProvider(request));
    }
    if (provider_show->parsed()) {
      v1::GetProviderRequest request;
      request.set_name(name);
      return Print(providers.GetProvider(request));
    }
    if (provider_report->parsed()) {
      v1::BatchSubmitProviderReportsRequest request;
      if (absl::Status parsed = clients::FromJson(*text, request); !parsed.ok())
        return Fail(parsed);
      request.set_parent(name);
      return Print(providers.BatchSubmitProviderReports(request));
    }
    // The lists print one JSON object per line, every page.
    auto lines = [](const auto& items) {
      for (const auto& item : items) std::cout << clients::ToJson(item, /*indent=*/false) << "\n";
      return true;
    };
    absl::Status status;
    if (provider_list->parsed()) {
      v1::ListProvidersRequest request;
      request.set_parent(parent);
      request.set_page_size(500);
      status = clients::ForEachPage(
          request, [&](const auto& r) { return providers.ListProviders(r); },
          [&](const v1::ListProvidersResponse& page) { return lines(page.providers()); });
    } else if (provider_enrollments->parsed()) {
      v1::ListProviderEnrollmentsRequest request;
      request.set_parent(name);
      request.set_page_size(500);
      status = clients::ForEachPage(
          request, [&](const auto& r) { return providers.ListProviderEnrollments(r); },
          [&](const v1::ListProviderEnrollmentsResponse& page) {
            return lines(page.enrollments());
          });
    } else {
      v1::ListProviderReportsRequest request;
      request.set_parent(name);
      request.set_enrollment_id(enrollment_id);
      request.set_page_size(500);
      status = clients::ForEachPage(
          request, [&](const auto& r) { return providers.ListProviderReports(r); },
          [&](const v1::ListProviderReportsResponse& page) { return lines(page.reports()); });
    }
    return status.ok() ? 0 : Fail(status);
  }

  if (processing->parsed()) {
    std::ofstream out(out_path, std::ios::app);
    if (!out) return Fail(absl::InvalidArgumentError("--out: cannot write " + out_path));
    auto result = clients::ExportProcessing(clients::PrivacyServiceClient(options), parent,
                                            resume_token, out);
    if (!result.ok()) return Fail(result.status());
    std::cerr << "wrote " << result->records << " processing records to " << out_path
              << "\nresume token: " << result->resume_token << "\n";
    return 0;
  }

  const clients::ReportingServiceClient reporting(options);
  if (indicators->parsed()) {
    auto reports = clients::FetchIndicatorTrend(reporting, municipality, year, years);
    if (!reports.ok()) return Fail(reports.status());
    const std::string text = format == "html"
                                 ? clients::RenderIndicatorsHtml(*reports, report_options)
                             : format == "csv" ? clients::RenderIndicatorsCsv(reports->back())
                                               : clients::RenderIndicatorsJson(reports->back());
    if (out_path.empty()) {
      std::cout << text;
    } else if (!(std::ofstream(out_path) << text)) {
      return Fail(absl::InvalidArgumentError("--out: cannot write " + out_path));
    }
    return 0;
  }
  std::ofstream out(out_path, std::ios::binary);
  if (!out) return Fail(absl::InvalidArgumentError("--out: cannot write " + out_path));
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
