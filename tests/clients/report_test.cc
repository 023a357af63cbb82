// The council report and the CBS download of the `inburgering` tool, against the real server:
// the HTML page renders in headless Chromium with one chart per indicator; CSV and JSON carry the
// same figures; the export writes the file and reports progress.

#include "clients/cpp/report.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/cpp/cbs_export.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/scenario.h"

namespace inburgering::clients {
namespace {

using ::inburgering::testing::Ok;
using ::inburgering::testing::ProtoDate;
using ::inburgering::testing::Scenario;
using ::inburgering::testing::SeriesBsn;
using ::testing::HasSubstr;

int Count(const std::string& haystack, const std::string& needle) {
  return ::inburgering::testing::Occurrences(haystack, needle);
}

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `command`; its standard output.
std::string Tool(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0;) out.append(buffer, n);
  EXPECT_EQ(::pclose(pipe), 0) << command;
  return out;
}

// Runs headless Chromium on `page` (a file) with `flags`; its standard output.
std::string Chromium(const std::filesystem::path& dir, const std::filesystem::path& page,
                     const std::string& flags) {
  const std::filesystem::path out = dir / "chromium.out";
  const std::string command = absl::StrCat(
      INBURGERING_CHROMIUM, " --headless=new --no-sandbox --disable-gpu --hide-scrollbars",
      " --no-first-run --user-data-dir=", (dir / "profile").string(), " ", flags, " file://",
      page.string(), " > ", out.string(), " 2> ", (dir / "chromium.err").string());
  EXPECT_EQ(std::system(command.c_str()), 0) << Read(dir / "chromium.err");
  return Read(out);
}

class ReportTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  ReportTest() : s_(GetParam()) {
    options_.channel = s_.server().channel();
    options_.dev_roles = "team_lead";
    options_.dev_municipalities = "0303";
    reporting_ = std::make_unique<ReportingServiceClient>(options_);
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrCat("inburgering-report-", ::getpid(), "-",
                        ::testing::UnitTest::GetInstance()->random_seed(), "-",
                        persistence::Backend() == GetParam() ? "a" : "b");
    std::filesystem::create_directories(dir_);
  }
  ~ReportTest() override { std::filesystem::remove_all(dir_); }

  // Two clients with plans in 2025, one late.
  void Build() {
    s_.Today(2026, 3, 2);
    for (int n = 0; n < 2; ++n) {
      v1::CaseFile file = s_.NewTrajectory(
          s_.NewClient(SeriesBsn(n), v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(2025, 1, 6)));
      ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
      ASSERT_THAT(s_.Establish(file, ProtoDate(2025, n == 0 ? 3 : 5, 10)), Ok());
    }
  }

  Scenario s_;
  CallOptions options_;
  std::unique_ptr<ReportingServiceClient> reporting_;
  std::filesystem::path dir_;
};

