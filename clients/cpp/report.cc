#include "clients/cpp/report.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/substitute.h"
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

// The groups as the council reads them.
enum class Group { kPlan, kRoutes, kProgramme, kResults, kParticipation, kEnforcement };
constexpr Group kGroups[] = {Group::kPlan,    Group::kRoutes,        Group::kProgramme,
                             Group::kResults, Group::kParticipation, Group::kEnforcement};

// Whom a share is of (docs/reporting.md, "Indicators").
enum class Of { kCohort, kPlanDue, kStartDue, kMapDue, kTermEnded, kOutcome };

struct Meta {
  const char* name;
  Group group;
  const char* title_nl;
  const char* counted_nl;
  const char* counted_en;
  Of of;
};

constexpr Meta kMeta[] = {
    {"PLAN_WITHIN_10_WEEKS", Group::kPlan, "PIP vastgesteld binnen 10 weken na de beschikking",
     "PIP's vastgesteld op of voor hun uiterste datum",
     "plans established on or before their due date", Of::kPlanDue},
    {"PROGRAMME_STARTED_IN_TIME", Group::kPlan,
     "Programma gestart binnen 3 maanden na het PIP (6 op de onderwijsroute)",
     "programma's op tijd gestart", "programmes started in time", Of::kStartDue},
    {"ROUTE_B1", Group::kRoutes, "PIP op de B1-route", "op de B1-route", "on the B1-route",
     Of::kCohort},
    {"ROUTE_EDUCATION", Group::kRoutes, "PIP op de onderwijsroute", "op de onderwijsroute",
     "on the onderwijsroute", Of::kCohort},
    {"ROUTE_Z", Group::kRoutes, "PIP op de Z-route", "op de Z-route", "on the Z-route",
     Of::kCohort},
    {"ROUTE_SWITCHED", Group::kRoutes, "Trajecten met een routewissel",
     "ten minste een routewissel", "at least one route switch", Of::kCohort},
    {"LOWERED_TO_A2", Group::kRoutes, "B1-route verlaagd naar A2", "B1 verlaagd naar A2",
     "B1 lowered to A2", Of::kCohort},
    {"KNM_COMPLETED", Group::kProgramme, "KNM behaald", "KNM behaald", "KNM passed", Of::kCohort},
    {"PVT_COMPLETED", Group::kProgramme, "Participatieverklaring (PVT) ondertekend",
     "PVT ondertekend", "PVT signed", Of::kCohort},
    {"MAP_COMPLETED", Group::kProgramme, "Module Arbeidsmarkt en Participatie (MAP) afgerond",
     "MAP afgerond", "MAP completed", Of::kMapDue},
    {"EXAM_READING_PASSED", Group::kProgramme, "Examen lezen behaald", "lezen behaald",
     "reading passed", Of::kCohort},
    {"EXAM_LISTENING_PASSED", Group::kProgramme, "Examen luisteren behaald", "luisteren behaald",
     "listening passed", Of::kCohort},
    {"EXAM_WRITING_PASSED", Group::kProgramme, "Examen schrijven behaald", "schrijven behaald",
     "writing passed", Of::kCohort},
    {"EXAM_SPEAKING_PASSED", Group::kProgramme, "Examen spreken behaald", "spreken behaald",
     "speaking passed", Of::kCohort},
    {"FULFILLED_WITHIN_TERM", Group::kResults,
     "Inburgeringsplicht binnen de termijn voldaan (of ontheven)",
     "gesloten als voldaan of ontheven, op of voor het einde van de termijn",
     "closed fulfilled (or exempted) on or before the term's end", Of::kTermEnded},
    {"EXTENDED_ILLNESS", Group::kResults, "Termijn verlengd wegens ziekte",
     "ten minste een verlenging om ziekte", "at least one extension for illness", Of::kCohort},
    {"EXTENDED_CHILDBIRTH", Group::kResults, "Termijn verlengd wegens bevalling",
     "ten minste een verlenging om bevalling", "at least one extension for childbirth",
     Of::kCohort},
    {"EXTENDED_SPECIAL_CIRCUMSTANCES", Group::kResults,
     "Termijn verlengd wegens bijzondere omstandigheden",
     "ten minste een verlenging om bijzondere omstandigheden",
     "at least one extension for special circumstances", Of::kCohort},
    {"EXTENDED_PROGRAMME_LATE", Group::kResults, "Termijn verlengd omdat het aanbod laat startte",
     "ten minste een verlenging om een late start", "at least one extension for a late start",
     Of::kCohort},
    {"EXTENDED_OTHER", Group::kResults, "Termijn verlengd om een andere reden",
     "ten minste een verlenging om een andere reden", "at least one extension on another ground",
     Of::kCohort},
    {"IN_WORK_12_MONTHS", Group::kParticipation, "Aan het werk, 12 maanden na het PIP",
     "aan het werk", "in work", Of::kOutcome},
    {"IN_EDUCATION_12_MONTHS", Group::kParticipation, "In opleiding, 12 maanden na het PIP",
     "in opleiding", "in education", Of::kOutcome},
    {"OFF_BENEFITS_12_MONTHS", Group::kParticipation, "Uit de uitkering, 12 maanden na het PIP",
     "uit de uitkering", "off benefits", Of::kOutcome},
    {"IN_WORK_24_MONTHS", Group::kParticipation, "Aan het werk, 24 maanden na het PIP",
     "aan het werk", "in work", Of::kOutcome},
    {"IN_EDUCATION_24_MONTHS", Group::kParticipation, "In opleiding, 24 maanden na het PIP",
     "in opleiding", "in education", Of::kOutcome},
    {"OFF_BENEFITS_24_MONTHS", Group::kParticipation, "Uit de uitkering, 24 maanden na het PIP",
     "uit de uitkering", "off benefits", Of::kOutcome},
    {"IN_WORK_36_MONTHS", Group::kParticipation, "Aan het werk, 36 maanden na het PIP",
     "aan het werk", "in work", Of::kOutcome},
    {"IN_EDUCATION_36_MONTHS", Group::kParticipation, "In opleiding, 36 maanden na het PIP",
     "in opleiding", "in education", Of::kOutcome},
    {"OFF_BENEFITS_36_MONTHS", Group::kParticipation, "Uit de uitkering, 36 maanden na het PIP",
     "uit de uitkering", "off benefits", Of::kOutcome},
    {"WARNED", Group::kEnforcement, "Trajecten met een schriftelijke waarschuwing",
     "ten minste een schriftelijke waarschuwing", "a written warning", Of::kCohort},
    {"FINED", Group::kEnforcement, "Trajecten met een opgelegde boete",
     "ten minste een opgelegde boete", "an imposed fine", Of::kCohort},
};

