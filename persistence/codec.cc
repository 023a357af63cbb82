#include "persistence/codec.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "nlohmann/json.hpp"
#include "persistence/json_document.h"
#include "persistence/stored_fields.h"

namespace inburgering::domain {

// Every enum is stored by the names of its table (domain/enum_names.h). An unknown stored name
// reads as the enum's first value, as nlohmann's enum tables did.
template <typename E, std::enable_if_t<HasEnumNames<E>::value, int> = 0>
void to_json(nlohmann::json& j, E value) {
  j = EnumName(value);
}
template <typename E, std::enable_if_t<HasEnumNames<E>::value, int> = 0>
void from_json(const nlohmann::json& j, E& value) {
  value = EnumNames<E>::kEntries[0].value;
  if (j.is_string()) ParseEnumName(j.get_ref<const std::string&>(), &value);
}

}  // namespace inburgering::domain

namespace nlohmann {

template <>
struct adl_serializer<absl::CivilDay> {
  static void to_json(json& j, const absl::CivilDay& day) {
    j = inburgering::domain::FormatDay(day);
  }
  static void from_json(const json& j, absl::CivilDay& day) {
    if (!inburgering::domain::ParseDay(j.get<std::string>(), &day)) {
      throw json::other_error::create(501, "malformed date", &j);
    }
  }
};

template <>
struct adl_serializer<absl::Time> {
  static void to_json(json& j, const absl::Time& t) { j = absl::ToUnixMicros(t); }
  static void from_json(const json& j, absl::Time& t) {
    t = absl::FromUnixMicros(j.get<int64_t>());
  }
};

template <typename T>
struct adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& value) {
    if (value) {
      j = *value;
    } else {
      j = nullptr;
    }
  }
  static void from_json(const json& j, std::optional<T>& value) {
    if (j.is_null()) {
      value.reset();
    } else {
      value = j.get<T>();
    }
  }
};

}  // namespace nlohmann

namespace inburgering::domain {

// A record of the document as a JSON object of its fields (stored_fields.h), for the payloads
// that are still built as nlohmann trees (provider reports). A missing key keeps the field's value.
template <typename T, std::enable_if_t<persistence::HasStoredFields<T>::value, int> = 0>
void to_json(nlohmann::json& j, const T& record) {
  j = nlohmann::json::object();
  VisitFields(record,
              [&](absl::string_view name, const auto& value) { j[std::string(name)] = value; });
}
template <typename T, std::enable_if_t<persistence::HasStoredFields<T>::value, int> = 0>
void from_json(const nlohmann::json& j, T& record) {
  const auto& object = j.get_ref<const nlohmann::json::object_t&>();
  VisitFields(record, [&](absl::string_view name, auto& value) {
    const auto it = object.find(std::string(name));
    if (it != object.end()) it->second.get_to(value);
  });
}

}  // namespace inburgering::domain

