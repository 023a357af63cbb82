#include "server/cbs_xml.h"

#include <libxml/xmlwriter.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/dates.h"

namespace inburgering::server {
namespace {

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

const char* Doelgroep(domain::TargetGroup g) {
  switch (g) {
    case domain::TargetGroup::kAsylumStatusHolder:
      return "ASIELSTATUSHOUDER";
    case domain::TargetGroup::kFamilyMigrant:
      return "GEZINSMIGRANT";
    case domain::TargetGroup::kOtherMigrant:
      return "OVERIGE_MIGRANT";
  }
  return "";
}

const char* Leerroute(domain::Route r) {
  switch (r) {
    case domain::Route::kB1:
      return "B1";
    case domain::Route::kEducation:
      return "ONDERWIJS";
    case domain::Route::kZ:
      return "Z";
  }
  return "";
}

const char* Niveau(domain::Level l) {
  switch (l) {
    case domain::Level::kA1:
      return "A1";
    case domain::Level::kA2:
      return "A2";
    case domain::Level::kB1:
      return "B1";
    case domain::Level::kB2:
      return "B2";
  }
  return "";
}

const char* Grond(domain::ExtensionGround g) {
  switch (g) {
    case domain::ExtensionGround::kIllness:
      return "ZIEKTE";
    case domain::ExtensionGround::kChildbirth:
      return "BEVALLING";
    case domain::ExtensionGround::kSpecialCircumstances:
      return "BIJZONDERE_OMSTANDIGHEDEN";
    case domain::ExtensionGround::kProgrammeLate:
      return "PROGRAMMA_TE_LAAT";
    case domain::ExtensionGround::kOther:
      return "OVERIG";
  }
  return "";
}

const char* Reden(domain::ClosureReason r) {
  switch (r) {
    case domain::ClosureReason::kFulfilled:
      return "VOLDAAN";
    case domain::ClosureReason::kExemption:
      return "ONTHEFFING";
    case domain::ClosureReason::kMoved:
      return "VERHUISD";
    case domain::ClosureReason::kLeftCountry:
      return "VERTROKKEN";
    case domain::ClosureReason::kDied:
      return "OVERLEDEN";
    case domain::ClosureReason::kObligationLapsed:
      return "PLICHT_VERVALLEN";
    case domain::ClosureReason::kObligationRetracted:
      return "PLICHT_INGETROKKEN";
  }
  return "";
}

std::string Hours(double hours) { return absl::StrFormat("%.2f", hours < 0 ? 0.0 : hours); }

// `<swi:name>value</swi:name>`, the value escaped as libxml2's xmlEncodeSpecialChars does.
void AppendElement(std::string& out, absl::string_view name, absl::string_view value) {
  absl::StrAppend(&out, "<swi:", name, ">");
  for (const char c : value) {
    switch (c) {
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '&':
        out.append("&amp;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\r':
        out.append("&#13;");
        break;
      default:
        out.push_back(c);
    }
  }
  absl::StrAppend(&out, "</swi:", name, ">");
}

// A day as domain::FormatDay writes it (YYYY-MM-DD), without a format string.
void AppendDayElement(std::string& out, absl::string_view name, absl::CivilDay day) {
  if (day.year() < 0 || day.year() > 9999) {
    AppendElement(out, name, domain::FormatDay(day));
    return;
  }
  const int y = static_cast<int>(day.year());
  const char text[10] = {static_cast<char>('0' + y / 1000),
                         static_cast<char>('0' + y / 100 % 10),
                         static_cast<char>('0' + y / 10 % 10),
                         static_cast<char>('0' + y % 10),
                         '-',
                         static_cast<char>('0' + day.month() / 10),
                         static_cast<char>('0' + day.month() % 10),
                         '-',
                         static_cast<char>('0' + day.day() / 10),
                         static_cast<char>('0' + day.day() % 10)};
  AppendElement(out, name, absl::string_view(text, sizeof(text)));
}

}  // namespace

CbsXmlWriter::CbsXmlWriter(const std::string& quarter, bool correction, absl::Time created,
                           const std::vector<std::string>& municipalities)
    : buffer_(xmlBufferCreate()), writer_(xmlNewTextWriterMemory(buffer_, 0)) {
  absl::CivilDay first;
  if (!domain::ParseQuarter(quarter, &first, &quarter_last_)) quarter_last_ = absl::CivilDay::max();
  xmlTextWriterStartDocument(writer_, "1.0", "UTF-8", nullptr);
  xmlTextWriterStartElementNS(writer_, X("swi"), X("Levering"), X(kCbsNamespace));
  xmlTextWriterWriteAttribute(writer_, X("versie"), X("1"));
  xmlTextWriterStartElementNS(writer_, X("swi"), X("Kop"), nullptr);
  Element("Kwartaal", quarter);
  Element("Soort", correction ? "correctie" : "regulier");
  Element("Aanmaakmoment", absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", created, absl::UTCTimeZone()));
  for (const std::string& m : municipalities) Element("Gemeente", m);
  xmlTextWriterEndElement(writer_);
}

CbsXmlWriter::~CbsXmlWriter() {
  xmlFreeTextWriter(writer_);
  xmlBufferFree(buffer_);
}

void CbsXmlWriter::Element(const char* name, const std::string& value) {
  xmlTextWriterWriteElementNS(writer_, X("swi"), X(name), nullptr, X(value.c_str()));
}

void CbsXmlWriter::Record(const domain::CbsRecord& r) {
  // Written as text into one string, then handed to libxml2 whole: its writer took about 6 us a
  // record element by element (a quarter of a delivery's CPU). The same bytes: text escaped as
  // its xmlEncodeSpecialChars does, no indentation.
  std::string& out = record_;
  out.clear();
  const domain::ReportingFacts& f = r.facts;
  // The record as of the quarter's end: what happened after it waits for a later delivery.
  auto date = [&](absl::string_view name, const std::optional<absl::CivilDay>& day) {
    if (day && *day <= quarter_last_) AppendDayElement(out, name, *day);
  };
  out.append("<swi:Inburgeraar>");
  AppendElement(out, "Gemeente", r.municipality);
  AppendElement(out, "BSN", r.bsn);
  AppendDayElement(out, "Geboortedatum", r.birth_date);
  AppendElement(out, "Regime", r.regime == domain::Regime::kWi2013 ? "WI2013" : "WI2021");
  AppendElement(out, "Doelgroep", Doelgroep(f.target_group));
  AppendDayElement(out, "KoppelDatum", r.link_date);
  date("DatumKennisgeving", f.notice_date);
  date("DatumBredeIntake", f.intake_date);
  date("DatumEerstePIP", r.first_plan_date);
  date("DatumHuidigePIP", f.plan_date);
  if (r.route) AppendElement(out, "Leerroute", Leerroute(*r.route));
  if (f.level) AppendElement(out, "Niveau", Niveau(*f.level));
  AppendElement(out, "ToestemmingA2", f.lowered ? "true" : "false");
  AppendElement(out, "AantalRouteWijzigingen", absl::StrCat(f.route_switches));
  date("DatumStartProgramma", f.programme_start);
  if (!f.provider.empty()) AppendElement(out, "Aanbieder", f.provider);
  date("DatumPVT", f.pvt_date);
  date("DatumMAP", f.map_date);
  date("DatumKNM", f.knm_date);
  // Blameworthy non-fulfilment as the municipality found it per component (not its own fines).
  auto blameworthy = [&](int bits) { return (f.blameworthy & bits) != 0 ? "true" : "false"; };
  AppendElement(out, "Verwijtbaar",
                blameworthy(domain::kBlameworthyPvt | domain::kBlameworthyMap |
                            domain::kBlameworthyLearningRoute));
  AppendElement(out, "VerwijtbaarPVT", blameworthy(domain::kBlameworthyPvt));
  AppendElement(out, "VerwijtbaarMAP", blameworthy(domain::kBlameworthyMap));
  AppendElement(out, "VerwijtbaarLeerroute", blameworthy(domain::kBlameworthyLearningRoute));
  AppendElement(out, "UrenAanwezig", Hours(f.attended_hours));
  AppendElement(out, "UrenGeoorloofdVerzuim", Hours(f.excused_hours));
  AppendElement(out, "UrenOngeoorloofdVerzuim", Hours(f.unexcused_hours));
  AppendElement(out, "VerlengingWeken", absl::StrCat(f.extension_weeks));
  if (f.last_extension_ground) {
    AppendElement(out, "GrondVerlenging", Grond(*f.last_extension_ground));
  }
  date("DatumEinde", r.closed_on);
  if (f.closure_reason && r.closed_on && *r.closed_on <= quarter_last_) {
    AppendElement(out, "RedenEinde", Reden(*f.closure_reason));
  }
  out.append("</swi:Inburgeraar>");
  xmlTextWriterWriteRawLen(writer_, X(out.data()), static_cast<int>(out.size()));
  ++records_;
}

void CbsXmlWriter::Finish() {
  Element("Aantal", absl::StrCat(records_));
  xmlTextWriterEndElement(writer_);
  xmlTextWriterEndDocument(writer_);
  xmlTextWriterFlush(writer_);
}

std::string CbsXmlWriter::Take() {
  xmlTextWriterFlush(writer_);
  std::string out(reinterpret_cast<const char*>(xmlBufferContent(buffer_)),
                  static_cast<size_t>(xmlBufferLength(buffer_)));
  xmlBufferEmpty(buffer_);
  return out;
}

size_t CbsXmlWriter::pending() const { return static_cast<size_t>(xmlBufferLength(buffer_)); }

}  // namespace inburgering::server