// An indicator the server added after this client was built: under results, by its description.
const Meta* MetaOf(const std::string& name) {
  for (const Meta& m : kMeta) {
    if (name == m.name) return &m;
  }
  return nullptr;
}

Group GroupOf(const v1::Indicator& indicator) {
  const Meta* meta = MetaOf(indicator.name());
  return meta == nullptr ? Group::kResults : meta->group;
}

// The page's words in its language.
struct Words {
  bool nl;
  const char* Pick(const char* dutch, const char* english) const { return nl ? dutch : english; }

  const char* GroupTitle(Group g) const {
    switch (g) {
      case Group::kPlan:
        return Pick("Plan en intake", "Plan and intake");
      case Group::kRoutes:
        return Pick("Leerroutes", "Learning routes");
      case Group::kProgramme:
        return Pick("Programma", "Programme");
      case Group::kResults:
        return Pick("Resultaten", "Results");
      case Group::kParticipation:
        return Pick("Participatie", "Participation");
      case Group::kEnforcement:
        return Pick("Handhaving", "Enforcement");
    }
    return "";
  }

  std::string Title(const v1::Indicator& i) const {
    const Meta* meta = MetaOf(i.name());
    return nl && meta != nullptr ? meta->title_nl : i.description();
  }

  std::string Of(const v1::Indicator& i, int year) const {
    const Meta* meta = MetaOf(i.name());
    switch (meta == nullptr ? Of::kCohort : meta->of) {
      case Of::kPlanDue:
        return absl::Substitute(Pick("de PIP's die in $0 vastgesteld moesten worden (vastgesteld, "
                                     "of nu over tijd)",
                                     "the plans due in $0 (established, or overdue today)"),
                                year);
      case Of::kStartDue:
        return Pick(
            "de statushouders van het cohort van wie het programma startte of had moeten starten "
            "(de klok loopt alleen voor hen: anderen kopen zelf hun cursus)",
            "the cohort's asylum status holders whose programme started or should have (the "
            "clock is theirs only: others buy their own course)");
      case Of::kMapDue:
        return Pick("het cohort buiten de onderwijsroute", "the cohort outside the onderwijsroute");
      case Of::kTermEnded:
        return Pick("het cohort van wie de termijn eindigde of het traject sloot",
                    "the cohort whose term ended, or who closed");
      case Of::kOutcome:
        return Pick("wie op dat moment een uitkomst vastgelegd heeft",
                    "those with an outcome recorded at that moment");
      case Of::kCohort:
        break;
    }
    return Pick("het cohort", "the cohort");
  }

