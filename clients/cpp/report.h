#pragma once

// The council report of the performance indicators: fetched for a year and the years before it
// (the trend), and written as an HTML page for the council (in Dutch, or English), as CSV, or as
// JSON. The page: a summary table first (value, target, met, last year), then a section per group
// as the council reads them (plan and intake, learning routes, programme, results, participation,
// enforcement) with a chart per indicator (value against target with a scale, the trend with its
// values), how the figure is built (numerator, denominator, cohort), the breakdowns by target
// group, route and provider, and the providers side by side. Print rules make the browser's
// "print to PDF" the document the council receives (A4, no heading apart from its chart).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/cpp/service_clients.h"

namespace inburgering::clients {

// The reports of `year - years + 1` .. `year`, oldest first.
absl::StatusOr<std::vector<v1::IndicatorReport>> FetchIndicatorTrend(
    const ReportingServiceClient& reporting, const std::string& municipality, int year, int years);

struct ReportOptions {
  std::string lang = "nl";        // nl or en
  std::string municipality_name;  // empty: the municipality's code
};

// `reports`: oldest first; the last is the year the page is about.
std::string RenderIndicatorsHtml(const std::vector<v1::IndicatorReport>& reports,
                                 const ReportOptions& options = {});
// One line per indicator (dimension TOTAL) and per breakdown group.
std::string RenderIndicatorsCsv(const v1::IndicatorReport& report);
std::string RenderIndicatorsJson(const v1::IndicatorReport& report);

}  // namespace inburgering::clients
