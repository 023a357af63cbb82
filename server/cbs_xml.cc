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
  const domain::ReportingFacts& f = r.facts;
  // The record as of the quarter's end: what happened after it waits for a later delivery.
  auto date = [&](const char* name, const std::optional<absl::CivilDay>& day) {
    if (day && *day <= quarter_last_) Element(name, domain::FormatDay(*day));
  };
  xmlTextWriterStartElementNS(writer_, X("swi"), X("Inburgeraar"), nullptr);
  Element("Gemeente", r.municipality);
  Element("BSN", r.bsn);
  Element("Geboortedatum", domain::FormatDay(r.birth_date));
  Element("Regime", r.regime == domain::Regime::kWi2013 ? "WI2013" : "WI2021");
  Element("Doelgroep", Doelgroep(f.target_group));
  Element("KoppelDatum", domain::FormatDay(r.link_date));
  date("DatumKennisgeving", f.notice_date);
  date("DatumBredeIntake", f.intake_date);
  date("DatumEerstePIP", r.first_plan_date);
  date("DatumHuidigePIP", f.plan_date);
  if (r.route) Element("Leerroute", Leerroute(*r.route));
  if (f.level) Element("Niveau", Niveau(*f.level));
  Element("ToestemmingA2", f.lowered ? "true" : "false");
  Element("AantalRouteWijzigingen", absl::StrCat(f.route_switches));
  date("DatumStartProgramma", f.programme_start);
  if (!f.provider.empty()) Element("Aanbieder", f.provider);
  date("DatumPVT", f.pvt_date);
  date("DatumMAP", f.map_date);
  date("DatumKNM", f.knm_date);
  // Blameworthy non-fulfilment as the municipality found it per component (not its own fines).
  auto blameworthy = [&](int bits) { return (f.blameworthy & bits) != 0 ? "true" : "false"; };
  Element("Verwijtbaar", blameworthy(domain::kBlameworthyPvt | domain::kBlameworthyMap |
                                     domain::kBlameworthyLearningRoute));
  Element("VerwijtbaarPVT", blameworthy(domain::kBlameworthyPvt));
  Element("VerwijtbaarMAP", blameworthy(domain::kBlameworthyMap));
  Element("VerwijtbaarLeerroute", blameworthy(domain::kBlameworthyLearningRoute));
  Element("UrenAanwezig", Hours(f.attended_hours));
  Element("UrenGeoorloofdVerzuim", Hours(f.excused_hours));
  Element("UrenOngeoorloofdVerzuim", Hours(f.unexcused_hours));
  Element("VerlengingWeken", absl::StrCat(f.extension_weeks));
  if (f.last_extension_ground) Element("GrondVerlenging", Grond(*f.last_extension_ground));
  date("DatumEinde", r.closed_on);
  if (f.closure_reason && r.closed_on && *r.closed_on <= quarter_last_) {
    Element("RedenEinde", Reden(*f.closure_reason));
  }
  xmlTextWriterEndElement(writer_);
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