  std::string HowBuilt(const v1::Indicator& i, int year) const {
    const Meta* meta = MetaOf(i.name());
    const std::string counted =
        meta == nullptr ? i.description() : (nl ? meta->counted_nl : meta->counted_en);
    // absl::Substitute: the format is chosen at run time ($0.. are the arguments).
    return absl::Substitute(
        Pick("Zo is dit cijfer opgebouwd: teller $0 ($1); noemer $2 ($3); cohort $4: trajecten "
             "met hun eerste PIP in $4.",
             "How this figure is built: numerator $0 ($1); denominator $2 ($3); cohort $4: "
             "trajectories with their first plan in $4."),
        counted, i.numerator(), Of(i, year), i.denominator(), year);
  }

  const char* Status(v1::TargetStatus status) const {
    switch (status) {
      case v1::TARGET_STATUS_MET:
        return Pick("gehaald", "met");
      case v1::TARGET_STATUS_NOT_MET:
        return Pick("niet gehaald", "not met");
      case v1::TARGET_STATUS_NO_DATA:
        return Pick("nog geen gegevens", "no data yet");
      default:
        return Pick("geen doel", "no target");
    }
  }

  std::string Dimension(const std::string& dimension) const {
    if (dimension == "TARGET_GROUP") return Pick("Doelgroep", "Target group");
    if (dimension == "ROUTE") return Pick("Route", "Route");
    if (dimension == "PROVIDER") return Pick("Aanbieder", "Provider");
    return dimension;
  }

  std::string Key(const std::string& dimension, const std::string& key) const {
    static constexpr const char* kKeys[][3] = {
        {"ASYLUM_STATUS_HOLDER", "statushouder", "asylum status holder"},
        {"FAMILY_MIGRANT", "gezinsmigrant", "family migrant"},
        {"OTHER_MIGRANT", "overige migrant", "other migrant"},
        {"B1", "B1-route", "B1-route"},
        {"EDUCATION", "onderwijsroute", "onderwijsroute"},
        {"Z", "Z-route", "Z-route"},
        {"NONE", "nog geen route", "no route yet"},
    };
    if (dimension == "PROVIDER" && key.empty()) return Pick("geen aanbieder", "no provider");
    for (const auto& k : kKeys) {
      if (key == k[0]) return nl ? k[1] : k[2];
    }
    return key;
  }

  std::string Value(const v1::Indicator& i) const {
    return i.denominator() == 0 ? Pick("geen gegevens", "no data") : Percent(i.value());
  }

  std::string Target(const v1::Indicator& i) const {
    if (i.target_status() == v1::TARGET_STATUS_NO_TARGET ||
        i.target_status() == v1::TARGET_STATUS_UNSPECIFIED) {
      return "&#8211;";
    }
    return absl::StrCat(i.target_is_maximum() ? "&#8804; " : "&#8805; ", Percent(i.target()));
  }
};

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

const char* StatusClass(v1::TargetStatus status) {
  return status == v1::TARGET_STATUS_MET       ? "met"
         : status == v1::TARGET_STATUS_NOT_MET ? "not-met"
                                               : "";
}

bool HasTarget(const v1::Indicator& i) {
  return i.target_status() != v1::TARGET_STATUS_NO_TARGET &&
         i.target_status() != v1::TARGET_STATUS_UNSPECIFIED;
}

