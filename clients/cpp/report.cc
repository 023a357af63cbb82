#include "clients/cpp/report.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "clients/cpp/json.h"

namespace inburgering::clients {
namespace {

std::string Html(const std::string& text) {
  return absl::StrReplaceAll(text,
                             {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

std::string Csv(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

std::string Percent(double share) { return absl::StrFormat("%.0f%%", share * 100); }

const char* StatusWord(v1::TargetStatus status) {
  switch (status) {
    case v1::TARGET_STATUS_MET:
      return "met";
    case v1::TARGET_STATUS_NOT_MET:
      return "not met";
    case v1::TARGET_STATUS_NO_DATA:
      return "no data yet";
    default:
      return "no target";
  }
}

const char* Colour(v1::TargetStatus status) {
  switch (status) {
    case v1::TARGET_STATUS_MET:
      return "#1a7f37";
    case v1::TARGET_STATUS_NOT_MET:
      return "#c4571b";
    default:
      return "#2f6db5";
  }
}

// The chart of one indicator: a bar of the value with the target marked, and the trend over the
// years (a point per year with data).
std::string Chart(const std::vector<const v1::Indicator*>& by_year, const std::vector<int>& years) {
  const v1::Indicator& now = *by_year.back();
  constexpr int kBarWidth = 360, kTrendX = 420, kTrendWidth = 240, kHeight = 120;
  std::string svg = absl::StrFormat(
      "<svg class=\"indicator-chart\" viewBox=\"0 0 680 %d\" width=\"680\" height=\"%d\" "
      "role=\"img\" aria-label=\"%s: %s\">",
      kHeight, kHeight, Html(now.name()), Percent(now.value()));
  absl::StrAppend(&svg, "<rect x=\"0\" y=\"40\" width=\"", kBarWidth,
                  "\" height=\"28\" fill=\"#e8e8e8\"/>");
  absl::StrAppendFormat(&svg, "<rect x=\"0\" y=\"40\" width=\"%.1f\" height=\"28\" fill=\"%s\"/>",
                        std::clamp(now.value(), 0.0, 1.0) * kBarWidth, Colour(now.target_status()));
  if (now.target_status() != v1::TARGET_STATUS_NO_TARGET &&
      now.target_status() != v1::TARGET_STATUS_UNSPECIFIED) {
    const double x = std::clamp(now.target(), 0.0, 1.0) * kBarWidth;
    absl::StrAppendFormat(&svg,
                          "<line x1=\"%.1f\" y1=\"32\" x2=\"%.1f\" y2=\"76\" stroke=\"#222\" "
                          "stroke-width=\"2\" stroke-dasharray=\"4 2\"/><text x=\"%.1f\" y=\"26\" "
                          "font-size=\"12\" text-anchor=\"middle\">target %s %s</text>",
                          x, x, x, now.target_is_maximum() ? "&#8804;" : "&#8805;",
                          Percent(now.target()));
  }
  absl::StrAppendFormat(&svg,
                        "<text x=\"0\" y=\"92\" font-size=\"12\">0%%</text>"
                        "<text x=\"%d\" y=\"92\" font-size=\"12\" text-anchor=\"end\">"
                        "100%%</text>",
                        kBarWidth);
  // The trend.
  absl::StrAppendFormat(&svg,
                        "<line x1=\"%d\" y1=\"100\" x2=\"%d\" y2=\"100\" stroke=\"#999\"/>"
                        "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"100\" stroke=\"#999\"/>",
                        kTrendX, kTrendX + kTrendWidth, kTrendX, kTrendX);
  std::string points;
  const double step =
      by_year.size() > 1 ? kTrendWidth / static_cast<double>(by_year.size() - 1) : 0;
  for (size_t i = 0; i < by_year.size(); ++i) {
    const double x = kTrendX + step * static_cast<double>(i);
    absl::StrAppendFormat(&svg,
                          "<text x=\"%.1f\" y=\"114\" font-size=\"11\" "
                          "text-anchor=\"middle\">%d</text>",
                          x, years[i]);
    if (by_year[i]->denominator() == 0) continue;
    const double y = 100 - 90 * std::clamp(by_year[i]->value(), 0.0, 1.0);
    absl::StrAppendFormat(&points, "%.1f,%.1f ", x, y);
    absl::StrAppendFormat(&svg, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#333\"/>", x, y);
  }
  if (!points.empty()) {
    absl::StrAppend(&svg, "<polyline fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\" points=\"",
                    points, "\"/>");
  }
  absl::StrAppend(&svg, "</svg>");
  return svg;
}

}  // namespace

absl::StatusOr<std::vector<v1::IndicatorReport>> FetchIndicatorTrend(
    const ReportingServiceClient& reporting, const std::string& municipality, int year, int years) {
  std::vector<v1::IndicatorReport> reports;
  reports.reserve(static_cast<size_t>(years));
  for (int y = year - years + 1; y <= year; ++y) {
    v1::GetIndicatorsRequest request;
    request.set_parent(absl::StrCat("municipalities/", municipality));
    request.set_year(y);
    absl::StatusOr<v1::IndicatorReport> report = reporting.GetIndicators(request);
    if (!report.ok()) return report.status();
    reports.push_back(*std::move(report));
  }
  return reports;
}

std::string RenderIndicatorsHtml(const std::vector<v1::IndicatorReport>& reports) {
  const v1::IndicatorReport& now = reports.back();
  std::vector<int> years;
  years.reserve(reports.size());
  for (const auto& r : reports) years.push_back(r.year());
  std::string html = absl::StrFormat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>Civic integration: indicators %s %d</title><style>"
      "body{font-family:'DejaVu Sans',sans-serif;margin:2em;color:#222;max-width:760px}"
      "h1{font-size:1.6em}section{border-top:1px solid #ddd;padding:1em 0}"
      "h2{font-size:1.05em;margin:0 0 .3em}.figure{font-size:1.4em;margin:.2em 0}"
      ".figure span{font-size:.6em;color:#555}.met{color:#1a7f37}.not-met{color:#c4571b}"
      "</style></head><body>\n<h1>Civic integration (Wi2021): performance indicators</h1>\n"
      "<p>Municipality %s, cohort %d (first plan in that year), as of %04d-%02d-%02d. Each "
      "chart shows the value against the council's target (dashed) and the trend since %d.</p>\n",
      Html(now.municipality()), now.year(), Html(now.municipality()), now.year(),
      now.as_of().year(), now.as_of().month(), now.as_of().day(), years.front());
  for (int i = 0; i < now.indicators_size(); ++i) {
    const v1::Indicator& indicator = now.indicators(i);
    std::vector<const v1::Indicator*> by_year;
    by_year.reserve(reports.size());
    for (const auto& r : reports) {
      by_year.push_back(i < r.indicators_size() ? &r.indicators(i) : &indicator);
    }
    const char* status_class = indicator.target_status() == v1::TARGET_STATUS_MET       ? "met"
                               : indicator.target_status() == v1::TARGET_STATUS_NOT_MET ? "not-met"
                                                                                        : "";
    absl::StrAppendFormat(&html,
                          "<section class=\"indicator\" id=\"%s\"><h2>%s</h2>"
                          "<p class=\"figure\">%s <span>(%d of %d)</span> "
                          "<span class=\"%s\">%s</span></p>\n%s</section>\n",
                          Html(indicator.name()), Html(indicator.description()),
                          indicator.denominator() == 0 ? "no data" : Percent(indicator.value()),
                          indicator.numerator(), indicator.denominator(), status_class,
                          StatusWord(indicator.target_status()), Chart(by_year, years));
  }
  absl::StrAppend(&html, "</body></html>\n");
  return html;
}

std::string RenderIndicatorsCsv(const v1::IndicatorReport& report) {
  std::string csv = "indicator,dimension,key,numerator,denominator,value,target,status\n";
  for (const v1::Indicator& i : report.indicators()) {
    const std::string target =
        i.target_status() == v1::TARGET_STATUS_NO_TARGET ? "" : absl::StrFormat("%.4f", i.target());
    absl::StrAppendFormat(&csv, "%s,TOTAL,,%d,%d,%.4f,%s,%s\n", i.name(), i.numerator(),
                          i.denominator(), i.value(), target, StatusWord(i.target_status()));
    for (const auto& b : i.breakdowns()) {
      absl::StrAppendFormat(&csv, "%s,%s,%s,%d,%d,%.4f,,\n", i.name(), b.dimension(), Csv(b.key()),
                            b.numerator(), b.denominator(), b.value());
    }
  }
  return csv;
}

std::string RenderIndicatorsJson(const v1::IndicatorReport& report) { return ToJson(report); }

}  // namespace inburgering::clients