namespace inburgering::persistence {
namespace {

using nlohmann::json;

}  // namespace

std::optional<std::string> StoredDay(const std::optional<absl::CivilDay>& day) {
  if (!day) return std::nullopt;
  return domain::FormatDay(*day);
}

std::string DayLiteral(absl::CivilDay day) {
  return absl::StrCat("'", domain::FormatDay(day), "'");
}

absl::StatusOr<std::optional<absl::CivilDay>> ParseStoredDay(
    const std::optional<std::string>& text) {
  if (!text) return std::optional<absl::CivilDay>();
  absl::CivilDay day;
  if (!domain::ParseDay(*text, &day)) return absl::InternalError("malformed stored date");
  return std::optional<absl::CivilDay>(day);
}

std::string EncodeTrajectory(const domain::Trajectory& t) {
  std::string document;
  document.reserve(4096);
  JsonWriter(document).WriteObject([&](auto&& visit) { VisitDocument(t, visit); });
  return document;
}

absl::Status DecodeTrajectory(absl::string_view document, domain::Trajectory& t) {
  VisitDocument(t,
                [](absl::string_view, auto& member) { member = std::decay_t<decltype(member)>(); });
  JsonReader reader(document);
  reader.ReadObject([&](auto&& visit) { VisitDocument(t, visit); });
  if (!reader.Finished()) return absl::InternalError("unreadable trajectory document");
  return absl::OkStatus();
}

std::string EncodeProviderReportBody(const domain::ProviderReport& r) {
  using K = domain::ProviderReportKind;
  json j = json::object();
  switch (r.kind) {
    case K::kAttendance:
      j = r.attendance;
      break;
    case K::kProgress:
      j = r.progress;
      break;
    case K::kExamResult:
      j = r.exam_result;
      break;
    case K::kComponentResult:
      j = r.component_result;
      break;
    case K::kLessonsStarted:
      j["date"] = r.date;
      break;
    case K::kDropout:
      j["date"] = r.date;
      j["reason"] = r.dropout_reason;
      break;
  }
  return j.dump();
}

absl::Status DecodeProviderReportBody(absl::string_view body, domain::ProviderReport& r) {
  using K = domain::ProviderReportKind;
  try {
    const json j = json::parse(body);
    switch (r.kind) {
      case K::kAttendance:
        j.get_to(r.attendance);
        break;
      case K::kProgress:
        j.get_to(r.progress);
        break;
      case K::kExamResult:
        j.get_to(r.exam_result);
        break;
      case K::kComponentResult:
        j.get_to(r.component_result);
        break;
      case K::kLessonsStarted:
        j.at("date").get_to(r.date);
        break;
      case K::kDropout:
        j.at("date").get_to(r.date);
        j.at("reason").get_to(r.dropout_reason);
        break;
    }
    return absl::OkStatus();
  } catch (const json::exception& e) {
    return absl::InternalError("unreadable provider report");
  }
}

std::string EncodeComponents(const std::vector<domain::OfferComponent>& components) {
  return json(components).dump();
}

absl::Status DecodeComponents(absl::string_view text, std::vector<domain::OfferComponent>& out) {
  try {
    json::parse(text).get_to(out);
    return absl::OkStatus();
  } catch (const json::exception& e) {
    return absl::InternalError("unreadable provider components");
  }
}

std::string EncodeEventDetails(const domain::Event& e) {
  json j = json::object();
  if (e.date) j["date"] = *e.date;
  if (e.plan_version != 0) j["plan_version"] = e.plan_version;
  if (e.route) j["route"] = *e.route;
  if (!e.ontzorgen_reference.empty()) j["ontzorgen_reference"] = e.ontzorgen_reference;
  if (e.amount_cents != 0) j["amount_cents"] = e.amount_cents;
  if (!e.kind.empty()) j["kind"] = e.kind;
  if (!e.record_id.empty()) j["record_id"] = e.record_id;
  return j.dump();
}

absl::Status DecodeEventDetails(absl::string_view details, domain::Event& e) {
  try {
    const json j = json::parse(details);
    e.date = j.value("date", std::optional<absl::CivilDay>());
    e.plan_version = j.value("plan_version", 0);
    e.route = j.value("route", std::optional<domain::Route>());
    e.ontzorgen_reference = j.value("ontzorgen_reference", std::string());
    e.amount_cents = j.value("amount_cents", int64_t{0});
    e.kind = j.value("kind", std::string());
    e.record_id = j.value("record_id", std::string());
    return absl::OkStatus();
  } catch (const json::exception& e) {
    return absl::InternalError("unreadable event details");
  }
}

std::string EncodeDuoReportDetails(const domain::DuoReport& r) {
  json j = {
      {"fact_date", r.fact_date},
      {"plan_version", r.plan_version},
      {"route", r.route},
      {"level", r.level},
      {"record_id", r.record_id},
      {"sent_by", r.sent_by},
      {"sent_time", r.sent_time},
      {"confirmed_by", r.confirmed_by},
      {"confirm_time", r.confirm_time},
      {"confirmation_reference", r.confirmation_reference},
  };
  return j.dump();
}

absl::Status DecodeDuoReportDetails(absl::string_view details, domain::DuoReport& r) {
  try {
    const json j = json::parse(details);
    j.at("fact_date").get_to(r.fact_date);
    j.at("plan_version").get_to(r.plan_version);
    j.at("route").get_to(r.route);
    j.at("level").get_to(r.level);
    j.at("record_id").get_to(r.record_id);
    j.at("sent_by").get_to(r.sent_by);
    j.at("sent_time").get_to(r.sent_time);
    j.at("confirmed_by").get_to(r.confirmed_by);
    j.at("confirm_time").get_to(r.confirm_time);
    j.at("confirmation_reference").get_to(r.confirmation_reference);
    return absl::OkStatus();
  } catch (const json::exception& e) {
    return absl::InternalError("unreadable DUO report");
  }
}

}  // namespace inburgering::persistence