// The chart of one indicator: the value as a bar on a 0-100 % scale with the target marked, and
// the trend over the years on a 0-100 % axis with each year's value; `figure` names it.
std::string Chart(const std::vector<const v1::Indicator*>& by_year, const std::vector<int>& years,
                  const std::string& figure, const Words& w) {
  const v1::Indicator& now = *by_year.back();
  constexpr int kBarX = 10, kBarWidth = 330, kTrendX = 430, kTrendWidth = 230, kHeight = 160;
  constexpr int kTrendTop = 20, kTrendBottom = 120;
  std::string svg = absl::StrFormat(
      "<svg class=\"indicator-chart\" viewBox=\"0 0 690 %d\" width=\"690\" height=\"%d\" "
      "role=\"img\" aria-label=\"%s: %s\" font-family=\"DejaVu Sans, sans-serif\">",
      kHeight, kHeight, Html(w.Title(now)), w.Value(now));
  // The bar, with a scale in percent.
  absl::StrAppendFormat(&svg,
                        "<rect x=\"%d\" y=\"50\" width=\"%d\" height=\"26\" fill=\"#e8e8e8\"/>",
                        kBarX, kBarWidth);
  absl::StrAppendFormat(&svg, "<rect x=\"%d\" y=\"50\" width=\"%.1f\" height=\"26\" fill=\"%s\"/>",
                        kBarX, std::clamp(now.value(), 0.0, 1.0) * kBarWidth,
                        Colour(now.target_status()));
  for (int tick = 0; tick <= 100; tick += 25) {
    const double x = kBarX + kBarWidth * tick / 100.0;
    absl::StrAppendFormat(&svg,
                          "<line x1=\"%.1f\" y1=\"76\" x2=\"%.1f\" y2=\"82\" stroke=\"#666\"/>"
                          "<text x=\"%.1f\" y=\"95\" font-size=\"11\" text-anchor=\"middle\">"
                          "%d%%</text>",
                          x, x, x, tick);
  }
  if (now.denominator() > 0) {
    absl::StrAppendFormat(
        &svg, "<text x=\"%.1f\" y=\"68\" font-size=\"12\" font-weight=\"bold\">%s</text>",
        kBarX + std::clamp(now.value(), 0.0, 1.0) * kBarWidth + 4, Percent(now.value()));
  }
  if (HasTarget(now)) {
    const double x = kBarX + std::clamp(now.target(), 0.0, 1.0) * kBarWidth;
    absl::StrAppendFormat(&svg,
                          "<line x1=\"%.1f\" y1=\"40\" x2=\"%.1f\" y2=\"84\" stroke=\"#222\" "
                          "stroke-width=\"2\" stroke-dasharray=\"4 2\"/><text x=\"%.1f\" y=\"34\" "
                          "font-size=\"12\" text-anchor=\"middle\">%s %s</text>",
                          x, x, x, w.Pick("doel", "target"), w.Target(now));
  }
  // The trend: a 0-100 % axis with gridlines, a point and its value per year with data.
  for (int tick = 0; tick <= 100; tick += 50) {
    const double y = kTrendBottom - (kTrendBottom - kTrendTop) * tick / 100.0;
    absl::StrAppendFormat(
        &svg,
        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
        "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%d%%</text>",
        kTrendX, y, kTrendX + kTrendWidth, y, kTrendX - 4, y + 3, tick);
  }
  absl::StrAppendFormat(&svg, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                        kTrendX, kTrendTop, kTrendX, kTrendBottom);
  std::string points;
  const double step =
      by_year.size() > 1 ? (kTrendWidth - 20) / static_cast<double>(by_year.size() - 1) : 0;
  for (size_t i = 0; i < by_year.size(); ++i) {
    const double x = kTrendX + 10 + step * static_cast<double>(i);
    absl::StrAppendFormat(&svg,
                          "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d"
                          "</text>",
                          x, kTrendBottom + 14, years[i]);
    if (by_year[i]->denominator() == 0) continue;
    const double y =
        kTrendBottom - (kTrendBottom - kTrendTop) * std::clamp(by_year[i]->value(), 0.0, 1.0);
    absl::StrAppendFormat(&points, "%.1f,%.1f ", x, y);
    absl::StrAppendFormat(&svg,
                          "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#333\"/><text x=\"%.1f\" "
                          "y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\">%s</text>",
                          x, y, x, y - 6, Percent(by_year[i]->value()));
  }
  if (!points.empty()) {
    absl::StrAppend(&svg, "<polyline fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\" points=\"",
                    points, "\"/>");
  }
  absl::StrAppendFormat(&svg,
                        "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s %s: %s</text>"
                        "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s</text>",
                        kBarX, kHeight - 8, w.Pick("Figuur", "Figure"), figure,
                        w.Pick("waarde tegen het doel", "value against the target"), kTrendX,
                        kHeight - 8, w.Pick("verloop over de jaren", "trend over the years"));
  absl::StrAppend(&svg, "</svg>");
  return svg;
}