TEST_P(ReportTest, TheHtmlReportRendersInChromiumWithOneChartPerIndicator) {
  Build();
  auto reports = FetchIndicatorTrend(*reporting_, "0303", 2025, 5);
  ASSERT_TRUE(reports.ok()) << reports.status();
  ASSERT_EQ(reports->size(), 5u);
  const int indicators = reports->back().indicators_size();
  ASSERT_GT(indicators, 20);
  const std::string html = RenderIndicatorsHtml(*reports);
  EXPECT_EQ(Count(html, "<svg class=\"indicator-chart\""), indicators);
  EXPECT_THAT(html, HasSubstr("50% <span>(1 van 2)</span>"));  // one of two plans in time
  EXPECT_THAT(RenderIndicatorsHtml(*reports, {"en", ""}), HasSubstr("50% <span>(1 of 2)</span>"));
  const std::filesystem::path page = dir_ / "report.html";
  std::ofstream(page) << html;

  // What the browser built: every chart is in the rendered document.
  const std::string dom = Chromium(dir_, page, "--dump-dom");
  EXPECT_EQ(Count(dom, "class=\"indicator-chart\""), indicators);
  // The screenshot: a PNG of the window's size, far richer than a blank page of that size.
  Chromium(dir_, page,
           absl::StrCat("--window-size=800,3000 --screenshot=", (dir_ / "report.png").string()));
  const std::string png = Read(dir_ / "report.png");
  ASSERT_GT(png.size(), 24u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  const auto be32 = [&](size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) |
           (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  EXPECT_EQ(be32(16), 800u);   // IHDR width
  EXPECT_EQ(be32(20), 3000u);  // IHDR height
  const std::filesystem::path blank = dir_ / "blank.html";
  std::ofstream(blank) << "<!DOCTYPE html><html><body></body></html>";
  Chromium(dir_, blank,
           absl::StrCat("--window-size=800,3000 --screenshot=", (dir_ / "blank.png").string()));
  EXPECT_GT(png.size(), 10 * Read(dir_ / "blank.png").size());
}

// What a council member reads: Dutch, the municipality by name, the year, cohort and date; a
// summary first (value, target, met, last year) grouped as the council thinks; per indicator how
// the figure is built and its breakdowns.
TEST_P(ReportTest, TheCouncilReportIsDutchWithASummaryFirstAndHowEachFigureIsBuilt) {
  Build();
  auto reports = FetchIndicatorTrend(*reporting_, "0303", 2025, 3);
  ASSERT_TRUE(reports.ok()) << reports.status();
  const int indicators = reports->back().indicators_size();
  const std::string html = RenderIndicatorsHtml(*reports, {"nl", "Dronten"});
  EXPECT_THAT(html, HasSubstr("<html lang=\"nl\">"));
  EXPECT_THAT(html, HasSubstr("Dronten (0303)"));
  EXPECT_THAT(html, HasSubstr("prestatie-indicatoren 2025"));
  EXPECT_THAT(html, HasSubstr("stand 2026-03-02"));
  // The summary comes first, a row per indicator under the six groups, with last year's value.
  const size_t summary = html.find("<section id=\"summary\">");
  ASSERT_NE(summary, std::string::npos);
  EXPECT_LT(summary, html.find("<section class=\"group\""));
  const std::string table = html.substr(summary, html.find("</table>", summary) - summary);
  EXPECT_EQ(Count(table, "<tr><td><a href="), indicators);
  for (const char* group : {"1. Plan en intake", "2. Leerroutes", "3. Programma", "4. Resultaten",
                            "5. Participatie", "6. Handhaving"}) {
    EXPECT_THAT(table, HasSubstr(group));
  }
  EXPECT_THAT(table, HasSubstr("Vorig jaar 2024"));
  EXPECT_THAT(table, HasSubstr("PIP vastgesteld binnen 10 weken na de beschikking"));
  // How each figure is built, with the counts; breakdowns by target group and route.
  EXPECT_EQ(Count(html, "Zo is dit cijfer opgebouwd: teller"), indicators);
  EXPECT_THAT(html, HasSubstr("teller PIP's vastgesteld op of voor hun uiterste datum (1); noemer "
                              "de PIP's die in 2025 vastgesteld moesten worden"));
  EXPECT_THAT(html, HasSubstr("<th>Doelgroep</th>"));
  EXPECT_THAT(html, HasSubstr("<td>statushouder</td><td class=\"n\">1 / 2</td>"));
  // Axes with values: the bar's scale and the trend's.
  EXPECT_GE(Count(html, ">100%</text>"), 2 * indicators);
  // English on request.
  const std::string english = RenderIndicatorsHtml(*reports, {"en", ""});
  EXPECT_THAT(english, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(english, HasSubstr("municipality 0303"));
  EXPECT_EQ(Count(english, "How this figure is built: numerator"), indicators);
}

// The document the council receives: printed to PDF by headless Chromium, A4, a page for the
// summary and each group at least, and every indicator's heading on the page of its chart.
TEST_P(ReportTest, ThePrintedReportIsA4WithEveryHeadingOnThePageOfItsChart) {
  Build();
  auto reports = FetchIndicatorTrend(*reporting_, "0303", 2025, 5);
  ASSERT_TRUE(reports.ok()) << reports.status();
  const std::filesystem::path page = dir_ / "raad.html";
  std::ofstream(page) << RenderIndicatorsHtml(*reports, {"nl", "Dronten"});
  const std::filesystem::path pdf = dir_ / "raad.pdf";
  Chromium(dir_, page, absl::StrCat("--no-pdf-header-footer --print-to-pdf=", pdf.string()));
  const std::string info = Tool(absl::StrCat(INBURGERING_PDFINFO, " ", pdf.string()));
  EXPECT_THAT(info, HasSubstr(" pts (A4)"));  // pdfinfo names the paper size
  int pages = 0;
  const std::regex pages_line("Pages: +([0-9]+)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(info, m, pages_line)) << info;
  pages = std::stoi(m[1]);
  EXPECT_GE(pages, 7);   // the summary, and each of six groups from a page of its own
  EXPECT_LE(pages, 40);  // not a page per chart either
  std::vector<std::string> text;
  for (int p = 1; p <= pages; ++p) {
    text.push_back(Tool(
        absl::StrFormat("%s -layout -f %d -l %d %s -", INBURGERING_PDFTOTEXT, p, p, pdf.string())));
  }
  const int indicators = reports->back().indicators_size();
  int found = 0;
  for (int group = 1; group <= 6; ++group) {
    for (int n = 1; n <= indicators; ++n) {
      const std::string number = absl::StrCat(group, ".", n);
      const std::regex heading(absl::StrCat("(^|\\n) *", group, "\\.", n, " +[A-Z]"));
      const std::regex chart(absl::StrCat("Figuur ", group, "\\.", n, "[^0-9]"));
      int heading_page = -1, chart_page = -1;
      for (int p = 0; p < pages; ++p) {
        if (heading_page < 0 && std::regex_search(text[p], heading)) heading_page = p;
        if (chart_page < 0 && std::regex_search(text[p], chart)) chart_page = p;
      }
      if (heading_page < 0 && chart_page < 0) continue;
      ++found;
      EXPECT_EQ(heading_page, chart_page) << "indicator " << number;
    }
  }
  EXPECT_EQ(found, indicators);
}

TEST_P(ReportTest, CsvAndJsonCarryTheSameFigures) {
  Build();
  auto reports = FetchIndicatorTrend(*reporting_, "0303", 2025, 1);
  ASSERT_TRUE(reports.ok()) << reports.status();
  const std::string csv = RenderIndicatorsCsv(reports->back());
  EXPECT_THAT(csv,
              HasSubstr("indicator,dimension,key,numerator,denominator,value,target,status\n"));
  EXPECT_THAT(csv, HasSubstr("PLAN_WITHIN_10_WEEKS,TOTAL,,1,2,0.5000,,no target\n"));
  EXPECT_THAT(csv,
              HasSubstr("PLAN_WITHIN_10_WEEKS,TARGET_GROUP,ASYLUM_STATUS_HOLDER,1,2,0.5000,,\n"));
  const std::string json = RenderIndicatorsJson(reports->back());
  EXPECT_THAT(json, HasSubstr("\"name\": \"PLAN_WITHIN_10_WEEKS\""));
  EXPECT_THAT(json, HasSubstr("\"denominator\": \"2\""));
}

TEST_P(ReportTest, TheCbsExportWritesTheFileAndReportsProgress) {
  Build();
  std::stringstream file;
  int64_t last_done = -1, last_total = -1;
  auto result =
      ExportCbs(*reporting_, {"0303"}, "2026Q1", false, file, [&](int64_t done, int64_t total) {
        last_done = done;
        last_total = total;
      });
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->records, 2);
  EXPECT_EQ(last_done, 2);
  EXPECT_EQ(last_total, 2);
  ASSERT_EQ(result->deliveries.size(), 1u);
  EXPECT_EQ(Count(file.str(), "<swi:Inburgeraar>"), 2);
  EXPECT_EQ(result->bytes, static_cast<int64_t>(file.str().size()));
  EXPECT_EQ(ProgressBar(1, 4, 8), "[##......]  25%  1/4 records");
  // Refusals arrive as statuses with the server's reason.
  auto refused = ExportCbs(*reporting_, {"0303"}, "2026Q1", true, file, nullptr);
  EXPECT_TRUE(refused.ok());  // a correction of the delivery just made: nothing changed since
  EXPECT_EQ(refused->records, 0);
  auto bad = ExportCbs(*reporting_, {"0303"}, "2026Q5", false, file, nullptr);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("INVALID_REQUEST"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportTest, ::testing::ValuesIn(testing::AllBackends()),
                         testing::BackendParamName());

}  // namespace
}  // namespace inburgering::clients
