#pragma once

// The council report of the performance indicators: fetched for a year and the years before it
// (the trend), and written as an HTML page with one SVG chart per indicator (value against
// target, and the trend over the years), as CSV, or as JSON.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/cpp/service_clients.h"

namespace inburgering::clients {

// The reports of `year - years + 1` .. `year`, oldest first.
absl::StatusOr<std::vector<v1::IndicatorReport>> FetchIndicatorTrend(
    const ReportingServiceClient& reporting, const std::string& municipality, int year, int years);

// `reports`: oldest first; the last is the year the page is about.
std::string RenderIndicatorsHtml(const std::vector<v1::IndicatorReport>& reports);
// One line per indicator (dimension TOTAL) and per breakdown group.
std::string RenderIndicatorsCsv(const v1::IndicatorReport& report);
std::string RenderIndicatorsJson(const v1::IndicatorReport& report);

}  // namespace inburgering::clients