// The breakdowns of an indicator: a small table per dimension.
std::string Breakdowns(const v1::Indicator& i, const Words& w) {
  std::string html;
  for (const char* dimension : {"TARGET_GROUP", "ROUTE", "PROVIDER"}) {
    std::string rows;
    for (const auto& b : i.breakdowns()) {
      if (b.dimension() != dimension || b.denominator() == 0) continue;
      absl::StrAppendFormat(&rows,
                            "<tr><td>%s</td><td class=\"n\">%d / %d</td><td class=\"n\">%s"
                            "</td></tr>",
                            Html(w.Key(dimension, b.key())), b.numerator(), b.denominator(),
                            Percent(b.value()));
    }
    if (rows.empty()) continue;
    absl::StrAppendFormat(&html,
                          "<table class=\"breakdown\"><thead><tr><th>%s</th><th>%s</th><th>%%</th>"
                          "</tr></thead><tbody>%s</tbody></table>",
                          w.Dimension(dimension),
                          w.Pick("teller / noemer", "numerator / denominator"), rows);
  }
  return html.empty() ? "" : absl::StrCat("<div class=\"breakdowns\">", html, "</div>");
}

// The providers side by side on the programme and results (the pilot's comparison), with the
// numbers behind each share.
std::string ProviderComparison(const v1::IndicatorReport& report, const Words& w) {
  std::vector<std::string> providers;
  for (const v1::Indicator& i : report.indicators()) {
    for (const auto& b : i.breakdowns()) {
      if (b.dimension() == "PROVIDER" && b.denominator() > 0 &&
          std::find(providers.begin(), providers.end(), b.key()) == providers.end()) {
        providers.push_back(b.key());
      }
    }
  }
  if (providers.empty()) return "";
  std::sort(providers.begin(), providers.end());
  std::string head;
  for (const std::string& p : providers) {
    absl::StrAppend(&head, "<th>", Html(w.Key("PROVIDER", p)), "</th>");
  }
  std::string rows;
  for (const v1::Indicator& i : report.indicators()) {
    const Group g = GroupOf(i);
    if (g != Group::kProgramme && g != Group::kResults && g != Group::kParticipation) continue;
    std::string cells;
    bool any = false;
    for (const std::string& p : providers) {
      std::string cell = "&#8211;";
      for (const auto& b : i.breakdowns()) {
        if (b.dimension() == "PROVIDER" && b.key() == p && b.denominator() > 0) {
          cell = absl::StrFormat("%s <small>(%d / %d)</small>", Percent(b.value()), b.numerator(),
                                 b.denominator());
          any = true;
        }
      }
      absl::StrAppend(&cells, "<td class=\"n\">", cell, "</td>");
    }
    if (any) absl::StrAppend(&rows, "<tr><td>", Html(w.Title(i)), "</td>", cells, "</tr>");
  }
  return absl::StrFormat(
      "<section class=\"group\" id=\"providers\"><h2>%s</h2><p>%s</p><table class=\"summary\">"
      "<thead><tr><th>%s</th>%s</tr></thead><tbody>%s</tbody></table></section>\n",
      w.Pick("Aanbieders naast elkaar", "Providers side by side"),
      w.Pick("De uitkomsten per taalaanbieder van het cohort, met de aantallen achter elk "
             "percentage (teller / noemer).",
             "The cohort's outcomes per language provider, with the numbers behind each share "
             "(numerator / denominator)."),
      w.Pick("Indicator", "Indicator"), head, rows);
}

constexpr char kStyle[] =
    "body{font-family:'DejaVu Sans',sans-serif;margin:2em;color:#222;max-width:760px;"
    "font-size:14px}h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.3em;margin:.6em 0 .4em;"
    "border-bottom:2px solid #2f6db5}h3{font-size:1.05em;margin:0 0 .3em}"
    "section.indicator{border-top:1px solid #ddd;padding:.8em 0}"
    ".figure{font-size:1.4em;margin:.2em 0}.figure span{font-size:.6em;color:#555}"
    ".met{color:#1a7f37}.not-met{color:#c4571b}.how{font-size:.85em;color:#444;margin:.3em 0}"
    "table{border-collapse:collapse;font-size:.85em}th,td{padding:2px 8px;text-align:left;"
    "border-bottom:1px solid "
    "#e4e4e4}td.n{text-align:right;white-space:nowrap}td:not(:first-child){white-space:nowrap}"
    "table.summary{width:100%}tr.group-row th{background:#eef3fa;padding-top:6px}"
    ".breakdowns{display:flex;gap:14px;flex-wrap:wrap;margin-top:.4em}"
    ".meta{color:#555}"
    "@page{size:A4;margin:14mm}"
    "@media print{body{margin:0;max-width:none}section.group{break-before:page}"
    "section.indicator{break-inside:avoid}h2,h3{break-after:avoid}"
    "table.summary tr{break-inside:avoid}}";

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

std::string RenderIndicatorsHtml(const std::vector<v1::IndicatorReport>& reports,
                                 const ReportOptions& options) {
  const Words w{options.lang != "en"};
  const v1::IndicatorReport& now = reports.back();
  const v1::IndicatorReport* last_year =
      reports.size() > 1 ? &reports[reports.size() - 2] : nullptr;
  std::vector<int> years;
  years.reserve(reports.size());
  for (const auto& r : reports) years.push_back(r.year());
  const std::string municipality =
      options.municipality_name.empty()
          ? absl::StrCat(w.Pick("gemeente ", "municipality "), now.municipality())
          : absl::StrCat(options.municipality_name, " (", now.municipality(), ")");
  const std::string as_of =
      absl::StrFormat("%04d-%02d-%02d", now.as_of().year(), now.as_of().month(), now.as_of().day());
  std::string html = absl::StrFormat(
      "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>%s %d: %s</title>"
      "<style>%s</style></head><body>\n<h1>%s %d</h1>\n<p class=\"meta\">%s &#183; %s %d (%s) "
      "&#183; %s %s</p>\n<p>%s</p>\n",
      w.Pick("nl", "en"),
      w.Pick("Inburgering, prestatie-indicatoren", "Civic integration, indicators"), now.year(),
      Html(municipality), kStyle,
      w.Pick("Inburgering (Wi2021): prestatie-indicatoren",
             "Civic integration (Wi2021): "
             "performance indicators"),
      now.year(), Html(municipality), w.Pick("cohort", "cohort"), now.year(),
      w.Pick("trajecten met hun eerste PIP in dat jaar",
             "trajectories with their first plan in "
             "that year"),
      w.Pick("stand", "as of"), as_of,
      absl::Substitute(
          w.Pick("Eerst een overzicht van alle indicatoren; daarna per onderwerp een "
                 "grafiek per indicator (de waarde tegen het doel van de raad, "
                 "gestippeld, en het verloop sinds $0), hoe het cijfer is opgebouwd, en "
                 "de uitsplitsing naar doelgroep, route en aanbieder.",
                 "First a summary of every indicator; then per subject a chart per "
                 "indicator (the value against the council's target, dashed, and the "
                 "trend since $0), how the figure is built, and the breakdown by target "
                 "group, route and provider."),
          years.front()));
  // The figure number of each indicator: group, then its place in the group.
  std::vector<std::string> figure(static_cast<size_t>(now.indicators_size()));
  // The summary.
  absl::StrAppendFormat(&html,
                        "<section id=\"summary\"><h2>%s</h2><table class=\"summary\"><thead><tr>"
                        "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s %d</th></tr></thead>"
                        "<tbody>",
                        w.Pick("Overzicht", "Summary"), w.Pick("Indicator", "Indicator"),
                        w.Pick("Waarde", "Value"), w.Pick("Doel", "Target"),
                        w.Pick("Gehaald", "Met"), w.Pick("Vorig jaar", "Last year"),
                        now.year() - 1);
  int group_number = 0;
  for (Group g : kGroups) {
    int in_group = 0;
    std::string rows;
    for (int i = 0; i < now.indicators_size(); ++i) {
      const v1::Indicator& indicator = now.indicators(i);
      if (GroupOf(indicator) != g) continue;
      if (in_group == 0) ++group_number;
      figure[static_cast<size_t>(i)] = absl::StrCat(group_number, ".", ++in_group);
      std::string previous = "&#8211;";
      if (last_year != nullptr && i < last_year->indicators_size() &&
          last_year->indicators(i).denominator() > 0) {
        previous = Percent(last_year->indicators(i).value());
      }
      absl::StrAppendFormat(&rows,
                            "<tr><td><a href=\"#%s\">%s</a></td><td class=\"n\">%s</td>"
                            "<td class=\"n\">%s</td><td class=\"%s\">%s</td><td class=\"n\">%s"
                            "</td></tr>",
                            Html(indicator.name()), Html(w.Title(indicator)), w.Value(indicator),
                            w.Target(indicator), StatusClass(indicator.target_status()),
                            w.Status(indicator.target_status()), previous);
    }
    if (in_group > 0) {
      absl::StrAppendFormat(&html, "<tr class=\"group-row\"><th colspan=\"5\">%d. %s</th></tr>%s",
                            group_number, w.GroupTitle(g), rows);
    }
  }
  absl::StrAppend(&html, "</tbody></table></section>\n");
  // A section per group.
  group_number = 0;
  for (Group g : kGroups) {
    std::string sections;
    for (int i = 0; i < now.indicators_size(); ++i) {
      const v1::Indicator& indicator = now.indicators(i);
      if (GroupOf(indicator) != g) continue;
      std::vector<const v1::Indicator*> by_year;
      by_year.reserve(reports.size());
      for (const auto& r : reports) {
        by_year.push_back(i < r.indicators_size() ? &r.indicators(i) : &indicator);
      }
      const std::string& number = figure[static_cast<size_t>(i)];
      absl::StrAppendFormat(
          &sections,
          "<section class=\"indicator\" id=\"%s\"><h3>%s %s</h3>"
          "<p class=\"figure\">%s <span>(%d %s %d)</span> <span class=\"%s\">%s</span></p>\n%s"
          "<p class=\"how\">%s</p>%s</section>\n",
          Html(indicator.name()), number, Html(w.Title(indicator)), w.Value(indicator),
          indicator.numerator(), w.Pick("van", "of"), indicator.denominator(),
          StatusClass(indicator.target_status()), w.Status(indicator.target_status()),
          Chart(by_year, years, number, w), Html(w.HowBuilt(indicator, now.year())),
          Breakdowns(indicator, w));
    }
    if (sections.empty()) continue;
    ++group_number;
    absl::StrAppendFormat(&html,
                          "<section class=\"group\" id=\"group-%d\"><h2>%d. %s</h2>\n%s"
                          "</section>\n",
                          group_number, group_number, w.GroupTitle(g), sections);
  }
  absl::StrAppend(&html, ProviderComparison(now, w), "</body></html>\n");
  return html;
}

std::string RenderIndicatorsCsv(const v1::IndicatorReport& report) {
  std::string csv = "indicator,dimension,key,numerator,denominator,value,target,status\n";
  for (const v1::Indicator& i : report.indicators()) {
    const std::string target =
        i.target_status() == v1::TARGET_STATUS_NO_TARGET ? "" : absl::StrFormat("%.4f", i.target());
    absl::StrAppendFormat(&csv, "%s,TOTAL,,%d,%d,%.4f,%s,%s\n", i.name(), i.numerator(),
                          i.denominator(), i.value(), target,
                          Words{false}.Status(i.target_status()));
    for (const auto& b : i.breakdowns()) {
      absl::StrAppendFormat(&csv, "%s,%s,%s,%d,%d,%.4f,,\n", i.name(), b.dimension(), Csv(b.key()),
                            b.numerator(), b.denominator(), b.value());
    }
  }
  return csv;
}

std::string RenderIndicatorsJson(const v1::IndicatorReport& report) { return ToJson(report); }

}  // namespace inburgering::clients
